//! Fetching and parsing a feed in one go, the parse running while the body arrives (see
//! [`FeedStream`]): what `add` and `refresh` do with every feed.

use super::error::FeedError;
use super::fetch::{Answer, Validators, open};
use super::parse::{FeedStream, Purpose, Rejected};
use crate::model::Podcast;

/// What reading a feed found.
#[derive(Debug)]
pub enum Read {
    /// 304: not changed since the validators were given.
    NotModified,
    Parsed {
        podcast: Box<Podcast>,
        validators: Validators,
        /// Where the document came from, after every redirect.
        final_url: String,
        /// Every redirect on the way was permanent: the feed has moved.
        moved: bool,
        /// The feed's address to keep (moved only by permanent redirects).
        address: String,
    },
}

/// Why reading a feed gave no podcast.
#[derive(Debug)]
pub struct Unread {
    pub error: FeedError,
    /// The document and where it came from, when it was not recognised as a feed from its
    /// start (a web page that may link to the feed).
    pub page: Option<(String, Vec<u8>)>,
}

impl From<FeedError> for Unread {
    fn from(error: FeedError) -> Unread {
        Unread { error, page: None }
    }
}

/// Fetches `url` (conditionally when `validators` are given) and parses the feed as it
/// arrives. A document that is no feed comes back whole in the error when it was not
/// recognised as one from its start (a web page, for autodiscovery).
pub async fn read_feed(
    client: &reqwest::Client,
    url: &str,
    validators: Option<&Validators>,
    purpose: Purpose,
) -> Result<Read, Unread> {
    let mut body = match open(client, url, validators).await? {
        Answer::NotModified => return Ok(Read::NotModified),
        Answer::Body(body) => body,
    };
    let mut parser = FeedStream::start(body.final_url.clone(), purpose);
    // A network failure drops the parser, which stops it.
    while let Some(chunk) = body.chunk().await? {
        if !parser.push(chunk).await {
            break;
        }
    }
    let podcast = parser
        .finish()
        .await
        .map_err(|Rejected { error, document }| Unread {
            error,
            page: (!document.is_empty()).then(|| (body.final_url.clone(), document)),
        })?;
    Ok(Read::Parsed {
        podcast: Box::new(podcast),
        validators: body.validators,
        final_url: body.final_url,
        moved: body.moved,
        address: body.address,
    })
}
