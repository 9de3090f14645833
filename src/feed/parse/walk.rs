//! One streaming pass over the XML (quick-xml), collecting channel and item fields.
//!
//! The walk is lenient the way real players must be: unknown elements are skipped, the first of
//! a repeated element wins, mismatched end tags are tolerated, and a document that breaks off
//! half way still yields every item read before the break.

use std::io::BufRead;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::NsReader;

use super::names::{Ns, classify};
use super::raw::{RawChannel, RawItem, RawMedia, keep_first};
use crate::feed::chapters::psc::PscEntry;
use crate::model::Transcript;

/// Which kind of document the root element announced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Root {
    Rss,
    Rdf,
    Atom,
    Other,
}

/// Everything the walk found.
pub struct Walked {
    pub root: Option<(Root, String)>,
    pub saw_channel: bool,
    pub channel: RawChannel,
    /// The items, unless they were handed over one by one as they were read.
    pub items: Vec<RawItem>,
    /// How many items were read.
    pub item_count: usize,
    /// Set when the XML broke off; what was read before is kept.
    pub error: Option<String>,
}

/// Walks a whole document.
pub fn walk(text: &str) -> Walked {
    walk_reader(text.as_bytes(), |_| {}, None)
}

/// Walks a document as `source` gives it (UTF-8), piece by piece. `on_root` hears once which
/// kind of document the root element announced, as soon as it is read; `on_item`, when given,
/// takes each item as soon as it is closed (and [`Walked::items`] stays empty).
pub fn walk_reader<R: BufRead>(
    source: R,
    mut on_root: impl FnMut(Root),
    mut on_item: Option<&mut dyn FnMut(RawItem)>,
) -> Walked {
    let mut reader = NsReader::from_reader(source);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    config.check_comments = false;
    let mut walker = Walker::default();
    let mut buf = Vec::new();
    let mut root_told = false;
    loop {
        if !root_told && let Some((root, _)) = &walker.root {
            on_root(*root);
            root_told = true;
        }
        if let Some(sink) = on_item.as_mut() {
            for item in walker.items.drain(..) {
                sink(item);
            }
        }
        buf.clear();
        match reader.read_resolved_event_into(&mut buf) {
            Ok((ns, Event::Start(e))) => {
                let ns = classify(&ns, e.name().as_ref());
                walker.start(ns, &e, false);
            }
            Ok((ns, Event::Empty(e))) => {
                let ns = classify(&ns, e.name().as_ref());
                walker.start(ns, &e, true);
            }
            Ok((_, Event::End(_))) => walker.end(),
            Ok((_, Event::Text(t))) => walker.text.push_str(&t.xml10_content()),
            Ok((_, Event::CData(c))) => walker.text.push_str(&c.xml10_content()),
            Ok((_, Event::GeneralRef(r))) => walker.reference(&r),
            Ok((_, Event::Eof)) => break,
            Ok(_) => {}
            Err(err) => {
                walker.error = Some(format!("{err} (at byte {})", reader.error_position()));
                break;
            }
        }
    }
    walker.close_open_item();
    if let Some(sink) = on_item.as_mut() {
        for item in walker.items.drain(..) {
            sink(item);
        }
    }
    Walked {
        root: walker.root,
        saw_channel: walker.saw_channel,
        channel: walker.channel,
        items: walker.items,
        item_count: walker.item_count,
        error: walker.error,
    }
}

#[derive(Default)]
struct Walker {
    stack: Vec<(Ns, String)>,
    root: Option<(Root, String)>,
    channel_depth: Option<usize>,
    saw_channel: bool,
    channel: RawChannel,
    item: Option<(usize, RawItem)>,
    items: Vec<RawItem>,
    item_count: usize,
    text: String,
    /// Depth of an element whose content is kept as markup (show notes written as XHTML).
    rich: Option<usize>,
    /// `xml:base` values in force, with the depth that set each.
    bases: Vec<(usize, String)>,
    error: Option<String>,
}

fn attributes(e: &BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let key = a.key.local_name().as_ref().to_owned();
            let value = match a.normalized_value(XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => a.value.clone().into_owned(),
            };
            (key, value)
        })
        .collect()
}

