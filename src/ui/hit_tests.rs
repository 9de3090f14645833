//! Tests of `hit`.

use super::*;
use crate::core::Command;
use crate::core::input::Input;
use crate::core::test_library::state;
use crate::ui::snapshot_support::feed;

#[test]
fn cells_map_to_what_they_show() {
    let state = state();
    let screen = Rect::new(0, 0, 80, 24);
    let map = HitMap::new(screen, &state);
    let areas = layout::areas(screen, &state).expect("80×24 fits");
    assert_eq!(map.hit(3, 1), Some(Hit::Podcast(0)));
    assert_eq!(map.hit(3, 2), None, "below the only podcast");
    assert_eq!(
        map.hit(areas.episodes.x + 5, areas.episodes.y + 3),
        Some(Hit::Episode(2))
    );
    assert_eq!(
        map.hit(areas.chapters.x + 5, areas.chapters.y + 2),
        Some(Hit::Chapter(1))
    );
    assert_eq!(
        map.hit(areas.notes.x + 2, areas.notes.y + 2),
        Some(Hit::Notes)
    );
    let bar = layout::player_parts(areas.player).bar;
    assert_eq!(
        map.hit(bar.x + bar.width / 2, bar.y),
        Some(Hit::Progress {
            cell: bar.width / 2,
            width: bar.width
        })
    );
}

#[test]
fn an_open_overlay_takes_every_click() {
    let mut state = state();
    feed(&mut state, 0, [Input::Command(Command::Downloads)]);
    let screen = Rect::new(0, 0, 80, 24);
    let map = HitMap::new(screen, &state);
    let area = layout::overlay_area(screen, &state).expect("the downloads overlay");
    assert_eq!(map.hit(0, 0), Some(Hit::OverlayOutside));
    assert_eq!(map.hit(area.x + 2, area.y), Some(Hit::OverlayInside));
}
