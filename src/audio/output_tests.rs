//! The output with chunks made by hand: runs at a speed, the soft switch to a new pace (at its
//! time, cross-faded, time never running back, quietly reported), the pause limits in episode
//! time, the sleep timer's fade, and a jump past the end.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use super::decode_thread::{Chunk, Msg};
use super::output::{FrameState, OutputLinks, PlaybackControl, PlayerSource};
use crate::core::PlayerEvent;

const RATE: u32 = 1000;

struct Rig {
    control: Arc<PlaybackControl>,
    queue: SyncSender<Msg>,
    events: Receiver<PlayerEvent>,
    output: PlayerSource,
    _recycle: Receiver<Vec<f32>>,
}

impl Rig {
    fn new() -> Rig {
        let control = Arc::new(PlaybackControl::new(0.0, true));
        let (queue, chunks) = sync_channel(64);
        let (recycle, recycled) = sync_channel(128);
        let (events_tx, events) = sync_channel(256);
        let links = OutputLinks {
            chunks,
            recycle,
            events: events_tx,
            episode: 7,
            duration: Some(100.0),
        };
        let output = PlayerSource::new(control.clone(), links, 1, RATE);
        Rig {
            control,
            queue,
            events,
            output,
            _recycle: recycled,
        }
    }

    /// A chunk of `frames` frames of `value` at episode time `t`, `speed`, epoch `epoch`.
    fn chunk(&self, epoch: u32, t: f64, speed: f64, frames: usize, value: f32) {
        self.chunk_skipping(epoch, t, speed, frames, value, 0.0);
    }

    fn chunk_skipping(&self, epoch: u32, t: f64, speed: f64, n: usize, value: f32, skip: f64) {
        let chunk = Chunk {
            epoch,
            t,
            exact: true,
            speed,
            skipped_s: skip,
            samples: vec![value; n],
        };
        self.queue.send(Msg::Audio(chunk)).expect("queued");
    }

    /// Pulls `frames` frames: (sample, state, position after it).
    fn pull(&mut self, frames: usize) -> Vec<(f32, FrameState, f64)> {
        (0..frames)
            .map(|_| {
                let sample = self.output.next().expect("never ends");
                (sample, self.output.state(), self.control.position().0)
            })
            .collect()
    }

    fn events(&self) -> Vec<PlayerEvent> {
        self.events.try_iter().collect()
    }
}

fn positions(frames: &[(f32, FrameState, f64)]) -> Vec<f64> {
    frames.iter().map(|f| f.2).collect()
}

#[test]
fn frames_of_a_faster_run_stand_for_more_of_the_episode() {
    let mut rig = Rig::new();
    rig.chunk(0, 10.0, 2.0, 1000, 0.5);
    let heard = rig.pull(1000);
    let t = positions(&heard);
    assert_eq!(t[0], 10.0);
    assert!((t[999] - (10.0 + 999.0 * 2.0 / 1000.0)).abs() < 1e-9);
    // A report every half second of listening: a second of the episode at 2×.
    let reported: Vec<f64> = rig
        .events()
        .into_iter()
        .filter_map(|e| match e {
            PlayerEvent::Position { t, .. } => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(reported, [10.0, 11.0]);
}

#[test]
fn a_change_of_pace_takes_over_at_its_time_with_a_cross_fade() {
    let mut rig = Rig::new();
    // The old pace: 1×, 3 s queued from 0 (value 1.0).
    for i in 0..3 {
        rig.chunk(0, f64::from(i), 1.0, 1000, 1.0);
    }
    let before = rig.pull(500);
    rig.events();
    // Asked at 0.5 s: the switch is at 0.62, where the new pace's audio (value -1) starts.
    let epoch = rig.control.soft_epoch(0.62);
    rig.chunk(epoch, 0.62, 1.5, 1000, -1.0);
    let after = rig.pull(400);
    let all: Vec<_> = before.iter().chain(&after).copied().collect();
    assert!(all.iter().all(|f| f.1 == FrameState::Audio), "no gap");
    let t = positions(&all);
    for pair in t.windows(2) {
        assert!(
            pair[1] >= pair[0],
            "time ran back: {} after {}",
            pair[1],
            pair[0]
        );
        assert!(pair[1] - pair[0] <= 1.5 / 1000.0 + 1e-9, "a jump: {pair:?}");
    }
    let first_new = all.iter().position(|f| f.2 >= 0.62).expect("switched");
    assert_eq!(first_new, 620, "heard at the switch time");
    assert!((t[first_new] - 0.62).abs() < 1e-9);
    // Five milliseconds of cross-fade: the old audio fades out, no step from 1 to -1.
    let samples: Vec<f32> = all.iter().map(|f| f.0).collect();
    for pair in samples.windows(2) {
        assert!((pair[1] - pair[0]).abs() <= 0.41, "a click: {pair:?}");
    }
    assert_eq!(samples[first_new + 10], -1.0);
    assert!((t[899] - (0.62 + 279.0 * 1.5 / 1000.0)).abs() < 1e-9);
    // Reported as positions, not as a seek landing.
    let events = rig.events();
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, PlayerEvent::Seeked { .. })),
        "{events:?}"
    );
}

