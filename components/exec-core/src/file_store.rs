//! The session file store: an in-memory tree of directories and files owned
//! by one session (or one one-shot run). It has no symlinks and no link to
//! the host file system, so isolation does not depend on the host's setup.

use std::collections::BTreeMap;
use std::fmt;

use crate::vpath::VPath;

mod changes;
pub use changes::FileChange;

/// POSIX-style error codes, which both Node (`err.code`) and Python
/// (`errno`) surface to snippets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsErrorCode {
    NotFound,
    AlreadyExists,
    NotADirectory,
    IsADirectory,
    NotEmpty,
    FileTooLarge,
    InvalidArgument,
    PermissionDenied,
    /// The session's storage quota (bytes or entries) is used up.
    NoSpace,
    NameTooLong,
}

impl FsErrorCode {
    pub fn code(self) -> &'static str {
        match self {
            FsErrorCode::NotFound => "ENOENT",
            FsErrorCode::AlreadyExists => "EEXIST",
            FsErrorCode::NotADirectory => "ENOTDIR",
            FsErrorCode::IsADirectory => "EISDIR",
            FsErrorCode::NotEmpty => "ENOTEMPTY",
            FsErrorCode::FileTooLarge => "EFBIG",
            FsErrorCode::InvalidArgument => "EINVAL",
            FsErrorCode::PermissionDenied => "EACCES",
            FsErrorCode::NoSpace => "ENOSPC",
            FsErrorCode::NameTooLong => "ENAMETOOLONG",
        }
    }

    pub fn errno(self) -> i32 {
        match self {
            FsErrorCode::NotFound => 2,
            FsErrorCode::AlreadyExists => 17,
            FsErrorCode::NotADirectory => 20,
            FsErrorCode::IsADirectory => 21,
            FsErrorCode::NotEmpty => 39,
            FsErrorCode::FileTooLarge => 27,
            FsErrorCode::InvalidArgument => 22,
            FsErrorCode::PermissionDenied => 13,
            FsErrorCode::NoSpace => 28,
            FsErrorCode::NameTooLong => 36,
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            FsErrorCode::NotFound => "no such file or directory",
            FsErrorCode::AlreadyExists => "file already exists",
            FsErrorCode::NotADirectory => "not a directory",
            FsErrorCode::IsADirectory => "illegal operation on a directory",
            FsErrorCode::NotEmpty => "directory not empty",
            FsErrorCode::FileTooLarge => "file too large",
            FsErrorCode::InvalidArgument => "invalid argument",
            FsErrorCode::PermissionDenied => "permission denied",
            FsErrorCode::NoSpace => "no space left on device",
            FsErrorCode::NameTooLong => "file name too long",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsError {
    pub code: FsErrorCode,
    pub path: VPath,
}

impl FsError {
    fn new(code: FsErrorCode, path: &VPath) -> Self {
        FsError {
            code,
            path: path.clone(),
        }
    }
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}, '{}'",
            self.code.code(),
            self.code.description(),
            self.path
        )
    }
}

pub type FsResult<T> = Result<T, FsError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    File,
    Dir,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metadata {
    pub kind: NodeKind,
    pub size: u64,
    /// Milliseconds since the Unix epoch.
    pub modified_ms: f64,
    pub created_ms: f64,
}

