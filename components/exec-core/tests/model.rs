//! Property tests of the parts every request and snippet reaches: the file
//! store against a plain model of files, the path jail against a plain
//! normaliser, and the content decoders against the encoders. Hostile
//! numbers (offsets and lengths near 2^31, 2^32, 2^63, 2^64) are drawn as
//! often as ordinary ones.

use std::collections::BTreeMap;

use base64::Engine as _;
use exec_core::encoding::{ContentEncoding, decode_content};
use exec_core::file_store::{FileStore, FsErrorCode, WriteMode};
use exec_core::vpath::{MAX_NAME_BYTES, MAX_PATH_BYTES, VPath};
use proptest::prelude::*;

const QUOTA: u64 = 4096;
const MAX_FILE: u64 = 3000;
const NAMES: [&str; 3] = ["a", "b", "d/c"];

/// Offsets and lengths: small ones, the store's edges, and wrap points.
fn position() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..64,
        Just(MAX_FILE - 1),
        Just(MAX_FILE),
        Just(QUOTA + 1),
        Just((1 << 31) - 1),
        Just(1 << 31),
        Just((1 << 32) - 1),
        Just(1 << 32),
        Just(1 << 63),
        Just(u64::MAX - 1),
        Just(u64::MAX),
    ]
}

#[derive(Debug, Clone)]
enum Op {
    Write(usize, Vec<u8>),
    Append(usize, Vec<u8>),
    WriteAt(usize, u64, Vec<u8>),
    Truncate(usize, u64),
    Remove(usize),
    Rename(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let name = 0..NAMES.len();
    let bytes = prop::collection::vec(any::<u8>(), 0..300);
    prop_oneof![
        (name.clone(), bytes.clone()).prop_map(|(n, b)| Op::Write(n, b)),
        (name.clone(), bytes.clone()).prop_map(|(n, b)| Op::Append(n, b)),
        (name.clone(), position(), bytes).prop_map(|(n, o, b)| Op::WriteAt(n, o, b)),
        (name.clone(), position()).prop_map(|(n, l)| Op::Truncate(n, l)),
        name.clone().prop_map(Op::Remove),
        (name.clone(), name).prop_map(|(a, b)| Op::Rename(a, b)),
    ]
}

/// The files as plain byte vectors, and what each operation must do to them.
#[derive(Default)]
struct Model {
    files: BTreeMap<&'static str, Vec<u8>>,
}

impl Model {
    fn total(&self) -> u64 {
        self.files.values().map(|f| f.len() as u64).sum()
    }

    /// The limits a resize must respect, in the store's order.
    fn check(&self, old: u64, new: u64) -> Result<(), FsErrorCode> {
        if new > MAX_FILE {
            return Err(FsErrorCode::FileTooLarge);
        }
        if new > old && self.total() - old + new > QUOTA {
            return Err(FsErrorCode::NoSpace);
        }
        Ok(())
    }

