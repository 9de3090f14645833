//! Terminal events turned into the player's inputs: keys through the keymap (or as text while a
//! prompt is open), clicks, the mouse wheel, pastes and resizes.
//!
//! Events are read on a thread of their own with crossterm's blocking `read` and sent straight
//! into the event loop's channel, which keeps the loop a plain `select!` without crossterm's
//! async feature.

use crossterm::event::{
    Event, KeyCode as TermCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::event::{Event as LoopEvent, Events};
use crate::config::{Key, KeyCode};
use crate::core::{Command, Input, State, TextKey};
use crate::ui::hit::HitMap;

/// Starts reading terminal events into the loop's channel, until the terminal cannot be read
/// (then it says why) or the loop is gone.
pub fn spawn_reader(events: Events) {
    std::thread::spawn(move || {
        loop {
            let event = match crossterm::event::read() {
                Ok(event) => LoopEvent::Terminal(event),
                Err(e) => {
                    let _ = events.send(LoopEvent::TerminalGone(format!(
                        "reading the terminal: {e}"
                    )));
                    break;
                }
            };
            if events.send(event).is_err() {
                break;
            }
        }
    });
}

/// The input for a terminal event, if it means anything to the player; a click means what
/// `hits` (the frame last drawn) showed under it.
pub fn to_input(event: Event, state: &State, hits: &HitMap) -> Option<Input> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_input(key, state),
        Event::Paste(text) if state.wants_text() => Some(Input::Text(TextKey::Paste(text))),
        Event::Resize(columns, rows) => Some(Input::Resize { columns, rows }),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                hits.hit(mouse.column, mouse.row).map(Input::Clicked)
            }
            MouseEventKind::ScrollUp => Some(Input::Command(Command::Up)),
            MouseEventKind::ScrollDown => Some(Input::Command(Command::Down)),
            _ => None,
        },
        _ => None,
    }
}

fn key_input(event: KeyEvent, state: &State) -> Option<Input> {
    if event.code == TermCode::Esc {
        return Some(Input::Text(TextKey::Cancel));
    }
    let plain = !event
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if state.wants_text() {
        let text = match event.code {
            TermCode::Char(c) if plain => Some(TextKey::Char(c)),
            TermCode::Backspace => Some(TextKey::Backspace),
            TermCode::Enter => Some(TextKey::Submit),
            TermCode::Up => Some(TextKey::Up),
            TermCode::Down => Some(TextKey::Down),
            _ => None,
        };
        if let Some(text) = text {
            return Some(Input::Text(text));
        }
    }
    let key = to_key(event)?;
    state.keymap.command(&key).map(Input::Command)
}

/// The keymap's name for a crossterm key.
fn to_key(event: KeyEvent) -> Option<Key> {
    let code = match event.code {
        TermCode::Char(c) => KeyCode::Char(c),
        TermCode::Enter => KeyCode::Enter,
        TermCode::Esc => KeyCode::Esc,
        TermCode::Tab => KeyCode::Tab,
        TermCode::BackTab => KeyCode::BackTab,
        TermCode::Backspace => KeyCode::Backspace,
        TermCode::Left => KeyCode::Left,
        TermCode::Right => KeyCode::Right,
        TermCode::Up => KeyCode::Up,
        TermCode::Down => KeyCode::Down,
        TermCode::Home => KeyCode::Home,
        TermCode::End => KeyCode::End,
        TermCode::PageUp => KeyCode::PageUp,
        TermCode::PageDown => KeyCode::PageDown,
        TermCode::F(n) => KeyCode::F(n),
        TermCode::Delete => KeyCode::Delete,
        _ => return None,
    };
    let modifiers = event.modifiers;
    Some(
        Key {
            code,
            ctrl: modifiers.contains(KeyModifiers::CONTROL),
            alt: modifiers.contains(KeyModifiers::ALT),
            shift: modifiers.contains(KeyModifiers::SHIFT),
        }
        .normalized(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn press(code: TermCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn keys_go_through_the_keymap_unless_a_prompt_is_open() {
        let config = Config::default();
        let state = State::new(config.keymap, config.volume);
        assert_eq!(
            to_input(
                press(TermCode::Char('3'), KeyModifiers::NONE),
                &state,
                &HitMap::default()
            ),
            Some(Input::Command(Command::Chapter(3)))
        );
        assert_eq!(
            to_input(
                press(TermCode::Enter, KeyModifiers::NONE),
                &state,
                &HitMap::default()
            ),
            Some(Input::Command(Command::Select))
        );
        assert_eq!(
            to_input(
                press(TermCode::Esc, KeyModifiers::NONE),
                &state,
                &HitMap::default()
            ),
            Some(Input::Text(TextKey::Cancel))
        );
        assert_eq!(
            to_input(Event::Resize(80, 24), &state, &HitMap::default()),
            Some(Input::Resize {
                columns: 80,
                rows: 24
            })
        );
    }
}