#[derive(Debug, Clone)]
enum Node {
    File {
        data: Vec<u8>,
        modified_ms: f64,
        created_ms: f64,
    },
    Dir {
        created_ms: f64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    Truncate,
    Append,
    /// Fails with `EEXIST` if the file exists.
    CreateNew,
}

/// The most entries (files and directories) one store holds.
pub const MAX_ENTRIES: usize = 100_000;

#[derive(Debug)]
pub struct FileStore {
    /// Keyed by the normalised path; the root directory is implicit.
    nodes: BTreeMap<VPath, Node>,
    /// Largest size any file may reach; `None` is unlimited.
    max_file_size: Option<u64>,
    /// Most bytes all files together may hold (the storage quota).
    storage_limit: u64,
    /// Most entries the store may hold.
    max_entries: usize,
    /// Bytes held in all files; never more than `storage_limit`.
    total_bytes: u64,
    /// Paths changed since the last `take_changes`, when tracking is on.
    touched: Option<std::collections::BTreeSet<VPath>>,
}

fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

impl Default for FileStore {
    fn default() -> Self {
        FileStore {
            nodes: BTreeMap::new(),
            max_file_size: None,
            storage_limit: crate::limits::DEFAULT_STORAGE_BYTES,
            max_entries: MAX_ENTRIES,
            total_bytes: 0,
            touched: None,
        }
    }
}

impl FileStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set_max_file_size(&mut self, limit: Option<u64>) {
        self.max_file_size = limit;
    }

    /// The storage quota: past it, growing writes fail with `ENOSPC`.
    pub fn set_storage_limit(&mut self, bytes: u64) {
        self.storage_limit = bytes;
    }

    pub fn max_file_size(&self) -> Option<u64> {
        self.max_file_size
    }

    /// Bytes held in all files.
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    /// Whether the file at `path` may go from `old` to `new` bytes: `EFBIG`
    /// past the file-size limit, `ENOSPC` past the storage quota. Passing
    /// this also proves `new` fits in memory here (a `usize`), so callers
    /// may index with it.
    fn check_resize(&self, path: &VPath, old: u64, new: u64) -> FsResult<()> {
        if self.max_file_size.is_some_and(|limit| new > limit) {
            return Err(FsError::new(FsErrorCode::FileTooLarge, path));
        }
        let Some(growth) = new.checked_sub(old) else {
            return Ok(());
        };
        let fits = self
            .total_bytes
            .checked_add(growth)
            .is_some_and(|total| total <= self.storage_limit)
            && usize::try_from(new).is_ok();
        if fits {
            Ok(())
        } else {
            Err(FsError::new(FsErrorCode::NoSpace, path))
        }
    }

    /// Whether one more entry fits.
    fn check_new_entry(&self, path: &VPath) -> FsResult<()> {
        if self.nodes.len() < self.max_entries {
            Ok(())
        } else {
            Err(FsError::new(FsErrorCode::NoSpace, path))
        }
    }

    pub fn metadata(&self, path: &VPath) -> FsResult<Metadata> {
        if path.is_root() {
            return Ok(Metadata {
                kind: NodeKind::Dir,
                size: 0,
                modified_ms: 0.0,
                created_ms: 0.0,
            });
        }
        match self.nodes.get(path) {
            Some(Node::File {
                data,
                modified_ms,
                created_ms,
            }) => Ok(Metadata {
                kind: NodeKind::File,
                size: data.len() as u64,
                modified_ms: *modified_ms,
                created_ms: *created_ms,
            }),
            Some(Node::Dir { created_ms }) => Ok(Metadata {
                kind: NodeKind::Dir,
                size: 0,
                modified_ms: *created_ms,
                created_ms: *created_ms,
            }),
            None => Err(self.missing(path)),
        }
    }

    /// `ENOTDIR` if a parent is a file, else `ENOENT`.
    fn missing(&self, path: &VPath) -> FsError {
        let mut ancestor = path.parent();
        while let Some(dir) = ancestor {
            if let Some(Node::File { .. }) = self.nodes.get(&dir) {
                return FsError::new(FsErrorCode::NotADirectory, path);
            }
            ancestor = dir.parent();
        }
        FsError::new(FsErrorCode::NotFound, path)
    }

    pub fn exists(&self, path: &VPath) -> bool {
        path.is_root() || self.nodes.contains_key(path)
    }

    pub fn is_dir(&self, path: &VPath) -> bool {
        path.is_root() || matches!(self.nodes.get(path), Some(Node::Dir { .. }))
    }

