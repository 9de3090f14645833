//! Refreshing on a schedule and cleaning up: every `refresh_every_min` the core refreshes
//! every feed — unless a refresh is still under way, in which case that turn is skipped, so two
//! never run at once — and after each refresh (and each episode played to its end) it asks for
//! the cleanup the configuration wants. The timer runs on the inputs' clock (`WakeAt`/`Tick`),
//! so tests drive it with a virtual one.

use super::effect::Effect;
use super::state::State;

impl State {
    /// Sets the next scheduled refresh one interval from now (nothing when they are off).
    pub(super) fn arm_refresh(&mut self, fx: &mut Vec<Effect>) {
        let Some(every) = self.listening.refresh_every_ms() else {
            self.next_refresh_ms = None;
            return;
        };
        let next = self.now_ms.saturating_add(every);
        self.next_refresh_ms = Some(next);
        fx.push(Effect::WakeAt(next));
    }

    /// On a tick: refreshes every feed when the scheduled time came, unless a refresh runs.
    pub(super) fn scheduled_refresh(&mut self, fx: &mut Vec<Effect>) {
        let Some(due) = self.next_refresh_ms else {
            return;
        };
        if self.now_ms < due {
            return;
        }
        self.arm_refresh(fx);
        if self.refreshing() {
            return; // this turn is skipped: the next is one interval away
        }
        self.refresh_all(fx);
    }

    /// A refresh of some feed is under way.
    pub fn refreshing(&self) -> bool {
        self.library.podcasts.iter().any(|p| p.refreshing)
    }

    /// Asks for the cleanup the configuration wants, if it wants any.
    pub(super) fn clean_up(&mut self, fx: &mut Vec<Effect>) {
        if self.listening.cleans_up() {
            fx.push(Effect::CleanUp {
                playing: self
                    .playback
                    .status
                    .active_episode()
                    .filter(|id| !super::update_preview::is_preview(*id)),
            });
        }
    }
}
