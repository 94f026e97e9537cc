//! Change sets between two copies of a session's files. exec-python keeps one
//! copy in the glue (uploads, downloads) and one in the sandbox the interpreter
//! writes to; each run exchanges only what changed.

use super::{FileStore, Node, WriteMode};
use crate::vpath::VPath;

/// The state of one path after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileChange {
    File(VPath, Vec<u8>),
    Dir(VPath),
    Removed(VPath),
}

impl FileStore {
    /// Starts recording changed paths for `take_changes`; what the store
    /// already holds counts as changed.
    pub fn track_changes(&mut self) {
        if self.touched.is_none() {
            self.touched = Some(self.nodes.keys().cloned().collect());
        }
    }

    pub(super) fn touch(&mut self, path: &VPath) {
        if let Some(touched) = &mut self.touched {
            touched.insert(path.clone());
        }
    }

    /// The current state of every path changed since the last call, parents
    /// before children.
    pub fn take_changes(&mut self) -> Vec<FileChange> {
        let Some(touched) = self.touched.as_mut() else {
            return Vec::new();
        };
        let touched = std::mem::take(touched);
        touched
            .into_iter()
            .map(|path| match self.nodes.get(&path) {
                Some(Node::File { data, .. }) => FileChange::File(path, data.clone()),
                Some(Node::Dir { .. }) => FileChange::Dir(path),
                None => FileChange::Removed(path),
            })
            .collect()
    }

    /// Replays changes taken from another store. They were checked against the
    /// limits where they were made, so none applies here, and they are not
    /// recorded as this store's own changes.
    pub fn apply_changes(&mut self, changes: Vec<FileChange>) {
        // The other copy enforced the limits when the changes were made:
        // here they are applied whole, never dropped half-way.
        let touched = self.touched.take();
        let limit = self.max_file_size.take();
        let quota = std::mem::replace(&mut self.storage_limit, u64::MAX);
        let max_entries = std::mem::replace(&mut self.max_entries, usize::MAX);
        for change in changes {
            match change {
                FileChange::Removed(path) => self.remove_any(&path),
                FileChange::Dir(path) => {
                    if matches!(self.nodes.get(&path), Some(Node::File { .. })) {
                        self.remove_any(&path);
                    }
                    let _ = self.create_dir(&path, true);
                }
                FileChange::File(path, data) => {
                    if matches!(self.nodes.get(&path), Some(Node::Dir { .. })) {
                        self.remove_any(&path);
                    }
                    if let Some(parent) = path.parent() {
                        let _ = self.create_dir(&parent, true);
                    }
                    let _ = self.write(&path, &data, WriteMode::Truncate);
                }
            }
        }
        self.max_file_size = limit;
        self.storage_limit = quota;
        self.max_entries = max_entries;
        self.touched = touched;
    }

    fn remove_any(&mut self, path: &VPath) {
        let _ = match self.nodes.get(path) {
            Some(Node::Dir { .. }) => self.remove_dir(path, true),
            Some(Node::File { .. }) => self.remove_file(path),
            None => Ok(()),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> VPath {
        VPath::from_api(s).unwrap()
    }

    fn snapshot(fs: &FileStore) -> Vec<(String, Option<Vec<u8>>)> {
        fs.nodes
            .iter()
            .map(|(path, node)| {
                let data = match node {
                    Node::File { data, .. } => Some(data.clone()),
                    Node::Dir { .. } => None,
                };
                (path.as_str().to_string(), data)
            })
            .collect()
    }

    #[test]
    fn replaying_changes_makes_two_stores_equal() {
        let mut a = FileStore::new();
        let mut b = FileStore::new();
        a.track_changes();
        a.create_dir(&p("d/e"), true).unwrap();
        a.write(&p("d/e/f.txt"), b"one", WriteMode::Truncate)
            .unwrap();
        a.write(&p("gone"), b"x", WriteMode::Truncate).unwrap();
        b.apply_changes(a.take_changes());
        assert_eq!(snapshot(&a), snapshot(&b));

        a.rename(&p("d"), &p("moved")).unwrap();
        a.remove_file(&p("gone")).unwrap();
        a.write_at(&p("moved/e/f.txt"), 3, b"!").unwrap();
        a.create_dir(&p("gone"), false).unwrap();
        let changes = a.take_changes();
        assert!(changes.contains(&FileChange::Removed(p("d"))));
        b.apply_changes(changes);
        assert_eq!(snapshot(&a), snapshot(&b));
        assert!(a.take_changes().is_empty());
    }

    #[test]
    fn applied_changes_ignore_limits_and_are_not_recorded() {
        let mut a = FileStore::new();
        a.track_changes();
        a.write(&p("big"), &[7; 100], WriteMode::Truncate).unwrap();
        let mut b = FileStore::new();
        b.track_changes();
        b.set_max_file_size(Some(10));
        b.apply_changes(a.take_changes());
        assert_eq!(b.read(&p("big")).unwrap().len(), 100);
        assert_eq!(b.max_file_size(), Some(10));
        assert!(b.take_changes().is_empty());
    }
}