    fn require_parent_dir(&self, path: &VPath) -> FsResult<()> {
        match path.parent() {
            None => Err(FsError::new(FsErrorCode::IsADirectory, path)),
            Some(parent) if self.is_dir(&parent) => Ok(()),
            Some(parent) if self.nodes.contains_key(&parent) => {
                Err(FsError::new(FsErrorCode::NotADirectory, path))
            }
            Some(_) => Err(self.missing(path)),
        }
    }

    pub fn read(&self, path: &VPath) -> FsResult<&[u8]> {
        match self.nodes.get(path) {
            Some(Node::File { data, .. }) => Ok(data),
            Some(Node::Dir { .. }) => Err(FsError::new(FsErrorCode::IsADirectory, path)),
            None if path.is_root() => Err(FsError::new(FsErrorCode::IsADirectory, path)),
            None => Err(self.missing(path)),
        }
    }

    /// Writes a whole file (or appends to it). The parent directory must exist.
    pub fn write(&mut self, path: &VPath, bytes: &[u8], mode: WriteMode) -> FsResult<()> {
        self.require_parent_dir(path)?;
        let old_len = match self.nodes.get(path) {
            Some(Node::Dir { .. }) => return Err(FsError::new(FsErrorCode::IsADirectory, path)),
            Some(Node::File { .. }) if mode == WriteMode::CreateNew => {
                return Err(FsError::new(FsErrorCode::AlreadyExists, path));
            }
            Some(Node::File { data, .. }) => Some(data.len() as u64),
            None => None,
        };
        let len = bytes.len() as u64;
        let new_len = match mode {
            WriteMode::Append => old_len
                .unwrap_or(0)
                .checked_add(len)
                .ok_or_else(|| FsError::new(FsErrorCode::FileTooLarge, path))?,
            _ => len,
        };
        self.check_resize(path, old_len.unwrap_or(0), new_len)?;
        if old_len.is_none() {
            self.check_new_entry(path)?;
        }
        self.touch(path);
        let now = now_ms();
        // Cannot underflow: total_bytes includes the old length.
        self.total_bytes = self.total_bytes - old_len.unwrap_or(0) + new_len;
        match self.nodes.get_mut(path) {
            Some(Node::File {
                data, modified_ms, ..
            }) => {
                if mode != WriteMode::Append {
                    data.clear();
                }
                data.extend_from_slice(bytes);
                *modified_ms = now;
            }
            _ => {
                self.nodes.insert(
                    path.clone(),
                    Node::File {
                        data: bytes.to_vec(),
                        modified_ms: now,
                        created_ms: now,
                    },
                );
            }
        }
        Ok(())
    }

    /// Writes `bytes` at `offset` of an existing file, growing it with zeros.
    /// A position past what the store can hold is an error (`EINVAL` past
    /// the 64-bit offset range, `EFBIG` past the file-size limit, `ENOSPC`
    /// past the quota), never a wrap.
    pub fn write_at(&mut self, path: &VPath, offset: u64, bytes: &[u8]) -> FsResult<()> {
        let current = self.read(path)?.len() as u64;
        let end = offset
            .checked_add(bytes.len() as u64)
            .ok_or_else(|| FsError::new(FsErrorCode::InvalidArgument, path))?;
        if bytes.is_empty() {
            return Ok(());
        }
        self.check_resize(path, current, end.max(current))?;
        self.touch(path);
        if let Some(Node::File {
            data, modified_ms, ..
        }) = self.nodes.get_mut(path)
        {
            // check_resize proved that `end` (and so `offset`) fits a usize.
            let (offset, end) = (offset as usize, end as usize);
            if data.len() < end {
                self.total_bytes += (end - data.len()) as u64;
                data.resize(end, 0);
            }
            data[offset..end].copy_from_slice(bytes);
            *modified_ms = now_ms();
        }
        Ok(())
    }

