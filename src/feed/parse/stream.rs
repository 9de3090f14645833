//! Parsing a feed while its body arrives: the pieces go to a parser on a blocking thread, which
//! decodes them to UTF-8 (`encoding_rs`'s streaming decoder, so a character split between two
//! pieces, a byte-order mark or a declared legacy encoding read as in [`parse_feed`]) and walks
//! the XML as it comes. The body is never held whole: a 5000-item, 20 MB feed is read with a
//! few pieces in memory, and parsing ends shortly after the last byte.
//!
//! A document is held whole only when it cannot be walked as it comes — JSON Feed, UTF-16, an
//! empty one — or until its root element shows it is a feed: a web page (or junk) comes back
//! whole in [`Rejected`], for autodiscovery to look for the feed it links to.
//!
//! Started with an [`outlet`] ([`FeedStream::start_handing_over`]), the parser hands the episodes
//! it finished over in batches, in document order, as it goes (the library stores them while
//! the rest is parsed); the podcast it ends with then holds only the episodes it did not hand
//! over (those of a document read whole).
//!
//! [`parse_feed`]: super::parse_feed

use std::cell::Cell;
use std::io::{self, BufRead, Read};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use encoding_rs::Decoder;
use tokio::sync::mpsc;

use super::raw::RawItem;
use super::walk::{self, Root};
use super::{Purpose, check, finish, parse_feed_for};
use crate::feed::decode::{SNIFF_BYTES, sniff, strip_declared_encoding};
use crate::feed::error::FeedError;
use crate::model::{Episode, Podcast};

/// Pieces of the body on their way to the parser: enough to keep it busy, few enough that a
/// parser behind the network holds little of the body.
const IN_FLIGHT: usize = 16;

/// Episodes per batch handed over, and batches on their way: a few hundred KB of notes.
const BATCH: usize = 64;
const BATCHES_IN_FLIGHT: usize = 4;

/// Where a parser hands finished episodes over.
pub type Outlet = mpsc::Sender<Vec<Episode>>;
/// Where finished episodes arrive, in batches in document order.
pub type Batches = mpsc::Receiver<Vec<Episode>>;

/// A way for a parser to hand episodes over and where they arrive.
pub fn outlet() -> (Outlet, Batches) {
    mpsc::channel(BATCHES_IN_FLIGHT)
}

/// Why a document gave no podcast, with the document itself when it was not recognised as a
/// feed from its start (a web page that may link to one); empty otherwise.
#[derive(Debug)]
pub struct Rejected {
    pub error: FeedError,
    pub document: Vec<u8>,
}

impl From<FeedError> for Rejected {
    fn from(error: FeedError) -> Rejected {
        Rejected {
            error,
            document: Vec::new(),
        }
    }
}

/// A feed being parsed as its body arrives.
pub struct FeedStream {
    chunks: Option<mpsc::Sender<Bytes>>,
    parsed: Option<tokio::task::JoinHandle<Result<Podcast, Rejected>>>,
    /// Set when the body will not be completed (a network failure): the parser stops.
    cancelled: Arc<AtomicBool>,
}

impl FeedStream {
    /// Starts a parser for a document from `base` (its URL, for relative links).
    pub fn start(base: String, purpose: Purpose) -> FeedStream {
        FeedStream::starting(base, purpose, None)
    }

    /// Starts a parser that hands the episodes it finishes over to `outlet` as it goes (see
    /// the module).
    pub fn start_handing_over(base: String, purpose: Purpose, outlet: Outlet) -> FeedStream {
        FeedStream::starting(base, purpose, Some(outlet))
    }

    fn starting(base: String, purpose: Purpose, outlet: Option<Outlet>) -> FeedStream {
        let (sender, receiver) = mpsc::channel(IN_FLIGHT);
        let cancelled = Arc::new(AtomicBool::new(false));
        let stop = cancelled.clone();
        let parsed = tokio::task::spawn_blocking(move || {
            parse(receiver, &stop, &base, purpose, outlet.as_ref())
        });
        FeedStream {
            chunks: Some(sender),
            parsed: Some(parsed),
            cancelled,
        }
    }

    /// Hands the next piece of the body to the parser, waiting while it is behind. `false` when
    /// the parser needs no more (the document broke off): reading the rest is pointless.
    pub async fn push(&mut self, chunk: Bytes) -> bool {
        match &self.chunks {
            Some(sender) if sender.send(chunk).await.is_ok() => true,
            _ => {
                self.chunks = None;
                false
            }
        }
    }

