//! Which bytes of an episode are in its cache file: a set of half-open ranges `[start, end)`,
//! kept sorted, disjoint and non-adjacent (touching ranges merge on insert), so "is this byte
//! here, and up to where?" is one binary search.

use std::ops::Range;

/// The cached byte ranges of one episode.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RangeSet {
    ranges: Vec<Range<u64>>,
}

impl RangeSet {
    pub fn new() -> RangeSet {
        RangeSet::default()
    }

    /// The ranges, sorted, disjoint and non-adjacent.
    pub fn as_slice(&self) -> &[Range<u64>] {
        &self.ranges
    }

    /// Adds `range`, merging it with every range it overlaps or touches. Empty ranges change
    /// nothing.
    pub fn insert(&mut self, range: Range<u64>) {
        if range.start >= range.end {
            return;
        }
        // First range that ends at or after the new start (it may touch or overlap).
        let first = self.ranges.partition_point(|r| r.end < range.start);
        // First range that starts after the new end (it neither touches nor overlaps).
        let last = self.ranges.partition_point(|r| r.start <= range.end);
        let mut merged = range;
        if first < last {
            merged.start = merged.start.min(self.ranges[first].start);
            merged.end = merged.end.max(self.ranges[last - 1].end);
        }
        self.ranges.splice(first..last, std::iter::once(merged));
    }

    /// Forgets every range.
    pub fn clear(&mut self) {
        self.ranges.clear();
    }

    /// When byte `offset` is cached, the end of the cached run holding it.
    pub fn covered(&self, offset: u64) -> Option<u64> {
        let i = self.ranges.partition_point(|r| r.end <= offset);
        self.ranges
            .get(i)
            .filter(|r| r.start <= offset)
            .map(|r| r.end)
    }

    /// The parts of `[a, b)` that are not cached, in order.
    pub fn missing_in(&self, a: u64, b: u64) -> Vec<Range<u64>> {
        let mut missing = Vec::new();
        let mut at = a;
        let first = self.ranges.partition_point(|r| r.end <= a);
        for r in &self.ranges[first..] {
            if at >= b {
                break;
            }
            if r.start > at {
                missing.push(at..r.start.min(b));
            }
            at = at.max(r.end);
        }
        if at < b {
            missing.push(at..b);
        }
        missing
    }

    /// The first byte of `[a, b)` that is not cached.
    pub fn first_missing(&self, a: u64, b: u64) -> Option<u64> {
        if a >= b {
            return None;
        }
        match self.covered(a) {
            None => Some(a),
            Some(end) if end < b => Some(end),
            Some(_) => None,
        }
    }

    /// Whether every byte of `[0, total)` is cached.
    pub fn is_complete(&self, total: u64) -> bool {
        self.first_missing(0, total).is_none()
    }
}

#[cfg(test)]
#[path = "ranges_tests.rs"]
mod tests;