/// The `xml:base` attribute of an element.
fn xml_base(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == "xml:base")
        .map(|a| a.value.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn attr(attrs: &[(String, String)], name: &str) -> Option<String> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn is_rich(ns: Ns, local: &str) -> bool {
    matches!(
        (ns, local),
        (Ns::Rss, "description")
            | (Ns::Content, "encoded")
            | (Ns::Itunes, "summary")
            | (Ns::Atom, "content")
            | (Ns::Atom, "summary")
            | (Ns::Atom, "subtitle")
            | (Ns::Media, "description")
    )
}

impl Walker {
    fn start(&mut self, ns: Ns, e: &BytesStart<'_>, empty: bool) {
        let local = e.local_name().as_ref().to_owned();
        if self.rich.is_some() {
            self.text.push('<');
            self.text.push_str(e);
            self.text.push_str(if empty { "/>" } else { ">" });
            if !empty {
                self.stack.push((ns, local));
            }
            return;
        }
        self.stack.push((ns, local));
        let depth = self.stack.len();
        self.text.clear();
        let attrs = attributes(e);
        if let Some(base) = xml_base(e) {
            let resolved = match self.bases.last() {
                Some((_, outer)) => url::Url::parse(outer)
                    .and_then(|o| o.join(&base))
                    .map(|u| u.to_string())
                    .unwrap_or(base),
                None => base,
            };
            self.bases.push((depth, resolved));
        }
        let base = self.bases.last().map(|(_, b)| b.clone());
        let local = self.stack[depth - 1].1.as_str();
        if depth == 1 {
            let root = match (ns, local) {
                (Ns::Rss, "rss") => Root::Rss,
                (Ns::Rdf, "RDF") => Root::Rdf,
                (Ns::Atom, "feed") => Root::Atom,
                _ => Root::Other,
            };
            self.channel_depth = match root {
                Root::Rss | Root::Atom => Some(2),
                _ => None,
            };
            self.root = Some((root, local.to_owned()));
            self.channel.base = base.clone();
        } else if depth == 2 && ns == Ns::Rss && local == "channel" {
            self.channel.base = base.clone();
            if !self.saw_channel {
                self.channel_depth = Some(3);
            }
            self.saw_channel = true;
        }
        let known_root = matches!(self.root, Some((Root::Rss | Root::Rdf | Root::Atom, _)));
        let opens_item = (ns == Ns::Rss && local == "item") || (ns == Ns::Atom && local == "entry");
        // Items belong to the channel (or the root: RSS 1.0, Atom, a channel-less RSS); one
        // inside an element we do not know is not an episode (AntennaPod's rule).
        let in_place = depth == 2
            || self
                .stack
                .get(depth.wrapping_sub(2))
                .is_some_and(|(n, l)| *n == Ns::Rss && l == "channel");
        if self.item.is_none() && opens_item && known_root && in_place {
            self.item = Some((
                depth,
                RawItem {
                    base,
                    ..RawItem::default()
                },
            ));
        } else if let Some((item_depth, item)) = self.item.as_mut() {
            let parent = self
                .stack
                .get(depth.wrapping_sub(2))
                .map(|(n, l)| (*n, l.as_str()));
            item_attrs(item, depth - *item_depth, ns, local, parent, &attrs);
        } else if Some(depth) == self.channel_depth {
            channel_attrs(&mut self.channel, ns, local, &attrs);
        }
        if is_rich(ns, local) && (self.item.is_some() || Some(depth) == self.channel_depth) {
            self.rich = Some(depth);
        }
        if empty {
            self.end();
        }
    }

    fn reference(&mut self, r: &BytesRef<'_>) {
        match r.resolve_char_ref() {
            Ok(Some(c)) => self.text.push(c),
            Ok(None) => match quick_xml::escape::resolve_predefined_entity(r) {
                Some(s) => self.text.push_str(s),
                // Unknown entities expand to nothing new: kept as written, for the HTML reader.
                None => {
                    self.text.push('&');
                    self.text.push_str(r);
                    self.text.push(';');
                }
            },
            Err(_) => self.text.push('\u{FFFD}'),
        }
    }

    fn end(&mut self) {
        let depth = self.stack.len();
        if depth == 0 {
            return;
        }
        if let Some(rich) = self.rich {
            if depth > rich {
                if let Some((_, local)) = self.stack.pop() {
                    self.text.push_str("</");
                    self.text.push_str(&local);
                    self.text.push('>');
                }
                return;
            }
            self.rich = None;
        }
        if self.bases.last().is_some_and(|(d, _)| *d == depth) {
            self.bases.pop();
        }
        let Some((ns, local)) = self.stack.pop() else {
            return;
        };
        if matches!(self.item, Some((item_depth, _)) if item_depth == depth) {
            self.text.clear();
            self.close_open_item();
            return;
        }
        let text = std::mem::take(&mut self.text);
        let parent = self.stack.last().map(|(n, l)| (*n, l.as_str()));
        match self.item.as_mut() {
            Some((item_depth, item)) => {
                item_text(item, depth - *item_depth, ns, &local, parent, &text)
            }
            None if Some(depth) == self.channel_depth => {
                channel_text(&mut self.channel, ns, &local, &text)
            }
            None if Some(depth) == self.channel_depth.map(|d| d + 1) => {
                channel_nested_text(&mut self.channel, ns, &local, parent, &text)
            }
            None => {}
        }
        // What is kept was copied at its size; the buffer serves the next element.
        self.text = text;
        self.text.clear();
    }

    fn close_open_item(&mut self) {
        if let Some((_, item)) = self.item.take() {
            self.items.push(item);
            self.item_count += 1;
        }
    }
}

fn media_from(
    attrs: &[(String, String)],
    url_attr: &str,
    mime_attr: &str,
    len_attr: &str,
) -> Option<RawMedia> {
    Some(RawMedia {
        url: attr(attrs, url_attr)?,
        mime: attr(attrs, mime_attr),
        length: attr(attrs, len_attr),
        medium: attr(attrs, "medium"),
        duration: attr(attrs, "duration"),
    })
}

/// Attributes of an element `level` below the item (1 = a direct child).
fn item_attrs(
    item: &mut RawItem,
    level: usize,
    ns: Ns,
    local: &str,
    parent: Option<(Ns, &str)>,
    attrs: &[(String, String)],
) {
    let in_group = parent == Some((Ns::Media, "group"));
    match (ns, local) {
        (Ns::Rss, "enclosure") if level == 1 => item
            .enclosures
            .extend(media_from(attrs, "url", "type", "length")),
        (Ns::Atom, "link") if level == 1 => {
            let rel = attr(attrs, "rel").unwrap_or_else(|| "alternate".into());
            if rel == "enclosure" {
                item.enclosures
                    .extend(media_from(attrs, "href", "type", "length"));
            } else if rel == "alternate" {
                keep_first(&mut item.link, attr(attrs, "href").unwrap_or_default());
            } else if rel.contains("podlove.org/simple-chapters") {
                keep_first(
                    &mut item.podlove_url,
                    attr(attrs, "href").unwrap_or_default(),
                );
            }
        }
        (Ns::Media, "content") if level == 1 || (level == 2 && in_group) => {
            item.media
                .extend(media_from(attrs, "url", "type", "fileSize"));
        }
        (Ns::Media, "thumbnail") if level <= 3 => {
            keep_first(&mut item.thumbnail, attr(attrs, "url").unwrap_or_default())
        }
        (Ns::Itunes, "image") if level == 1 => {
            keep_first(&mut item.image, attr(attrs, "href").unwrap_or_default())
        }
        (Ns::Podcast, "chapters") if level == 1 && item.chapters_url.is_none() => {
            item.chapters_url = attr(attrs, "url");
            item.chapters_type = attr(attrs, "type");
        }
        (Ns::Podcast, "transcript") if level == 1 => {
            if let Some(url) = attr(attrs, "url") {
                item.transcripts.push(Transcript {
                    url,
                    kind: attr(attrs, "type"),
                    language: attr(attrs, "language"),
                });
            }
        }
        (Ns::Rss, "guid") if level == 1 => {
            item.guid_is_link =
                attr(attrs, "isPermaLink").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        }
        (Ns::Psc, "chapters") if level == 1 => item.psc_lists += 1,
        (Ns::Psc, "chapter") if level == 2 && item.psc_lists == 1 => item.psc.push(PscEntry {
            start: attr(attrs, "start").unwrap_or_default(),
            title: attrs
                .iter()
                .find(|(k, _)| k == "title")
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or_default(),
            href: attr(attrs, "href"),
            image: attr(attrs, "image"),
        }),
        _ => {}
    }
}

/// Text of an element `level` below the item.
fn item_text(
    item: &mut RawItem,
    level: usize,
    ns: Ns,
    local: &str,
    parent: Option<(Ns, &str)>,
    text: &str,
) {
    if level != 1 {
        if (ns, local) == (Ns::Media, "description") {
            keep_first(&mut item.media_description, text);
        } else if (ns, local) == (Ns::Media, "title") && parent == Some((Ns::Media, "group")) {
            // Some video feeds carry the only title inside media:group.
            keep_first(&mut item.title, text);
        }
        return;
    }
    let slot = match (ns, local) {
        (Ns::Rss | Ns::Atom, "title") => &mut item.title,
        (Ns::Rss, "link") => &mut item.link,
        (Ns::Rss, "guid") | (Ns::Atom, "id") => &mut item.guid,
        (Ns::Rss, "pubDate") | (Ns::Dc, "date") | (Ns::Atom, "published") => {
            if !text.trim().is_empty() {
                item.dates.push(text.to_owned());
            }
            return;
        }
        (Ns::Atom, "updated") => &mut item.updated,
        (Ns::Rss, "description") => &mut item.description,
        (Ns::Content, "encoded") => &mut item.content,
        (Ns::Itunes, "summary") => &mut item.itunes_summary,
        (Ns::Itunes, "subtitle") => &mut item.itunes_subtitle,
        (Ns::Atom, "content") => &mut item.atom_content,
        (Ns::Atom, "summary") => &mut item.atom_summary,
        (Ns::Media, "description") => &mut item.media_description,
        (Ns::Itunes, "duration") => &mut item.duration,
        (Ns::Itunes, "season") => &mut item.season,
        (Ns::Itunes, "episode") => &mut item.episode,
        (Ns::Podcast, "season") => &mut item.season,
        (Ns::Podcast, "episode") => &mut item.episode,
        _ => return,
    };
    keep_first(slot, text);
}

fn channel_attrs(channel: &mut RawChannel, ns: Ns, local: &str, attrs: &[(String, String)]) {
    match (ns, local) {
        (Ns::Itunes, "image") => {
            keep_first(&mut channel.image, attr(attrs, "href").unwrap_or_default())
        }
        (Ns::Atom, "link") => {
            let href = attr(attrs, "href").unwrap_or_default();
            match attr(attrs, "rel").as_deref().unwrap_or("alternate") {
                "self" => keep_first(&mut channel.self_url, href),
                "alternate" => keep_first(&mut channel.link, href),
                _ => {}
            }
        }
        _ => {}
    }
}

fn channel_text(channel: &mut RawChannel, ns: Ns, local: &str, text: &str) {
    let slot = match (ns, local) {
        (Ns::Rss | Ns::Atom, "title") => &mut channel.title,
        (Ns::Rss, "link") => &mut channel.link,
        (Ns::Rss, "description") => &mut channel.description,
        (Ns::Itunes, "summary") => &mut channel.itunes_summary,
        (Ns::Atom, "subtitle") => &mut channel.subtitle,
        (Ns::Itunes, "author") => &mut channel.author,
        (Ns::Rss, "managingEditor") | (Ns::Dc, "creator") => &mut channel.editor,
        (Ns::Itunes, "new-feed-url") => &mut channel.new_feed_url,
        (Ns::Rss, "language") | (Ns::Dc, "language") => &mut channel.language,
        (Ns::Atom, "logo") | (Ns::Atom, "icon") => &mut channel.logo,
        _ => return,
    };
    keep_first(slot, text);
}

fn channel_nested_text(
    channel: &mut RawChannel,
    ns: Ns,
    local: &str,
    parent: Option<(Ns, &str)>,
    text: &str,
) {
    match (parent, ns, local) {
        (Some((Ns::Rss, "image")), Ns::Rss, "url") => keep_first(&mut channel.image_url, text),
        (Some((Ns::Rss, "redirect")), Ns::Rss, "newLocation") => {
            keep_first(&mut channel.new_feed_url, text.trim())
        }
        (Some((Ns::Atom, "author")), Ns::Atom, "name") => keep_first(&mut channel.author, text),
        (Some((Ns::Itunes, "owner")), Ns::Itunes, "name") => {
            keep_first(&mut channel.owner_name, text)
        }
        _ => {}
    }
}