    /// The podcast, once the whole body was pushed.
    pub async fn finish(mut self) -> Result<Podcast, Rejected> {
        self.chunks = None;
        let Some(parsed) = self.parsed.take() else {
            return Err(FeedError::Malformed("the parser was already asked".into()).into());
        };
        parsed
            .await
            .map_err(|e| FeedError::Malformed(format!("parsing stopped: {e}")))?
    }
}

impl Drop for FeedStream {
    fn drop(&mut self) {
        // Dropped before `finish`: the body is incomplete, its parse of no use.
        if self.parsed.is_some() {
            self.cancelled.store(true, Ordering::Relaxed);
        }
    }
}

/// The parser's side: pieces as they come, those kept for a document that may not be a feed.
struct Body {
    receiver: mpsc::Receiver<Bytes>,
    /// Whether pieces are still kept (until the root element shows a feed).
    keep: Rc<Cell<bool>>,
    kept: Vec<Bytes>,
}

impl Body {
    fn next(&mut self) -> Option<Bytes> {
        let chunk = self.receiver.blocking_recv()?;
        if self.keep.get() {
            // A reference to the same bytes, not a copy.
            self.kept.push(chunk.clone());
        } else if !self.kept.is_empty() {
            self.kept = Vec::new();
        }
        Some(chunk)
    }

    /// The whole document: what was kept and the rest of the body.
    fn whole(mut self) -> Vec<u8> {
        while self.next().is_some() {}
        let mut all = Vec::with_capacity(self.kept.iter().map(Bytes::len).sum());
        for chunk in &self.kept {
            all.extend_from_slice(chunk);
        }
        all
    }
}

fn parse(
    receiver: mpsc::Receiver<Bytes>,
    cancelled: &AtomicBool,
    base: &str,
    purpose: Purpose,
    outlet: Option<&Outlet>,
) -> Result<Podcast, Rejected> {
    let keep = Rc::new(Cell::new(true));
    let mut body = Body {
        receiver,
        keep: keep.clone(),
        kept: Vec::new(),
    };
    // The head: enough to tell the encoding, and the document's first character.
    let mut head = Vec::new();
    let mut ended = false;
    while !ended && (head.len() < SNIFF_BYTES || head.iter().all(|b| is_blank(*b))) {
        match body.next() {
            Some(chunk) => head.extend_from_slice(&chunk),
            None => ended = true,
        }
    }
    let first = head.iter().copied().find(|b| !is_blank(*b));
    let sniffed = sniff(&head);
    let walkable = sniffed.encoding.is_ascii_compatible() && first.is_some_and(|b| b != b'{');
    if !walkable {
        // JSON Feed, UTF-16, an empty document: read whole, as a downloaded file is.
        let document = body.whole();
        return parse_feed_for(&document, Some(base), purpose)
            .map_err(|error| Rejected { error, document });
    }
    let mut source = Source {
        body,
        decoder: sniffed.encoding.new_decoder_without_bom_handling(),
        head: Some(head.split_off(sniffed.bom_len)),
        rewrite_declaration: sniffed.rewrite_declaration,
        cancelled,
        out: Vec::new(),
        len: 0,
        at: 0,
        ended: false,
    };
    let feed_url = finish::feed_url(Some(base));
    let on_root = |root| {
        if matches!(root, Root::Rss | Root::Rdf | Root::Atom) {
            keep.set(false);
        }
    };
    let (walked, episodes) = match outlet {
        Some(outlet) => (
            hand_over(&mut source, feed_url.as_ref(), purpose, outlet, on_root),
            Vec::new(),
        ),
        None => walk_and_finish(&mut source, feed_url.as_ref(), purpose, on_root),
    };
    let kept = keep.get();
    let body = source.body;
    if cancelled.load(Ordering::Relaxed) {
        return Err(FeedError::Malformed("the download stopped".into()).into());
    }
    let judged =
        check(&walked).map(|()| finish::podcast_with(walked.channel, episodes, Some(base)));
    if !kept {
        // A feed: the rest of the body (if the XML broke off) is of no use.
        drop(body);
        return judged.map_err(Rejected::from);
    }
    judged.map_err(|error| Rejected {
        error,
        document: body.whole(),
    })
}