    fn apply(&mut self, op: &Op) -> Result<(), FsErrorCode> {
        match op {
            Op::Write(n, bytes) => {
                let old = self.files.get(NAMES[*n]).map_or(0, |f| f.len() as u64);
                self.check(old, bytes.len() as u64)?;
                self.files.insert(NAMES[*n], bytes.clone());
            }
            Op::Append(n, bytes) => {
                let old = self.files.get(NAMES[*n]).map_or(0, |f| f.len() as u64);
                self.check(old, old + bytes.len() as u64)?;
                self.files
                    .entry(NAMES[*n])
                    .or_default()
                    .extend_from_slice(bytes);
            }
            Op::WriteAt(n, offset, bytes) => {
                let old = self
                    .files
                    .get(NAMES[*n])
                    .ok_or(FsErrorCode::NotFound)?
                    .len() as u64;
                let end = offset
                    .checked_add(bytes.len() as u64)
                    .ok_or(FsErrorCode::InvalidArgument)?;
                if bytes.is_empty() {
                    return Ok(());
                }
                self.check(old, end.max(old))?;
                let file = self.files.get_mut(NAMES[*n]).unwrap();
                if (file.len() as u64) < end {
                    file.resize(end as usize, 0);
                }
                file[*offset as usize..end as usize].copy_from_slice(bytes);
            }
            Op::Truncate(n, len) => {
                let old = self
                    .files
                    .get(NAMES[*n])
                    .ok_or(FsErrorCode::NotFound)?
                    .len() as u64;
                self.check(old, *len)?;
                self.files
                    .get_mut(NAMES[*n])
                    .unwrap()
                    .resize(*len as usize, 0);
            }
            Op::Remove(n) => {
                self.files.remove(NAMES[*n]).ok_or(FsErrorCode::NotFound)?;
            }
            Op::Rename(a, b) => {
                let data = self.files.remove(NAMES[*a]).ok_or(FsErrorCode::NotFound)?;
                self.files.insert(NAMES[*b], data);
            }
        }
        Ok(())
    }
}

fn path(name: &str) -> VPath {
    VPath::from_api(name).unwrap()
}

fn apply(store: &mut FileStore, op: &Op) -> Result<(), FsErrorCode> {
    let result = match op {
        Op::Write(n, b) => store.write(&path(NAMES[*n]), b, WriteMode::Truncate),
        Op::Append(n, b) => store.write(&path(NAMES[*n]), b, WriteMode::Append),
        Op::WriteAt(n, o, b) => store.write_at(&path(NAMES[*n]), *o, b),
        Op::Truncate(n, l) => store.truncate(&path(NAMES[*n]), *l),
        Op::Remove(n) => store.remove_file(&path(NAMES[*n])),
        Op::Rename(a, b) => store.rename(&path(NAMES[*a]), &path(NAMES[*b])),
    };
    result.map_err(|e| e.code)
}

proptest! {
    // No regression files written into the tree by a failing run: the
    // minimal input is in the failure message.
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_file_store_behaves_like_the_model(ops in prop::collection::vec(op(), 1..40)) {
        let mut store = FileStore::new();
        store.set_max_file_size(Some(MAX_FILE));
        store.set_storage_limit(QUOTA);
        store.create_dir(&path("d"), false).unwrap();
        let mut model = Model::default();
        for op in &ops {
            let expected = model.apply(op);
            prop_assert_eq!(apply(&mut store, op), expected, "{:?}", op);
            for name in NAMES {
                let actual = store.read(&path(name)).ok().map(<[u8]>::to_vec);
                prop_assert_eq!(actual.as_ref(), model.files.get(name), "{} after {:?}", name, op);
            }
            prop_assert_eq!(store.total_bytes(), model.total());
            prop_assert!(store.total_bytes() <= QUOTA);
        }
    }

    #[test]
    fn snippet_paths_never_leave_the_root(
        cwd in prop::collection::vec("[a-z]{1,3}", 0..4),
        parts in prop::collection::vec(prop_oneof![
            Just("..".to_string()), Just(".".to_string()), Just(String::new()),
            "[a-z]{1,3}", Just("x".repeat(MAX_NAME_BYTES)),
        ], 0..12),
        absolute in any::<bool>(),
    ) {
        let cwd = VPath::from_api(&cwd.join("/")).unwrap();
        let given = format!("{}{}", if absolute { "/" } else { "" }, parts.join("/"));
        let resolved = VPath::from_snippet(&cwd, &given).unwrap();
        // The plain normaliser: a stack of names, `..` pops, nothing escapes.
        // (An empty first part makes the path absolute too.)
        let mut stack: Vec<String> = if given.starts_with('/') {
            Vec::new()
        } else {
            cwd.parts().map(str::to_string).collect()
        };
        for part in &parts {
            match part.as_str() {
                "" | "." => {}
                ".." => { stack.pop(); }
                name => stack.push(name.to_string()),
            }
        }
        prop_assert_eq!(resolved.as_str(), stack.join("/"));
        prop_assert!(resolved.parts().all(|p| p != ".." && p != "." && !p.is_empty()));
    }

    #[test]
    fn api_paths_are_relative_and_refuse_to_escape(
        parts in prop::collection::vec(prop_oneof![
            Just("..".to_string()), Just(".".to_string()), "[a-z]{1,3}",
        ], 0..10),
        absolute in any::<bool>(),
    ) {
        let given = format!("{}{}", if absolute { "/" } else { "" }, parts.join("/"));
        let mut depth: i64 = 0;
        let mut escapes = false;
        for part in &parts {
            match part.as_str() {
                "." => {}
                ".." => { depth -= 1; escapes |= depth < 0; }
                _ => depth += 1,
            }
        }
        match VPath::from_api(&given) {
            Ok(p) => {
                prop_assert!(!absolute && !escapes, "{} accepted as {:?}", given, p);
                prop_assert_eq!(p.parts().count() as i64, depth);
            }
            Err(_) => prop_assert!(absolute || escapes, "{} refused", given),
        }
    }

    #[test]
    fn overlong_paths_are_errors_not_work(extra in 1usize..5000, name_extra in 1usize..300) {
        let long = "a/".repeat((MAX_PATH_BYTES + extra) / 2 + 1);
        prop_assert!(VPath::from_api(&long).is_err());
        prop_assert!(VPath::from_snippet(&VPath::root(), &long).is_err());
        let long_name = "n".repeat(MAX_NAME_BYTES + name_extra);
        prop_assert!(VPath::from_api(&long_name).is_err());
    }

    #[test]
    fn decoders_invert_the_encoders(bytes in prop::collection::vec(any::<u8>(), 0..200), upper in any::<bool>()) {
        let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
        prop_assert_eq!(decode_content("f", b64.as_bytes(), ContentEncoding::Base64).unwrap(), bytes.clone());
        let hex: String = bytes.iter().map(|b| if upper { format!("{b:02X}") } else { format!("{b:02x}") }).collect();
        prop_assert_eq!(decode_content("f", hex.as_bytes(), ContentEncoding::Hex).unwrap(), bytes.clone());
        let utf8 = decode_content("f", &bytes, ContentEncoding::Utf8);
        prop_assert_eq!(utf8.is_ok(), std::str::from_utf8(&bytes).is_ok());
    }

    #[test]
    fn bad_content_is_an_error_naming_the_file(junk in "[g-zG-Z!#$%&*+,;<=>?@~]{1,20}") {
        let err = decode_content("data/input.bin", junk.as_bytes(), ContentEncoding::Hex).unwrap_err();
        prop_assert!(err.to_string().contains("data/input.bin"), "{}", err);
    }
}

#[test]
fn a_write_at_4_gib_is_refused_and_leaves_the_file_alone() {
    let mut store = FileStore::new();
    store
        .write(&path("f"), b"head", WriteMode::Truncate)
        .unwrap();
    for offset in [1u64 << 32, (1 << 32) - 1, 1 << 63, u64::MAX] {
        let err = store.write_at(&path("f"), offset, b"x").unwrap_err();
        assert!(
            matches!(
                err.code,
                FsErrorCode::NoSpace | FsErrorCode::InvalidArgument
            ),
            "{offset}: {err}"
        );
        assert_eq!(store.read(&path("f")).unwrap(), b"head");
    }
}

#[test]
fn a_huge_truncate_allocates_nothing_and_is_enospc() {
    let mut store = FileStore::new();
    store.write(&path("f"), b"x", WriteMode::Truncate).unwrap();
    let err = store.truncate(&path("f"), 1 << 31).unwrap_err();
    assert_eq!(err.code, FsErrorCode::NoSpace);
    assert_eq!(store.total_bytes(), 1);
}

#[test]
fn the_entry_count_is_bounded() {
    let mut store = FileStore::new();
    store.set_storage_limit(u64::MAX);
    let mut refused = None;
    for i in 0..=exec_core::file_store::MAX_ENTRIES {
        if let Err(e) = store.write(&path(&format!("f{i}")), b"", WriteMode::Truncate) {
            refused = Some((i, e.code));
            break;
        }
    }
    assert_eq!(
        refused,
        Some((exec_core::file_store::MAX_ENTRIES, FsErrorCode::NoSpace))
    );
}

#[test]
fn renaming_into_a_path_too_long_changes_nothing() {
    let mut store = FileStore::new();
    let deep = vec!["d"; 1000].join("/");
    store.create_dir(&path(&deep), true).unwrap();
    store
        .write(&path(&format!("{deep}/f")), b"x", WriteMode::Truncate)
        .unwrap();
    let target = vec!["e"; 1500].join("/");
    store.create_dir(&path(&target), true).unwrap();
    let err = store
        .rename(&path("d"), &path(&format!("{target}/moved")))
        .unwrap_err();
    assert_eq!(err.code, FsErrorCode::NameTooLong);
    assert_eq!(store.read(&path(&format!("{deep}/f"))).unwrap(), b"x");
}
