//! Raw feed fields to the model: choosing among alternatives, resolving URLs, fallbacks, order.

use url::Url;

use super::Purpose;
use super::dates::parse_date;
use super::raw::{RawChannel, RawItem, RawMedia};
use super::walk::Walked;
use crate::feed::chapters::{notes, psc};
use crate::model::{Enclosure, Episode, Podcast};
use crate::text::clock::parse_clock;
use crate::text::html;

pub fn podcast(walked: Walked, base: Option<&str>, purpose: Purpose) -> Podcast {
    let feed_url = base.and_then(|b| Url::parse(b).ok());
    let episodes = episodes(walked.items, feed_url.as_ref(), purpose);
    podcast_with(walked.channel, episodes, base)
}

/// The document's address as a base for relative links.
pub fn feed_url(base: Option<&str>) -> Option<Url> {
    base.and_then(|b| Url::parse(b).ok())
}

/// The podcast of `channel` with its finished `episodes` (in feed order; sorted here).
pub fn podcast_with(
    channel: RawChannel,
    mut episodes: Vec<Episode>,
    base: Option<&str>,
) -> Podcast {
    let feed_url = feed_url(base);
    let base = with_xml_base(feed_url.as_ref(), channel.base.as_deref());
    let absolute = |u: Option<String>| u.and_then(|u| resolve(base.as_ref(), &u));
    let RawChannel {
        title,
        link,
        description,
        itunes_summary,
        subtitle,
        image,
        image_url,
        logo,
        author,
        owner_name,
        editor,
        self_url,
        new_feed_url,
        language,
        base: _,
    } = channel;
    sort_newest_first(&mut episodes);
    let description = description
        .or(itunes_summary)
        .or(subtitle)
        .unwrap_or_default();
    Podcast {
        title: one_line(title.as_deref().unwrap_or_default()),
        link: absolute(link),
        description: html::plain_text(&description),
        image: absolute(image.or(image_url).or(logo)),
        author: author.or(owner_name).or(editor).map(|a| one_line(&a)),
        feed_url: feed_url
            .as_ref()
            .map(Url::to_string)
            .or_else(|| absolute(self_url)),
        new_feed_url: absolute(new_feed_url),
        language: language
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty()),
        episodes,
    }
}

/// Items below this count are finished on one thread.
const PARALLEL_FROM: usize = 64;

