//! A bounds-checked reader over a byte slice, shared by the chapter parsers.
//!
//! Every method returns `None` instead of reading past the end, so a parser over untrusted
//! bytes turns a short structure into an error of its own choosing and never panics.

/// A position in a byte slice.
#[derive(Clone, Debug)]
pub(crate) struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Cursor<'a> {
        Cursor { data, pos: 0 }
    }

    /// Bytes consumed so far.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The bytes not consumed yet.
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }

    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let bytes = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(bytes)
    }

    pub(crate) fn skip(&mut self, n: usize) -> Option<()> {
        self.take(n).map(|_| ())
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    pub(crate) fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }

    pub(crate) fn u16_be(&mut self) -> Option<u16> {
        self.array().map(u16::from_be_bytes)
    }

    pub(crate) fn u24_be(&mut self) -> Option<u32> {
        self.array::<3>()
            .map(|[a, b, c]| u32::from_be_bytes([0, a, b, c]))
    }

    pub(crate) fn u32_be(&mut self) -> Option<u32> {
        self.array().map(u32::from_be_bytes)
    }

    pub(crate) fn u64_be(&mut self) -> Option<u64> {
        self.array().map(u64::from_be_bytes)
    }

    pub(crate) fn u32_le(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    /// The bytes up to a NUL, consuming the NUL too; `None` when no NUL follows.
    pub(crate) fn until_nul(&mut self) -> Option<&'a [u8]> {
        let rest = self.rest();
        let len = rest.iter().position(|&b| b == 0)?;
        let bytes = rest.get(..len)?;
        self.skip(len.checked_add(1)?)?;
        Some(bytes)
    }
}

/// A big-endian `u32` at `at`, if the slice is long enough.
pub(crate) fn be_u32_at(data: &[u8], at: usize) -> Option<u32> {
    let mut cursor = Cursor::new(data);
    cursor.skip(at)?;
    cursor.u32_be()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_and_stops_at_the_end() {
        let mut c = Cursor::new(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        assert_eq!(c.u8(), Some(1));
        assert_eq!(c.u16_be(), Some(0x0203));
        assert_eq!(c.u24_be(), Some(0x040506));
        assert_eq!(c.u32_le(), Some(0x0a09_0807));
        assert_eq!(c.pos(), 10);
        assert_eq!(c.u32_be(), None);
        assert_eq!(c.u8(), Some(11));
        assert_eq!(c.u8(), None);
        assert_eq!(c.take(usize::MAX), None);
    }

    #[test]
    fn nul_terminated_strings() {
        let mut c = Cursor::new(b"chp0\0rest");
        assert_eq!(c.until_nul(), Some(&b"chp0"[..]));
        assert_eq!(c.rest(), b"rest");
        assert_eq!(c.until_nul(), None);
        assert_eq!(c.rest(), b"rest");
    }

    #[test]
    fn u32_at_offsets() {
        assert_eq!(be_u32_at(&[0, 0, 0, 0, 1], 1), Some(1));
        assert_eq!(be_u32_at(&[0, 0, 0, 0, 1], 2), None);
        assert_eq!(be_u32_at(&[], usize::MAX), None);
        assert_eq!(Cursor::new(&[0, 0, 0, 0, 0, 0, 1, 0]).u64_be(), Some(256));
    }
}
