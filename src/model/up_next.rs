//! Where episodes go in Up Next, the listener's queue: the words the command line, the player
//! and the automatic queueing share.

use serde::{Deserialize, Serialize};

/// A place in Up Next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UpNextPlace {
    /// After everything queued.
    End,
    /// Before everything queued: the next to start.
    Front,
    /// Right after this episode (the one playing, say); at the front when it is not queued.
    After(i64),
    /// Right before this episode; at the end when it is not queued.
    Before(i64),
}

impl UpNextPlace {
    /// Puts `episodes` into `queue` at this place, in their order; those already queued move
    /// there (each episode is queued once).
    pub fn put(self, queue: &mut Vec<i64>, episodes: &[i64]) {
        let mut wanted: Vec<i64> = Vec::with_capacity(episodes.len());
        for id in episodes {
            if !wanted.contains(id) {
                wanted.push(*id);
            }
        }
        // The anchor itself never moves relative to itself.
        let anchor = match self {
            UpNextPlace::After(a) | UpNextPlace::Before(a) => Some(a),
            _ => None,
        };
        wanted.retain(|id| Some(*id) != anchor);
        queue.retain(|id| !wanted.contains(id));
        let at = match self {
            UpNextPlace::End => queue.len(),
            UpNextPlace::Front => 0,
            UpNextPlace::After(a) => queue.iter().position(|id| *id == a).map_or(0, |i| i + 1),
            UpNextPlace::Before(a) => queue.iter().position(|id| *id == a).unwrap_or(queue.len()),
        };
        queue.splice(at..at, wanted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn episodes_go_where_asked_and_are_queued_once() {
        let mut q = vec![1, 2, 3];
        UpNextPlace::End.put(&mut q, &[4, 1]);
        assert_eq!(q, [2, 3, 4, 1]);
        UpNextPlace::Front.put(&mut q, &[3]);
        assert_eq!(q, [3, 2, 4, 1]);
        UpNextPlace::After(2).put(&mut q, &[1, 1]);
        assert_eq!(q, [3, 2, 1, 4]);
        UpNextPlace::Before(3).put(&mut q, &[4]);
        assert_eq!(q, [4, 3, 2, 1]);
        UpNextPlace::After(9).put(&mut q, &[5]);
        assert_eq!(q, [5, 4, 3, 2, 1], "after an episode not queued: the front");
        UpNextPlace::Before(9).put(&mut q, &[6]);
        assert_eq!(q, [5, 4, 3, 2, 1, 6], "before one not queued: the end");
        UpNextPlace::After(4).put(&mut q, &[4]);
        assert_eq!(q, [5, 4, 3, 2, 1, 6], "an episode stays beside itself");
    }
}
