//! Text for the terminal: sanitising untrusted feed text, fitting it to a display width, show
//! notes (HTML) turned into terminal text, and clock times read and written as podcasts do.
//! Pure functions over strings: the core uses them as freely as the interface and the feed reader.

pub mod clock;
pub mod html;
pub mod quote;
pub mod sanitize;
pub mod width;

pub use quote::quote;
pub use sanitize::{sanitize, sanitize_line};
pub use width::{fit, truncate, width};
