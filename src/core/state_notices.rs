//! Notices: what went wrong (with its cause) or what finished, shown for a while and then gone.
//! Expiry runs on the virtual clock: the core asks for a `WakeAt` and drops them on `Tick`.

use super::input::Millis;

/// How long an informational notice stays.
pub const INFO_FOR_MS: Millis = 4_000;
/// How long an error stays: long enough to read the cause.
pub const ERROR_FOR_MS: Millis = 10_000;
/// At most this many notices are kept; older ones give way.
pub const MAX_NOTICES: usize = 5;

/// How serious a notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// One message for the listener.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
    /// Why it happened, as the failing part reported it.
    pub cause: Option<String>,
    pub expires_ms: Millis,
}

/// The notices on screen, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notices {
    pub items: Vec<Notice>,
}

impl Notices {
    /// Adds a notice at `now`; returns when it expires.
    pub fn push(
        &mut self,
        now: Millis,
        level: Level,
        text: String,
        cause: Option<String>,
    ) -> Millis {
        let expires_ms = now.saturating_add(match level {
            Level::Info => INFO_FOR_MS,
            Level::Error => ERROR_FOR_MS,
        });
        self.items.retain(|n| n.text != text || n.cause != cause);
        self.items.push(Notice {
            level,
            text,
            cause,
            expires_ms,
        });
        if self.items.len() > MAX_NOTICES {
            let excess = self.items.len() - MAX_NOTICES;
            self.items.drain(..excess);
        }
        expires_ms
    }

    /// Drops the notices due at `now`; returns whether any went.
    pub fn expire(&mut self, now: Millis) -> bool {
        let before = self.items.len();
        self.items.retain(|n| n.expires_ms > now);
        self.items.len() != before
    }

    /// When the next notice is due.
    pub fn next_expiry(&self) -> Option<Millis> {
        self.items.iter().map(|n| n.expires_ms).min()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_expire_in_order_and_repeats_merge() {
        let mut n = Notices::default();
        assert_eq!(n.push(0, Level::Info, "a".into(), None), INFO_FOR_MS);
        n.push(0, Level::Error, "b".into(), Some("why".into()));
        n.push(1, Level::Info, "a".into(), None);
        assert_eq!(n.items.len(), 2);
        assert_eq!(n.next_expiry(), Some(INFO_FOR_MS + 1));
        assert!(!n.expire(INFO_FOR_MS));
        assert!(n.expire(INFO_FOR_MS + 1));
        assert_eq!(n.items[0].text, "b");
    }
}
