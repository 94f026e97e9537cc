//! Paths inside a sandbox root. Every path a caller or a snippet names is
//! normalised here before it reaches the file store, so nothing can name a
//! location outside the root: there is no host path and no symlink to follow.

use std::fmt;

/// A normalised path below the sandbox root: no empty, `.` or `..` parts.
/// The root itself is the empty path.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VPath(String);

/// Longest path, in bytes, given or resolved (POSIX `PATH_MAX`).
pub const MAX_PATH_BYTES: usize = 4096;
/// Longest name of one file or directory, in bytes (POSIX `NAME_MAX`).
pub const MAX_NAME_BYTES: usize = 255;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    Absolute(String),
    Escapes(String),
    Nul(String),
    /// Longer than `MAX_PATH_BYTES` (the text is cut to a prefix).
    TooLong(String),
    /// A part longer than `MAX_NAME_BYTES` (the text is cut to a prefix).
    NameTooLong(String),
}

/// At most `max` bytes of `text`, on a character boundary, for messages.
fn prefix(text: &str, max: usize) -> String {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        format!("{}...", &text[..end])
    } else {
        text.to_string()
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::Absolute(p) => write!(
                f,
                "path '{p}' is absolute; paths are relative to the session root"
            ),
            PathError::Escapes(p) => write!(f, "path '{p}' leaves the session root"),
            PathError::Nul(p) => write!(f, "path {p:?} contains a NUL byte"),
            PathError::TooLong(p) => write!(f, "path '{p}' is longer than {MAX_PATH_BYTES} bytes"),
            PathError::NameTooLong(p) => write!(
                f,
                "path '{p}' has a name longer than {MAX_NAME_BYTES} bytes"
            ),
        }
    }
}

impl VPath {
    pub fn root() -> Self {
        VPath(String::new())
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path relative to the root, `""` for the root.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path as a snippet sees it: the root is `/`.
    pub fn to_absolute(&self) -> String {
        format!("/{}", self.0)
    }

    /// A path given to a session method (`upload`, `download`, ...): relative
    /// to the session root; absolute paths and `..` above the root are refused.
    pub fn from_api(path: &str) -> Result<VPath, PathError> {
        check_input(path)?;
        if path.starts_with('/') {
            return Err(PathError::Absolute(path.to_string()));
        }
        let mut parts: Vec<&str> = Vec::new();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err(PathError::Escapes(path.to_string()));
                    }
                }
                other => parts.push(other),
            }
        }
        finish(path, &parts)
    }

    /// A path used by a snippet: relative paths resolve against `cwd`, absolute
    /// ones against the sandbox root, and `..` at the root stays at the root,
    /// as under `chroot`.
    pub fn from_snippet(cwd: &VPath, path: &str) -> Result<VPath, PathError> {
        check_input(path)?;
        let mut parts: Vec<&str> = if path.starts_with('/') {
            Vec::new()
        } else {
            cwd.parts().collect()
        };
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        finish(path, &parts)
    }

    pub fn parts(&self) -> impl Iterator<Item = &str> {
        self.0.split('/').filter(|p| !p.is_empty())
    }

    pub fn parent(&self) -> Option<VPath> {
        if self.is_root() {
            return None;
        }
        Some(match self.0.rfind('/') {
            Some(i) => VPath(self.0[..i].to_string()),
            None => VPath::root(),
        })
    }

    pub fn file_name(&self) -> &str {
        match self.0.rfind('/') {
            Some(i) => &self.0[i + 1..],
            None => &self.0,
        }
    }

    pub fn join(&self, name: &str) -> VPath {
        if self.is_root() {
            VPath(name.to_string())
        } else {
            VPath(format!("{}/{}", self.0, name))
        }
    }

    /// True if `self` is `ancestor` or lies below it.
    /// Bounds of the paths strictly below this one, in the (string) order
    /// paths sort in: `dir/` up to `dir0` (`'0'` follows `'/'`). `None`
    /// for the root, below which is everything else.
    pub fn below_bounds(&self) -> Option<(VPath, VPath)> {
        if self.is_root() {
            return None;
        }
        Some((VPath(format!("{}/", self.0)), VPath(format!("{}0", self.0))))
    }

    pub fn starts_with(&self, ancestor: &VPath) -> bool {
        ancestor.is_root()
            || self.0 == ancestor.0
            || (self.0.starts_with(&ancestor.0) && self.0.as_bytes()[ancestor.0.len()] == b'/')
    }

    /// `self` relative to `ancestor` (which must be an ancestor).
    pub fn strip_prefix(&self, ancestor: &VPath) -> &str {
        if ancestor.is_root() {
            &self.0
        } else if self.0 == ancestor.0 {
            ""
        } else {
            &self.0[ancestor.0.len() + 1..]
        }
    }
}