    pub fn truncate(&mut self, path: &VPath, len: u64) -> FsResult<()> {
        let current = self.read(path)?.len() as u64;
        self.check_resize(path, current, len)?;
        self.touch(path);
        if let Some(Node::File {
            data, modified_ms, ..
        }) = self.nodes.get_mut(path)
        {
            // check_resize proved that `len` fits a usize.
            data.resize(len as usize, 0);
            self.total_bytes = self.total_bytes - current + len;
            *modified_ms = now_ms();
        }
        Ok(())
    }

    pub fn create_dir(&mut self, path: &VPath, recursive: bool) -> FsResult<()> {
        if recursive {
            let mut current = VPath::root();
            for part in path.parts() {
                current = current.join(part);
                match self.nodes.get(&current) {
                    Some(Node::Dir { .. }) => {}
                    Some(Node::File { .. }) => {
                        return Err(FsError::new(FsErrorCode::NotADirectory, path));
                    }
                    None => {
                        self.check_new_entry(&current)?;
                        self.touch(&current);
                        self.nodes.insert(
                            current.clone(),
                            Node::Dir {
                                created_ms: now_ms(),
                            },
                        );
                    }
                }
            }
            return Ok(());
        }
        if self.exists(path) {
            return Err(FsError::new(FsErrorCode::AlreadyExists, path));
        }
        self.require_parent_dir(path)?;
        self.check_new_entry(path)?;
        self.touch(path);
        self.nodes.insert(
            path.clone(),
            Node::Dir {
                created_ms: now_ms(),
            },
        );
        Ok(())
    }

    pub fn remove_file(&mut self, path: &VPath) -> FsResult<()> {
        match self.nodes.get(path) {
            Some(Node::File { data, .. }) => {
                self.total_bytes -= data.len() as u64;
                self.nodes.remove(path);
                self.touch(path);
                Ok(())
            }
            Some(Node::Dir { .. }) => Err(FsError::new(FsErrorCode::IsADirectory, path)),
            None if path.is_root() => Err(FsError::new(FsErrorCode::IsADirectory, path)),
            None => Err(self.missing(path)),
        }
    }

    /// Removes a directory; without `recursive` it must be empty.
    pub fn remove_dir(&mut self, path: &VPath, recursive: bool) -> FsResult<()> {
        if path.is_root() {
            return Err(FsError::new(FsErrorCode::PermissionDenied, path));
        }
        match self.nodes.get(path) {
            Some(Node::Dir { .. }) => {}
            Some(Node::File { .. }) => return Err(FsError::new(FsErrorCode::NotADirectory, path)),
            None => return Err(self.missing(path)),
        }
        let below = self.descendants(path);
        if !below.is_empty() && !recursive {
            return Err(FsError::new(FsErrorCode::NotEmpty, path));
        }
        for p in below {
            if let Some(Node::File { data, .. }) = self.nodes.remove(&p) {
                self.total_bytes -= data.len() as u64;
            }
        }
        self.nodes.remove(path);
        self.touch(path);
        Ok(())
    }

