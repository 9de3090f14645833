//! The controls and the published position that the engine, the decode thread and the output
//! share through atomics: no lock anywhere, so the audio callback never waits.
//!
//! Epochs: every seek or change of pace gets a new epoch number, and each queued chunk carries
//! the epoch it was made for. A seek switches the wanted epoch at once (what is queued is
//! stale). A change of pace while playing is a *soft* switch: the output keeps playing what is
//! queued until the switch time (a few tens of milliseconds ahead, so the decode thread has its
//! first audio at the new pace ready by then) and takes the new epoch there, with a short
//! cross-fade: no gap, no click, and time never runs back.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

/// No limit on how much to play.
const NO_LIMIT: u64 = u64::MAX;
/// No fade asked for since the output last looked.
pub(super) const NO_FADE: u64 = u64::MAX;
/// A fade command that restores the full level.
pub(super) const UNFADE: u64 = 0;

/// The state shared by the engine, the decode thread and the output.
#[derive(Debug)]
pub struct PlaybackControl {
    /// The epoch whose audio is wanted now; chunks of other epochs are stale (but see
    /// `switch_epoch`).
    epoch: AtomicU32,
    /// The last epoch number handed out.
    issued: AtomicU32,
    /// A soft switch: once the audio heard reaches `switch_at` (episode time, `f64` bits), the
    /// output takes this epoch. Pending while it is newer than `epoch`.
    switch_epoch: AtomicU32,
    switch_at: AtomicU64,
    /// The newest epoch started by a change of pace rather than a seek: its first audio is
    /// reported as a position, not as a seek landing.
    quiet: AtomicU32,
    paused: AtomicBool,
    stopped: AtomicBool,
    /// Linear gain, as `f32` bits.
    gain: AtomicU32,
    /// Listener time of the last frame handed out, as `f64` bits.
    position: AtomicU64,
    exact: AtomicBool,
    /// A correction for the approximate audio of one epoch: the epoch + 1 in the high half,
    /// the shift in microseconds (i32) in the low half; 0 when none.
    fix: AtomicU64,
    /// How many times the engine interrupted the source's reads.
    interrupts: AtomicU32,
    /// Episode seconds to play from now before pausing by itself (`f64` bits; NaN: none
    /// asked since the output last looked).
    pause_after: AtomicU64,
    /// Episode time (`f64` bits) at which to pause by itself; [`NO_LIMIT`] for none.
    pause_at: AtomicU64,
    /// A fade asked for: [`NO_FADE`], [`UNFADE`], or a fade-out over this many frames.
    fade: AtomicU64,
}

impl PlaybackControl {
    /// Controls for audio about to start at `t`.
    pub fn new(t: f64, exact: bool) -> Self {
        Self {
            epoch: AtomicU32::new(0),
            issued: AtomicU32::new(0),
            switch_epoch: AtomicU32::new(0),
            switch_at: AtomicU64::new(0),
            quiet: AtomicU32::new(0),
            paused: AtomicBool::new(false),
            stopped: AtomicBool::new(false),
            gain: AtomicU32::new(1.0f32.to_bits()),
            position: AtomicU64::new(t.to_bits()),
            exact: AtomicBool::new(exact),
            fix: AtomicU64::new(0),
            interrupts: AtomicU32::new(0),
            pause_after: AtomicU64::new(f64::NAN.to_bits()),
            pause_at: AtomicU64::new(NO_LIMIT),
            fade: AtomicU64::new(NO_FADE),
        }
    }

    /// Pauses the output by itself once `seconds` of the episode have been heard from now
    /// (frames × their speed, plus silence skipped).
    pub fn pause_after(&self, seconds: f64) {
        self.pause_after.store(seconds.to_bits(), Ordering::Release);
    }

    /// The `pause_after` asked for since the last look, if any.
    pub(super) fn take_pause_after(&self) -> Option<f64> {
        let bits = self.pause_after.swap(f64::NAN.to_bits(), Ordering::AcqRel);
        Some(f64::from_bits(bits)).filter(|s| !s.is_nan())
    }

    /// Pauses the output by itself when the audio heard reaches episode time `t` (`None`:
    /// never).
    pub fn set_pause_at(&self, t: Option<f64>) {
        let bits = t.filter(|t| t.is_finite()).map_or(NO_LIMIT, f64::to_bits);
        self.pause_at.store(bits, Ordering::Release);
    }

    pub(super) fn pause_at(&self) -> Option<f64> {
        let bits = self.pause_at.load(Ordering::Acquire);
        (bits != NO_LIMIT).then(|| f64::from_bits(bits))
    }

