//! The default subscription, netstack.fm: its feed URL from Apple's directory, or failing that
//! from the feed link its own site advertises. The URL is always one a server gave; it is never
//! guessed.

use super::{DiscoverError, apple, autodiscovery};

/// netstack.fm in Apple's podcast directory.
pub const NETSTACK_APPLE_ID: u64 = 1829783579;
/// The netstack.fm site, whose page advertises the feed; the configuration's default.
pub const NETSTACK_SITE_URL: &str = "https://netstack.fm";

/// The netstack.fm feed URL: Apple's lookup (at `lookup_endpoint`) first; when that fails for
/// any reason, the feed `site_url` advertises. When both fail the error gives both causes.
pub async fn resolve_netstack(
    client: &reqwest::Client,
    lookup_endpoint: &str,
    site_url: &str,
) -> Result<String, DiscoverError> {
    let apple = match apple::lookup_feed_url(client, lookup_endpoint, NETSTACK_APPLE_ID).await {
        Ok(url) => return Ok(url),
        Err(e) => e,
    };
    tracing::info!("netstack.fm: Apple lookup failed ({apple}); asking {site_url}");
    autodiscovery::discover(client, site_url)
        .await
        .map_err(|site| DiscoverError::BothFailed {
            apple: Box::new(apple),
            site: Box::new(site),
        })
}