#[test]
fn when_the_old_audio_runs_out_first_the_new_pace_follows_at_once() {
    let mut rig = Rig::new();
    rig.chunk(0, 0.0, 1.0, 100, 0.5);
    let epoch = rig.control.soft_epoch(0.5);
    rig.chunk(epoch, 0.5, 2.0, 100, 0.5);
    let heard = rig.pull(200);
    assert!(heard.iter().all(|f| f.1 == FrameState::Audio));
    assert!((heard[100].2 - 0.5).abs() < 1e-9, "{}", heard[100].2);
}

#[test]
fn a_seek_during_a_change_of_pace_wins() {
    let mut rig = Rig::new();
    rig.chunk(0, 0.0, 1.0, 1000, 0.5);
    rig.pull(10);
    let soft = rig.control.soft_epoch(0.13);
    rig.chunk(soft, 0.13, 1.5, 100, 0.5);
    let seek = rig.control.next_epoch();
    rig.chunk(seek, 50.0, 1.0, 100, 0.5);
    let heard = rig.pull(20);
    assert_eq!(heard[0].2, 50.0);
    let events = rig.events();
    assert!(events.contains(&PlayerEvent::Seeked {
        t: 50.0,
        exact: true
    }));
}

#[test]
fn pause_after_counts_episode_seconds_and_skipped_silence() {
    let mut rig = Rig::new();
    rig.control.pause_after(3.0);
    rig.chunk(0, 0.0, 2.0, 500, 0.5); // 1 s of the episode
    rig.chunk_skipping(0, 3.0, 2.0, 1000, 0.5, 2.0); // 2 s of silence skipped, then 2 s
    let heard = rig.pull(1000);
    let played = heard.iter().filter(|f| f.1 == FrameState::Audio).count();
    // 1 s, then 2 s skipped: the limit is reached right at the cut.
    assert_eq!(played, 500);
    assert_eq!(heard[999].1, FrameState::Paused);
    let events = rig.events();
    assert!(events.contains(&PlayerEvent::SilenceSkipped { seconds: 2.0 }));
    assert!(events.ends_with(&[
        PlayerEvent::Position {
            t: 3.0,
            exact: true
        },
        PlayerEvent::Paused
    ]));
}

#[test]
fn pause_at_stops_where_the_audio_crosses_the_time_not_where_a_seek_jumps_over_it() {
    let mut rig = Rig::new();
    rig.control.set_pause_at(Some(0.25));
    rig.chunk(0, 0.0, 1.5, 1000, 0.5);
    let heard = rig.pull(300);
    let played = heard.iter().filter(|f| f.1 == FrameState::Audio).count();
    // 0.25 s of the episode at 1.5× is frame 167 (0.2505): it is not played.
    assert_eq!(played, 167);
    assert!((rig.control.position().0 - 0.2505).abs() < 1e-9);
    // A seek past a new limit does not stop.
    rig.control.set_paused(false);
    rig.control.set_pause_at(Some(10.0));
    let epoch = rig.control.next_epoch();
    rig.chunk(epoch, 20.0, 1.0, 100, 0.5);
    let heard = rig.pull(100);
    assert!(heard.iter().all(|f| f.1 == FrameState::Audio));
}

#[test]
fn a_fade_out_reaches_silence_and_is_undone() {
    let mut rig = Rig::new();
    rig.chunk(0, 0.0, 1.0, 1000, 1.0);
    rig.chunk(0, 1.0, 1.0, 1000, 1.0);
    rig.pull(10);
    rig.control.fade(100);
    let fading = rig.pull(200);
    assert!(fading[50].0 < 0.6 && fading[50].0 > 0.4, "{}", fading[50].0);
    assert_eq!(fading[150].0, 0.0);
    rig.control.fade(super::playback_control::UNFADE);
    let back = rig.pull(200);
    assert_eq!(back[150].0, 1.0);
}

#[test]
fn a_jump_to_the_end_reports_past_end_not_ended() {
    let mut rig = Rig::new();
    rig.chunk(0, 0.0, 1.0, 100, 0.5);
    rig.pull(50);
    let epoch = rig.control.next_epoch();
    rig.queue
        .send(Msg::End { epoch, clean: true })
        .expect("queued");
    rig.pull(10);
    let events = rig.events();
    assert!(events.contains(&PlayerEvent::PastEnd), "{events:?}");
    assert!(!events.contains(&PlayerEvent::Ended), "{events:?}");
}