    /// Asks for a fade: out over `frames` frames, or ([`UNFADE`]) back to the full level.
    pub fn fade(&self, frames: u64) {
        self.fade.store(frames, Ordering::Release);
    }

    pub(super) fn take_fade(&self) -> u64 {
        if self.fade.load(Ordering::Acquire) == NO_FADE {
            return NO_FADE;
        }
        self.fade.swap(NO_FADE, Ordering::AcqRel)
    }

    /// The epoch wanted now.
    pub(super) fn epoch(&self) -> u32 {
        self.epoch.load(Ordering::Acquire)
    }

    fn issue(&self) -> u32 {
        self.issued.fetch_add(1, Ordering::AcqRel).wrapping_add(1)
    }

    /// Makes every queued chunk stale at once (a seek); returns the new epoch.
    pub fn next_epoch(&self) -> u32 {
        let epoch = self.issue();
        self.epoch.store(epoch, Ordering::Release);
        epoch
    }

    /// A new epoch the output takes once the audio heard reaches episode time `at`, or once
    /// what is queued before it runs out; returns it. Its first audio is not a seek landing.
    pub fn soft_epoch(&self, at: f64) -> u32 {
        let epoch = self.issue();
        self.switch_at.store(at.to_bits(), Ordering::Release);
        self.switch_epoch.store(epoch, Ordering::Release);
        self.quiet.store(epoch, Ordering::Release);
        epoch
    }

    /// Marks `epoch` (a hard switch for a change of pace) as not a seek.
    pub fn mark_quiet(&self, epoch: u32) {
        self.quiet.store(epoch, Ordering::Release);
    }

    pub(super) fn is_quiet(&self, epoch: u32) -> bool {
        epoch != 0 && self.quiet.load(Ordering::Acquire) == epoch
    }

    /// The soft switch pending over `epoch`, as (its epoch, the switch time).
    pub(super) fn pending_switch(&self, epoch: u32) -> Option<(u32, f64)> {
        let next = self.switch_epoch.load(Ordering::Acquire);
        (next > epoch).then(|| (next, f64::from_bits(self.switch_at.load(Ordering::Acquire))))
    }

    /// Takes the switch from `from` to `to`; false when a seek came in between (the wanted
    /// epoch is no longer `from`).
    pub(super) fn take_switch(&self, from: u32, to: u32) -> bool {
        self.epoch
            .compare_exchange(from, to, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    pub fn set_paused(&self, paused: bool) {
        self.paused.store(paused, Ordering::Release);
    }

    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Acquire)
    }

    /// Ends the source: the sound card drops it.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
    }

    pub(super) fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::Acquire)
    }

    pub fn set_gain(&self, gain: f32) {
        self.gain.store(gain.to_bits(), Ordering::Relaxed);
    }

    pub(super) fn gain(&self) -> f32 {
        f32::from_bits(self.gain.load(Ordering::Relaxed))
    }

    /// Listener time of the audio being heard and whether it is exact.
    pub fn position(&self) -> (f64, bool) {
        let t = f64::from_bits(self.position.load(Ordering::Acquire));
        (t, self.exact.load(Ordering::Acquire))
    }

    /// Counts an interruption of the source's reads, before it happens.
    pub fn note_interrupt(&self) {
        self.interrupts.fetch_add(1, Ordering::AcqRel);
    }

    pub fn interrupts(&self) -> u32 {
        self.interrupts.load(Ordering::Acquire)
    }

    /// The approximate audio of `epoch` is `shift` seconds off; from now on it is reported
    /// corrected and exact (chunks decoded later carry the corrected time themselves).
    pub fn correct(&self, epoch: u32, shift: f64) {
        let micros = (shift * 1e6)
            .round()
            .clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32;
        let packed = (u64::from(epoch.wrapping_add(1)) << 32) | u64::from(micros as u32);
        self.fix.store(packed, Ordering::Release);
    }

    /// The shift for approximate audio of `epoch`, if one is known.
    pub(super) fn fix_for(&self, epoch: u32) -> Option<f64> {
        let packed = self.fix.load(Ordering::Acquire);
        let fixed_epoch = (packed >> 32) as u32;
        (packed != 0 && fixed_epoch == epoch.wrapping_add(1))
            .then(|| f64::from(packed as u32 as i32) / 1e6)
    }

    pub(super) fn publish(&self, t: f64, exact: bool) {
        self.exact.store(exact, Ordering::Release);
        self.position.store(t.to_bits(), Ordering::Release);
    }
}
