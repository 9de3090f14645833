//! Text for the terminal: sanitising untrusted feed text and fitting it to a display width.

pub mod quote;
pub mod sanitize;
pub mod width;

pub use quote::quote;
pub use sanitize::{sanitize, sanitize_line};
pub use width::{fit, truncate, width};