    /// Every node strictly below `dir`: a range of the map, not a scan of
    /// the whole store.
    fn below<'a>(&'a self, dir: &VPath) -> Box<dyn Iterator<Item = (&'a VPath, &'a Node)> + 'a> {
        match dir.below_bounds() {
            Some((from, to)) => Box::new(self.nodes.range(from..to)),
            None => Box::new(self.nodes.iter().filter(|(p, _)| !p.is_root())),
        }
    }

    fn descendants(&self, dir: &VPath) -> Vec<VPath> {
        self.below(dir).map(|(p, _)| p.clone()).collect()
    }

    /// Moves a file or a directory with everything below it.
    pub fn rename(&mut self, from: &VPath, to: &VPath) -> FsResult<()> {
        let kind = self.metadata(from)?.kind;
        if from.is_root()
            || to.is_root()
            || (kind == NodeKind::Dir && to.starts_with(from) && to != from)
        {
            return Err(FsError::new(FsErrorCode::InvalidArgument, to));
        }
        if from == to {
            return Ok(());
        }
        // Every new path is made (and may be too long) before anything is
        // removed or moved.
        let mut moved = self.descendants(from);
        moved.push(from.clone());
        let mut renamed = Vec::with_capacity(moved.len());
        for old in moved {
            let new = VPath::from_api(&format!("{}/{}", to.as_str(), old.strip_prefix(from)))
                .map_err(|_| FsError::new(FsErrorCode::NameTooLong, to))?;
            renamed.push((old, new));
        }
        self.require_parent_dir(to)?;
        match (kind, self.nodes.get(to)) {
            (_, None) => {}
            (NodeKind::File, Some(Node::File { .. })) => self.remove_file(to)?,
            (NodeKind::File, Some(Node::Dir { .. })) => {
                return Err(FsError::new(FsErrorCode::IsADirectory, to));
            }
            (NodeKind::Dir, Some(Node::Dir { .. })) => self.remove_dir(to, false)?,
            (NodeKind::Dir, Some(Node::File { .. })) => {
                return Err(FsError::new(FsErrorCode::NotADirectory, to));
            }
        }
        for (old, new) in renamed {
            let node = self.nodes.remove(&old).expect("listed above");
            self.touch(&old);
            self.touch(&new);
            self.nodes.insert(new, node);
        }
        Ok(())
    }

    /// Names and kinds of the direct children of `dir`, sorted by name.
    pub fn read_dir(&self, dir: &VPath) -> FsResult<Vec<(String, NodeKind)>> {
        if !self.is_dir(dir) {
            return Err(match self.nodes.get(dir) {
                Some(_) => FsError::new(FsErrorCode::NotADirectory, dir),
                None => self.missing(dir),
            });
        }
        Ok(self
            .below(dir)
            .filter(|(p, _)| p.parent().as_ref() == Some(dir))
            .map(|(p, node)| {
                let kind = match node {
                    Node::File { .. } => NodeKind::File,
                    Node::Dir { .. } => NodeKind::Dir,
                };
                (p.file_name().to_string(), kind)
            })
            .collect())
    }

    /// Every file below `dir`, recursively, as paths relative to `dir`.
    pub fn list_files(&self, dir: &VPath) -> FsResult<Vec<String>> {
        if !self.is_dir(dir) {
            return Err(match self.nodes.get(dir) {
                Some(_) => FsError::new(FsErrorCode::NotADirectory, dir),
                None => self.missing(dir),
            });
        }
        Ok(self
            .below(dir)
            .filter(|(_, node)| matches!(node, Node::File { .. }))
            .map(|(p, _)| p.strip_prefix(dir).to_string())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> VPath {
        VPath::from_api(s).unwrap()
    }

    /// Subtrees are ranges of the map: siblings that sort next to a
    /// directory (`d-x` before `d/`, `d0` and `dd` after) are not in it.
    #[test]
    fn subtree_operations_leave_neighbouring_names_alone() {
        let mut fs = FileStore::new();
        for dir in ["d", "d/e", "dd"] {
            fs.create_dir(&p(dir), true).unwrap();
        }
        for file in ["d-x", "d0", "d/f", "d/e/g", "dd/h", "c"] {
            fs.write(&p(file), b"1", WriteMode::Truncate).unwrap();
        }
        assert_eq!(
            fs.read_dir(&p("d")).unwrap(),
            vec![
                ("e".to_string(), NodeKind::Dir),
                ("f".to_string(), NodeKind::File)
            ]
        );
        assert_eq!(fs.list_files(&p("d")).unwrap(), vec!["e/g", "f"]);
        fs.rename(&p("d"), &p("m")).unwrap();
        assert_eq!(
            fs.list_files(&VPath::root()).unwrap(),
            vec!["c", "d-x", "d0", "dd/h", "m/e/g", "m/f"]
        );
        fs.remove_dir(&p("m"), true).unwrap();
        assert_eq!(
            fs.list_files(&VPath::root()).unwrap(),
            vec!["c", "d-x", "d0", "dd/h"]
        );
        assert_eq!(
            fs.read_dir(&p("dd")).unwrap(),
            vec![("h".to_string(), NodeKind::File)]
        );
    }

    #[test]
    fn write_read_list() {
        let mut fs = FileStore::new();
        fs.create_dir(&p("a/b"), true).unwrap();
        fs.write(&p("a/b/c.txt"), b"hello", WriteMode::Truncate)
            .unwrap();
        fs.write(&p("a/b/c.txt"), b" world", WriteMode::Append)
            .unwrap();
        fs.write(&p("top"), b"x", WriteMode::Truncate).unwrap();
        assert_eq!(fs.read(&p("a/b/c.txt")).unwrap(), b"hello world");
        assert_eq!(
            fs.list_files(&VPath::root()).unwrap(),
            vec!["a/b/c.txt", "top"]
        );
        assert_eq!(fs.list_files(&p("a")).unwrap(), vec!["b/c.txt"]);
        assert_eq!(fs.total_bytes(), 12);
        assert_eq!(
            fs.read_dir(&p("a")).unwrap(),
            vec![("b".to_string(), NodeKind::Dir)]
        );
    }

    #[test]
    fn errors_carry_posix_codes() {
        let mut fs = FileStore::new();
        assert_eq!(fs.read(&p("nope")).unwrap_err().code, FsErrorCode::NotFound);
        assert_eq!(
            fs.write(&p("no/dir/f"), b"", WriteMode::Truncate)
                .unwrap_err()
                .code,
            FsErrorCode::NotFound
        );
        fs.write(&p("f"), b"", WriteMode::Truncate).unwrap();
        assert_eq!(
            fs.read(&p("f/g")).unwrap_err().code,
            FsErrorCode::NotADirectory
        );
        assert_eq!(
            fs.create_dir(&p("f"), false).unwrap_err().code,
            FsErrorCode::AlreadyExists
        );
        fs.create_dir(&p("d/e"), true).unwrap();
        assert_eq!(
            fs.remove_dir(&p("d"), false).unwrap_err().code,
            FsErrorCode::NotEmpty
        );
        assert_eq!(
            fs.read(&p("d")).unwrap_err().code,
            FsErrorCode::IsADirectory
        );
        fs.remove_dir(&p("d"), true).unwrap();
        assert!(!fs.exists(&p("d/e")));
    }

    #[test]
    fn size_limit_applies_to_every_write() {
        let mut fs = FileStore::new();
        fs.set_max_file_size(Some(4));
        fs.write(&p("f"), b"1234", WriteMode::Truncate).unwrap();
        let too_big = FsErrorCode::FileTooLarge;
        assert_eq!(
            fs.write(&p("f"), b"5", WriteMode::Append).unwrap_err().code,
            too_big
        );
        assert_eq!(
            fs.write(&p("g"), b"12345", WriteMode::Truncate)
                .unwrap_err()
                .code,
            too_big
        );
        assert_eq!(fs.write_at(&p("f"), 4, b"5").unwrap_err().code, too_big);
        assert_eq!(fs.truncate(&p("f"), 5).unwrap_err().code, too_big);
        assert_eq!(fs.read(&p("f")).unwrap(), b"1234");
    }

    #[test]
    fn rename_moves_subtrees() {
        let mut fs = FileStore::new();
        fs.create_dir(&p("a/b"), true).unwrap();
        fs.write(&p("a/b/f"), b"1", WriteMode::Truncate).unwrap();
        fs.rename(&p("a"), &p("z")).unwrap();
        assert_eq!(fs.read(&p("z/b/f")).unwrap(), b"1");
        assert!(!fs.exists(&p("a")));
        assert_eq!(
            fs.rename(&p("z"), &p("z/b/x")).unwrap_err().code,
            FsErrorCode::InvalidArgument
        );
    }
}
