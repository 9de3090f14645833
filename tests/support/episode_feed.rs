//! A one-episode feed on the test server: the media at `/ep.EXT`, sent at about 1 MB/s like a
//! slow host, and a feed at `/feed.xml` that gives no duration (the player measures it).

use super::server::{Resource, TestServer};

/// The MIME type of media of `kind` ("mp3", "vbr.mp3", "m4a", "ogg", "opus").
pub fn mime(kind: &str) -> &'static str {
    match kind {
        "m4a" => "audio/mp4",
        "ogg" | "opus" => "audio/ogg",
        _ => "audio/mpeg",
    }
}

/// Serves `media` of `kind` and a one-episode feed of it without any duration; returns the
/// feed's URL.
pub fn serve_without_durations(server: &TestServer, media: Resource, kind: &str) -> String {
    let ext = kind.rsplit('.').next().unwrap_or(kind);
    let path = format!("/ep.{ext}");
    server.route(&path, media.mime(mime(kind)).throttle(1_000_000));
    server.route(
        "/feed.xml",
        Resource::bytes(format!(
            "<rss version=\"2.0\"><channel><title>Tones</title><item><title>Tone</title>\
             <guid>tone-{kind}</guid><enclosure url=\"{}\" type=\"{}\"/></item></channel></rss>",
            server.url(&path),
            mime(kind)
        ))
        .mime("application/rss+xml"),
    );
    server.url("/feed.xml")
}