/// Cleans every item, on as many threads as there are cores (show notes to text and chapter
/// lists are most of a big feed's parse time). Order is kept.
fn episodes(items: Vec<RawItem>, feed_url: Option<&Url>, purpose: Purpose) -> Vec<Episode> {
    let one = |item: RawItem| episode_in(item, feed_url, purpose);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    if threads < 2 || items.len() < PARALLEL_FROM {
        return items.into_iter().map(one).collect();
    }
    let per_thread = items.len().div_ceil(threads);
    let mut chunks = Vec::with_capacity(threads);
    let mut rest = items;
    while rest.len() > per_thread {
        let tail = rest.split_off(per_thread);
        chunks.push(rest);
        rest = tail;
    }
    chunks.push(rest);
    std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(one).collect::<Vec<_>>()))
            .collect();
        let mut all = Vec::new();
        for worker in workers {
            match worker.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

/// One item of the feed at `feed_url`, finished.
pub fn episode_in(item: RawItem, feed_url: Option<&Url>, purpose: Purpose) -> Episode {
    let base = with_xml_base(feed_url, item.base.as_deref());
    episode(item, base.as_ref(), purpose)
}

/// Newest first; undated items keep their feed order, after the dated ones.
pub fn sort_newest_first(episodes: &mut [Episode]) {
    episodes.sort_by(|a, b| match (a.published, b.published) {
        (Some(a), Some(b)) => b.cmp(&a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

fn episode(mut item: RawItem, base: Option<&Url>, purpose: Purpose) -> Episode {
    let absolute = |u: Option<String>| u.and_then(|u| resolve(base, &u));
    let enclosure = choose_media(&item.enclosures, &item.media).and_then(|m| {
        Some(Enclosure {
            url: absolute(Some(m.url.clone()))?,
            mime: m
                .mime
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            length: m
                .length
                .as_deref()
                .and_then(|l| l.trim().parse::<u64>().ok())
                .filter(|l| *l > 0),
        })
    });
    let media_duration =
        choose_media(&item.enclosures, &item.media).and_then(|m| m.duration.clone());
    let notes_html = [
        item.content.take(),
        item.description.take(),
        item.itunes_summary.take(),
        item.atom_content.take(),
        item.atom_summary.take(),
        item.media_description.take(),
        item.itunes_subtitle.take(),
    ]
    .into_iter()
    .flatten()
    .find(|s| !s.trim().is_empty())
    .unwrap_or_default();
    let mut guid = item
        .guid
        .map(|g| g.trim().to_owned())
        .filter(|g| !g.is_empty());
    if item.guid_is_link {
        // An absolute permalink stays exactly as published (it is the episode's identity); a
        // relative one only means something against the feed's address.
        guid = guid.and_then(|g| resolve(base, &g));
    }
    let link = absolute(item.link).or_else(|| guid.clone().filter(|_| item.guid_is_link));
    let guid = guid
        .or_else(|| link.clone())
        .or_else(|| enclosure.as_ref().map(|e| e.url.clone()));
    let mut title = one_line(item.title.as_deref().unwrap_or_default());
    if title.is_empty() {
        title = enclosure
            .as_ref()
            .map(|e| media_name(&e.url))
            .unwrap_or_default();
    }
    let published = item
        .dates
        .iter()
        .chain(&item.updated)
        .find_map(|d| parse_date(d));
    let guid = guid.unwrap_or_else(|| stable_id(&title, published.map(|p| p.timestamp())));
    // The library reads the notes' chapters from the stored notes when it needs them.
    let chapters = if !item.psc.is_empty() {
        psc::from_attrs(item.psc)
    } else if purpose == Purpose::Store {
        Vec::new()
    } else {
        notes::parse(&notes_html)
    };
    Episode {
        guid,
        title,
        published,
        duration_s: item
            .duration
            .as_deref()
            .and_then(parse_clock)
            .or_else(|| media_duration.as_deref().and_then(parse_clock)),
        description: match purpose {
            Purpose::Show => html::plain_text(&notes_html),
            Purpose::Store => String::new(),
        },
        notes_html,
        link,
        image: absolute(item.image.or(item.thumbnail)),
        season: item.season.and_then(|s| s.trim().parse().ok()),
        episode: item.episode.and_then(|s| s.trim().parse().ok()),
        enclosure,
        chapters,
        chapters_url: absolute(item.chapters_url),
        chapters_type: item.chapters_type,
        podlove_url: absolute(item.podlove_url),
        transcripts: item
            .transcripts
            .into_iter()
            .filter_map(|mut t| {
                t.url = absolute(Some(t.url))?;
                Some(t)
            })
            .collect(),
    }
}

/// The enclosure to play: the first audio or video `<enclosure>`, else the first audio or video
/// `<media:content>`, else whatever enclosure there is.
fn choose_media<'a>(enclosures: &'a [RawMedia], media: &'a [RawMedia]) -> Option<&'a RawMedia> {
    enclosures
        .iter()
        .find(|m| m.is_playable())
        .or_else(|| media.iter().find(|m| m.is_playable()))
        .or_else(|| enclosures.first())
}

/// Resolves a possibly relative URL against the feed's own; `None` for blank input. An
/// absolute URL is kept exactly as published (a space or a quote stays; the network layer
/// encodes it on the wire), only trimmed.
pub(super) fn resolve(base: Option<&Url>, url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    // Nearly every link: kept as published without parsing it (parsing took a tenth of the
    // instructions of reading a feed). Such an address is absolute whether it parses or not,
    // so the steps below would keep it as published too.
    if names_its_host(url) || Url::parse(url).is_ok() {
        return Some(url.to_owned());
    }
    if url.contains(char::is_whitespace) {
        // Not a reference at all (text where a link belongs): keep it as written.
        return Some(url.to_owned());
    }
    match base.and_then(|b| b.join(url).ok()) {
        Some(joined) => Some(joined.to_string()),
        None => Some(url.to_owned()),
    }
}

/// Whether `url` starts with `http://` or `https://` (in any case): an absolute address.
fn names_its_host(url: &str) -> bool {
    let starts = |prefix: &str| {
        url.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    starts("http://") || starts("https://")
}

/// The base for relative links: the feed's URL, overridden by an `xml:base` (itself resolved
/// against the feed's URL).
fn with_xml_base(feed_url: Option<&Url>, xml_base: Option<&str>) -> Option<Url> {
    match xml_base {
        Some(b) => Url::parse(b)
            .ok()
            .or_else(|| feed_url.and_then(|f| f.join(b).ok()))
            .or_else(|| feed_url.cloned()),
        None => feed_url.cloned(),
    }
}

/// A name for an untitled episode: its media file's name without the extension.
fn media_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let decoded = url::form_urlencoded::parse(stem.as_bytes())
        .map(|(k, v)| {
            if v.is_empty() {
                k.into_owned()
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join("&");
    one_line(&decoded)
}

/// Folds white space (titles are one line on screen and in tables).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An identity for an item with no guid, link or media: stable across refreshes.
fn stable_id(title: &str, published: Option<i64>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in title.bytes().chain(published.unwrap_or(0).to_le_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("netstack-tui:{hash:016x}")
}

#[cfg(test)]
#[path = "finish_tests.rs"]
mod tests;
