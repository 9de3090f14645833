//! Chapter navigation: which chapter a position is in, and where next/previous/N lead.

use crate::model::Chapter;

/// Within this many seconds of a chapter's start, "previous" goes to the chapter before it
/// rather than back to the start of the current one.
pub const PREVIOUS_GRACE_S: f64 = 3.0;

/// The visible chapters (the ones the publisher lists in the table of contents), in order.
pub fn visible(chapters: &[Chapter]) -> Vec<&Chapter> {
    chapters.iter().filter(|c| c.toc).collect()
}

/// Index into `chapters` of the chapter playing at `t`, if `t` is at or after the first start.
pub fn current(chapters: &[&Chapter], t: f64) -> Option<usize> {
    chapters.iter().rposition(|c| c.start_s <= t + 1e-6)
}

/// Where "next chapter" leads from `t`: the start of the next chapter, if any.
pub fn next(chapters: &[&Chapter], t: f64) -> Option<usize> {
    match current(chapters, t) {
        Some(i) if i + 1 < chapters.len() => Some(i + 1),
        Some(_) => None,
        None => (!chapters.is_empty()).then_some(0),
    }
}

/// Where "previous chapter" leads from `t`: the start of the current chapter, or the one before
/// it within the first [`PREVIOUS_GRACE_S`] seconds of the current chapter.
pub fn previous(chapters: &[&Chapter], t: f64) -> Option<usize> {
    let i = current(chapters, t)?;
    let into = t - chapters[i].start_s;
    if into < PREVIOUS_GRACE_S && i > 0 {
        Some(i - 1)
    } else {
        Some(i)
    }
}

/// Chapter `n` (1-based) of the visible chapters.
pub fn nth(chapters: &[&Chapter], n: u32) -> Option<usize> {
    let i = usize::try_from(n).ok()?.checked_sub(1)?;
    (i < chapters.len()).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChapterSource;

    fn list() -> Vec<Chapter> {
        let mut hidden = Chapter::new(20.0, "ad", ChapterSource::PodcastJson);
        hidden.toc = false;
        vec![
            Chapter::new(0.0, "intro", ChapterSource::PodcastJson),
            Chapter::new(10.0, "one", ChapterSource::PodcastJson),
            hidden,
            Chapter::new(30.0, "two", ChapterSource::PodcastJson),
        ]
    }

    #[test]
    fn hidden_chapters_are_not_navigated() {
        let all = list();
        let v = visible(&all);
        assert_eq!(v.len(), 3);
        assert_eq!(current(&v, 25.0), Some(1));
        assert_eq!(nth(&v, 3).map(|i| v[i].title.as_str()), Some("two"));
        assert_eq!(nth(&v, 4), None);
        assert_eq!(nth(&v, 0), None);
    }

    #[test]
    fn next_and_previous() {
        let all = list();
        let v = visible(&all);
        assert_eq!(next(&v, 5.0), Some(1));
        assert_eq!(next(&v, 35.0), None);
        assert_eq!(
            previous(&v, 15.0),
            Some(1),
            "back to the start of the current chapter"
        );
        assert_eq!(previous(&v, 11.0), Some(0), "within 3 s: one further back");
        assert_eq!(
            previous(&v, 1.0),
            Some(0),
            "the first chapter has nothing before it"
        );
    }
}