impl fmt::Display for VPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_absolute())
    }
}

/// The bounds every given path meets before it is looked at: so that
/// resolving, and every store operation on the result, is linear in a
/// length that is itself bounded.
fn check_input(path: &str) -> Result<(), PathError> {
    if path.len() > MAX_PATH_BYTES {
        return Err(PathError::TooLong(prefix(path, 64)));
    }
    if path.contains('\0') {
        return Err(PathError::Nul(path.to_string()));
    }
    if path.split('/').any(|part| part.len() > MAX_NAME_BYTES) {
        return Err(PathError::NameTooLong(prefix(path, 64)));
    }
    Ok(())
}

/// The normalised path from its parts; a relative path resolved against a
/// long working directory can still come out too long.
fn finish(given: &str, parts: &[&str]) -> Result<VPath, PathError> {
    let joined = parts.join("/");
    if joined.len() > MAX_PATH_BYTES {
        return Err(PathError::TooLong(prefix(given, 64)));
    }
    Ok(VPath(joined))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_stay_inside_the_root() {
        assert_eq!(VPath::from_api("a/./b//c").unwrap().as_str(), "a/b/c");
        assert_eq!(VPath::from_api("a/../b").unwrap().as_str(), "b");
        assert!(VPath::from_api("").unwrap().is_root());
        assert!(VPath::from_api(".").unwrap().is_root());
        assert!(matches!(
            VPath::from_api("/etc/passwd"),
            Err(PathError::Absolute(_))
        ));
        assert!(matches!(
            VPath::from_api("../x"),
            Err(PathError::Escapes(_))
        ));
        assert!(matches!(
            VPath::from_api("a/../../x"),
            Err(PathError::Escapes(_))
        ));
        assert!(matches!(VPath::from_api("a\0b"), Err(PathError::Nul(_))));
    }

    #[test]
    fn snippet_paths_resolve_like_chroot() {
        let cwd = VPath::from_api("work/dir").unwrap();
        assert_eq!(
            VPath::from_snippet(&cwd, "f.txt").unwrap().as_str(),
            "work/dir/f.txt"
        );
        assert_eq!(
            VPath::from_snippet(&cwd, "../f").unwrap().as_str(),
            "work/f"
        );
        assert_eq!(VPath::from_snippet(&cwd, "/f").unwrap().as_str(), "f");
        assert_eq!(
            VPath::from_snippet(&cwd, "../../../../etc/passwd")
                .unwrap()
                .as_str(),
            "etc/passwd"
        );
        assert_eq!(VPath::from_snippet(&cwd, "/..").unwrap().as_str(), "");
        assert_eq!(cwd.to_absolute(), "/work/dir");
    }

    #[test]
    fn prefixes_respect_component_boundaries() {
        let a = VPath::from_api("a").unwrap();
        assert!(VPath::from_api("a/b").unwrap().starts_with(&a));
        assert!(!VPath::from_api("ab").unwrap().starts_with(&a));
        assert_eq!(VPath::from_api("a/b/c").unwrap().strip_prefix(&a), "b/c");
        assert_eq!(VPath::from_api("a/b").unwrap().parent().unwrap(), a);
        assert_eq!(a.parent().unwrap(), VPath::root());
        assert_eq!(VPath::from_api("a/b.txt").unwrap().file_name(), "b.txt");
    }
}
