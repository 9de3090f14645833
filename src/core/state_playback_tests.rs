//! Tests of `state_playback`.

use super::*;

#[test]
fn playing_position_advances_with_the_clock_and_stops_at_the_end() {
    let s = Status::Playing {
        episode: 1,
        t: 10.0,
        exact: true,
        since_ms: 1_000,
    };
    assert_eq!(s.heard(3_500, None, 1.0).map(|h| h.t), Some(12.5));
    assert_eq!(s.heard(60_000, Some(20.0), 1.0).map(|h| h.t), Some(20.0));
    // At 2× the episode goes by twice as fast as the clock.
    assert_eq!(s.heard(3_500, None, 2.0).map(|h| h.t), Some(15.0));
    let paused = Status::Paused {
        episode: 1,
        t: 10.0,
        exact: false,
    };
    assert_eq!(
        paused.heard(60_000, None, 1.5),
        Some(Heard {
            t: 10.0,
            exact: false
        })
    );
}

#[test]
fn a_pending_seek_is_the_base_for_the_next_key() {
    let mut p = Playback::new(80);
    p.status = Status::Paused {
        episode: 1,
        t: 10.0,
        exact: true,
    };
    assert_eq!(p.base(0), Some(10.0));
    p.pending_seek = Some(300.0);
    assert_eq!(p.base(0), Some(300.0));
}
