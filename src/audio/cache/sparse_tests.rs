//! Tests of `sparse`.

use super::*;

#[test]
fn writes_land_at_their_offsets_and_length_decides_trust() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/ep.part");
    let (file, kept) = SparseFile::open(&path, 1000).unwrap();
    assert!(!kept, "a new file is never trusted");
    file.write_at(900, b"tail").unwrap();
    file.write_at(0, b"head").unwrap();
    let mut buf = [0u8; 4];
    file.read_at(900, &mut buf).unwrap();
    assert_eq!(&buf, b"tail");
    file.read_at(2, &mut buf).unwrap();
    assert_eq!(&buf, b"ad\0\0");
    drop(file);

    let (file, kept) = SparseFile::open(&path, 1000).unwrap();
    assert!(kept);
    file.read_at(0, &mut buf).unwrap();
    assert_eq!(&buf, b"head");
    drop(file);

    let (file, kept) = SparseFile::open(&path, 999).unwrap();
    assert!(!kept, "another length means another copy");
    file.read_at(0, &mut buf).unwrap();
    assert_eq!(&buf, &[0; 4], "bytes of the old copy are gone");
    assert!(
        file.read_at(998, &mut buf).is_err(),
        "reads stop at the length"
    );
}
