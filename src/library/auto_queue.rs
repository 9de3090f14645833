//! Automatic queueing: after a refresh, the new episodes of each podcast whose settings say
//! `auto_queue = "end"` or `"front"` go to Up Next, oldest first, while Up Next is shorter than
//! the podcast's `auto_queue_max`. Nothing that plays is touched: only the queue changes.

use super::refresh::Report;
use crate::config::{AutoQueue, Listening};
use crate::model::UpNextPlace;
use crate::store::{Store, StoreError};

/// Queues what the refresh `reports` brought, as each podcast's settings say; returns the
/// episodes queued.
pub fn after_refresh(
    store: &mut Store,
    reports: &[Report],
    listening: &Listening,
) -> Result<Vec<i64>, StoreError> {
    let mut queued = Vec::new();
    for report in reports.iter().filter(|r| !r.arrived.is_empty()) {
        let settings = listening.podcast(report.feed_url.as_deref());
        let place = match settings.auto_queue {
            AutoQueue::Off => continue,
            AutoQueue::End => UpNextPlace::End,
            AutoQueue::Front => UpNextPlace::Front,
        };
        let mut dated = Vec::new();
        for id in &report.arrived {
            let published = store
                .episode_row(*id)?
                .and_then(|row| row.episode.published);
            dated.push((published, *id));
        }
        // Oldest first, so they play in the order they were published.
        dated.sort();
        let ids: Vec<i64> = dated.into_iter().map(|(_, id)| id).collect();
        queued.extend(store.up_next_fill(&ids, place, settings.auto_queue_max as usize)?);
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PodcastOverrides;
    use crate::library::refresh::FeedStatus;
    use crate::model::{Episode, Podcast};

    fn episode(n: i64) -> Episode {
        Episode {
            guid: format!("g{n}"),
            title: format!("Episode {n}"),
            published: chrono::DateTime::from_timestamp(n * 86_400, 0),
            ..Episode::default()
        }
    }

    fn report(feed_url: &str, arrived: Vec<i64>) -> Report {
        Report {
            title: String::new(),
            feed_url: Some(feed_url.into()),
            status: FeedStatus::Updated,
            new_episodes: arrived.len(),
            arrived,
            error: None,
        }
    }

    #[test]
    fn marked_podcasts_fill_up_next_oldest_first_up_to_the_limit() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store.add_podcast("https://a.example/feed").unwrap();
        let b = store.add_podcast("https://b.example/feed").unwrap();
        let mut ids = Vec::new();
        for (podcast, range) in [(a, 1..=3), (b, 4..=5)] {
            let feed = Podcast {
                episodes: range.map(episode).collect(),
                ..Podcast::default()
            };
            store
                .save_feed(podcast, &feed, &Default::default(), 1)
                .unwrap();
            let mut rows: Vec<i64> = store
                .episode_rows(podcast)
                .unwrap()
                .iter()
                .map(|r| r.state.id)
                .collect();
            rows.reverse(); // oldest first
            ids.push(rows);
        }
        let playing = ids[0][0];
        store.up_next_put(&[playing], UpNextPlace::End).unwrap();
        let mut listening = Listening::default();
        listening.podcasts.insert(
            "https://a.example/feed".into(),
            PodcastOverrides {
                auto_queue: Some(AutoQueue::Front),
                auto_queue_max: Some(3),
                ..PodcastOverrides::default()
            },
        );
        let newest_first = |v: &[i64]| v.iter().rev().copied().collect::<Vec<_>>();
        let reports = [
            report("https://a.example/feed", newest_first(&ids[0][1..])),
            report("https://b.example/feed", newest_first(&ids[1])),
        ];
        let queued = after_refresh(&mut store, &reports, &listening).unwrap();
        assert_eq!(queued, [ids[0][1], ids[0][2]], "podcast b is not marked");
        assert_eq!(
            store.up_next_ids().unwrap(),
            [ids[0][1], ids[0][2], playing],
            "at the front, oldest first; what was queued stays"
        );
        let again = after_refresh(&mut store, &reports, &listening).unwrap();
        assert!(again.is_empty(), "queued already, and the queue is full");
    }
}
