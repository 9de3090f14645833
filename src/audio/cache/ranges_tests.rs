//! Tests of `ranges`.

use super::*;
use proptest::prelude::*;

fn set(ranges: &[Range<u64>]) -> RangeSet {
    let mut set = RangeSet::new();
    for r in ranges {
        set.insert(r.clone());
    }
    set
}

#[test]
fn touching_and_overlapping_ranges_merge() {
    let s = set(&[100..200, 300..400, 200..250, 390..500, 0..10, 10..10]);
    assert_eq!(s.as_slice(), &[0..10, 100..250, 300..500]);
    let s = set(&[100..200, 300..400, 0..1000]);
    assert_eq!(s.as_slice().to_vec(), vec![0..1000]);
    let s = set(&[100..200, 150..160]);
    assert_eq!(s.as_slice().to_vec(), vec![100..200]);
}

#[test]
fn covered_gives_the_end_of_the_run() {
    let s = set(&[10..20, 30..40]);
    assert_eq!(s.covered(9), None);
    assert_eq!(s.covered(10), Some(20));
    assert_eq!(s.covered(19), Some(20));
    assert_eq!(s.covered(20), None);
    assert_eq!(s.covered(35), Some(40));
    assert_eq!(s.covered(40), None);
}

#[test]
fn missing_parts_of_a_window() {
    let s = set(&[10..20, 30..40]);
    assert_eq!(s.missing_in(0, 50), vec![0..10, 20..30, 40..50]);
    assert_eq!(s.missing_in(15, 35), vec![20..30]);
    assert_eq!(s.missing_in(12, 18), Vec::<Range<u64>>::new());
    assert_eq!(s.missing_in(5, 5), Vec::<Range<u64>>::new());
    assert_eq!(s.first_missing(10, 40), Some(20));
    assert_eq!(s.first_missing(10, 20), None);
    assert!(set(&[0..5, 5..9]).is_complete(9));
    assert!(!s.is_complete(40));
}

/// The set as a bitmap over `0..n`.
fn bitmap(s: &RangeSet, n: u64) -> Vec<bool> {
    (0..n).map(|b| s.covered(b).is_some()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The set is exactly the union of the inserted ranges, in canonical form.
    #[test]
    fn the_set_is_the_union(inserts in prop::collection::vec((0u64..120, 0u64..30), 0..25)) {
        let mut s = RangeSet::new();
        let mut present = [false; 160];
        for (start, len) in &inserts {
            s.insert(*start..start + len);
            for b in *start..start + len {
                present[b as usize] = true;
            }
        }
        prop_assert_eq!(bitmap(&s, 160), present.to_vec());
        for pair in s.as_slice().windows(2) {
            prop_assert!(pair[0].end < pair[1].start, "not canonical: {:?}", s);
        }
        prop_assert!(s.as_slice().iter().all(|r| r.start < r.end));
    }

    /// `covered` ends where the run of cached bytes ends; `missing_in` lists exactly the
    /// absent bytes of the window; `first_missing` is the first of them.
    #[test]
    fn queries_agree_with_the_bitmap(
        inserts in prop::collection::vec((0u64..120, 0u64..30), 0..25),
        a in 0u64..160,
        len in 0u64..160,
    ) {
        let mut s = RangeSet::new();
        for (start, l) in &inserts {
            s.insert(*start..start + l);
        }
        let bits = bitmap(&s, 320);
        let b = a + len;
        for offset in a..b {
            let expected = bits[offset as usize].then(|| {
                (offset..320).find(|&o| !bits[o as usize]).unwrap_or(320)
            });
            prop_assert_eq!(s.covered(offset), expected);
        }
        let missing = s.missing_in(a, b);
        let mut from_ranges = vec![false; 320];
        for r in &missing {
            prop_assert!(r.start < r.end && a <= r.start && r.end <= b);
            for o in r.clone() {
                from_ranges[o as usize] = true;
            }
        }
        for o in a..b {
            prop_assert_eq!(from_ranges[o as usize], !bits[o as usize]);
        }
        for pair in missing.windows(2) {
            prop_assert!(pair[0].end < pair[1].start);
        }
        prop_assert_eq!(s.first_missing(a, b), missing.first().map(|r| r.start));
    }
}
