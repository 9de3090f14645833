#[path = "../tests/support/feedgen.rs"]
mod feedgen;
use std::time::Instant;
fn main() {
    let xml = feedgen::podcast_feed(5000, "https://m");
    let start = xml.find("<![CDATA[").unwrap() + 9;
    let end = xml[start..].find("]]>").unwrap() + start;
    let notes = &xml[start..end];
    println!("notes {} bytes", notes.len());
    let t = Instant::now();
    for _ in 0..5000 {
        std::hint::black_box(netstack_tui::feed::html::plain_text(notes));
    }
    println!("plain_text x5000: {:?}", t.elapsed());
    let t = Instant::now();
    for _ in 0..5000 {
        std::hint::black_box(netstack_tui::feed::chapters::notes::parse(notes));
    }
    println!("notes::parse x5000: {:?}", t.elapsed());
}