/// Walks the document and finishes each item. For the library on the walking thread (no notes
/// are read: handing 5000 items to other threads cost more CPU than finishing them, ~40 ms);
/// to be shown on other threads while the walk goes on (the show notes' chapters and text are
/// most of a large feed's parse time), so the episodes are ready shortly after the last byte.
/// Episodes come back in feed order.
fn walk_and_finish(
    source: &mut Source<'_>,
    feed_url: Option<&url::Url>,
    purpose: Purpose,
    on_root: impl FnMut(Root),
) -> (walk::Walked, Vec<Episode>) {
    if purpose == Purpose::Store {
        // Nothing of the notes is read: finishing an item is cheaper than handing it over.
        let mut episodes = Vec::new();
        let walked = walk::walk_reader(
            source,
            on_root,
            Some(&mut |item| episodes.push(finish::episode_in(item, feed_url, purpose))),
        );
        return (walked, episodes);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);

    std::thread::scope(|scope| {
        let (finished, done) = std::sync::mpsc::channel::<(usize, Episode)>();
        let mut queues = Vec::with_capacity(threads);
        for _ in 0..threads {
            let (queue, items) = std::sync::mpsc::channel::<(usize, RawItem)>();
            let finished = finished.clone();
            scope.spawn(move || {
                for (at, item) in items {
                    // The collector outlives the finishers: sending cannot fail.
                    let episode = finish::episode_in(item, feed_url, purpose);
                    let _ = finished.send((at, episode));
                }
            });
            queues.push(queue);
        }
        drop(finished);
        let mut next = 0;
        let walked = {
            let mut hand_over = |item: RawItem| {
                let _ = queues[next % threads].send((next, item));
                next += 1;
            };
            walk::walk_reader(source, on_root, Some(&mut hand_over))
        };
        drop(queues);
        let mut episodes: Vec<(usize, Episode)> = done.iter().collect();
        episodes.sort_unstable_by_key(|(at, _)| *at);
        (walked, episodes.into_iter().map(|(_, e)| e).collect())
    })
}

/// Walks the document, finishing each item and handing the episodes over in batches. A
/// receiver that went away stops the walk (the document is of no more use).
fn hand_over(
    source: &mut Source<'_>,
    feed_url: Option<&url::Url>,
    purpose: Purpose,
    outlet: &Outlet,
    on_root: impl FnMut(Root),
) -> walk::Walked {
    let cancelled = source.cancelled;
    let mut batch = Vec::with_capacity(BATCH);
    let send = |batch: &mut Vec<Episode>| {
        let full = std::mem::replace(batch, Vec::with_capacity(BATCH));
        if outlet.blocking_send(full).is_err() {
            cancelled.store(true, Ordering::Relaxed);
        }
    };
    let walked = walk::walk_reader(
        source,
        on_root,
        Some(&mut |item| {
            batch.push(finish::episode_in(item, feed_url, purpose));
            if batch.len() == BATCH {
                send(&mut batch);
            }
        }),
    );
    if !batch.is_empty() {
        send(&mut batch);
    }
    walked
}

/// White space (and the bytes of a UTF-8 byte-order mark) before a document's first character.
fn is_blank(byte: u8) -> bool {
    byte.is_ascii_whitespace() || matches!(byte, 0xEF | 0xBB | 0xBF)
}

/// The body decoded to UTF-8, as the XML reader reads it.
struct Source<'a> {
    body: Body,
    decoder: Decoder,
    /// The head, not decoded yet (the byte-order mark already skipped).
    head: Option<Vec<u8>>,
    rewrite_declaration: bool,
    cancelled: &'a AtomicBool,
    /// Decoded text of the current piece, and how much of it was read.
    out: Vec<u8>,
    /// How much of `out` holds text (the rest is room kept for the next piece, not cleared).
    len: usize,
    at: usize,
    ended: bool,
}

impl Source<'_> {
    fn decode(&mut self, input: &[u8], last: bool) {
        let most = self
            .decoder
            .max_utf8_buffer_length(input.len())
            .unwrap_or(input.len() * 3 + 16);
        if self.out.len() < most {
            self.out.resize(most, 0);
        }
        let (_, _, written, _) = self.decoder.decode_to_utf8(input, &mut self.out, last);
        self.len = written;
        self.at = 0;
    }
}

impl Read for Source<'_> {
    fn read(&mut self, into: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(into.len());
        into[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Source<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.at == self.len && !self.ended {
            if self.cancelled.load(Ordering::Relaxed) {
                return Err(io::Error::other("the download stopped"));
            }
            if let Some(head) = self.head.take() {
                self.decode(&head, false);
                if self.rewrite_declaration
                    && let Ok(text) = std::str::from_utf8(&self.out[..self.len])
                    && let std::borrow::Cow::Owned(rewritten) =
                        strip_declared_encoding(std::borrow::Cow::Borrowed(text))
                {
                    self.out = rewritten.into_bytes();
                    self.len = self.out.len();
                }
                continue;
            }
            match self.body.next() {
                Some(chunk) => self.decode(&chunk, false),
                None => {
                    self.decode(&[], true);
                    self.ended = true;
                }
            }
        }
        Ok(&self.out[self.at..self.len])
    }

    fn consume(&mut self, n: usize) {
        self.at = (self.at + n).min(self.len);
    }
}
