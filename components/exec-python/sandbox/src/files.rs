//! The session file system as CPython's `open`, `os` and `pathlib` reach it.

use exec_core::file_store::{FsErrorCode, Metadata, NodeKind as StoreKind, WriteMode};

use crate::Sandbox;
use crate::bindings::exports::golem_exec::python_parts::files::{
    FileStat, Guest, NodeKind, OpenFlags, OsError,
};
use crate::state::{EBADF, EINVAL, OpenFile, bad_fd, fs_error, os_error, with_state};

fn to_stat(meta: Metadata) -> FileStat {
    FileStat {
        kind: match meta.kind {
            StoreKind::File => NodeKind::File,
            StoreKind::Dir => NodeKind::Directory,
        },
        size: meta.size,
        modified_ns: (meta.modified_ms * 1e6) as u64,
        created_ns: (meta.created_ms * 1e6) as u64,
    }
}

/// A write refused by the file-size limit ends the run (`EFBIG`): what the
/// run wrote to that file before it goes too, so that no partial file is
/// left. A file the run created is removed; any other goes back to its size
/// before the run's first write to it (a file opened with `w` was already
/// truncated then, as on any file system).
fn undo_partial_write(
    run: &mut crate::state::Run,
    files: &mut exec_core::file_store::FileStore,
    path: &exec_core::vpath::VPath,
) {
    if run.created.contains(path) {
        let _ = files.remove_file(path);
    } else if let Some(&size) = run.size_before_writes.get(path) {
        let _ = files.truncate(path, size);
    }
}

impl Guest for Sandbox {
    fn open(path: String, mode: OpenFlags) -> Result<u32, OsError> {
        with_state(|state| {
            let (path, run, files) = state.resolve(&path)?;
            let exists = files.exists(&path);
            if exists && mode.contains(OpenFlags::CREATE | OpenFlags::EXCLUSIVE) {
                return Err(fs_error(exec_core::file_store::FsError {
                    code: FsErrorCode::AlreadyExists,
                    path,
                }));
            }
            let writable = mode.intersects(OpenFlags::WRITE | OpenFlags::APPEND);
            if files.is_dir(&path) {
                if writable {
                    return Err(os_error(
                        FsErrorCode::IsADirectory.code(),
                        path.to_absolute(),
                    ));
                }
            } else if !exists {
                if !mode.contains(OpenFlags::CREATE) {
                    return Err(fs_error(files.metadata(&path).unwrap_err()));
                }
                files
                    .write(&path, b"", WriteMode::CreateNew)
                    .map_err(fs_error)?;
                run.created.insert(path.clone());
            } else if mode.contains(OpenFlags::TRUNCATE) && writable {
                files.truncate(&path, 0).map_err(fs_error)?;
            }
            let fd = run.next_fd;
            run.next_fd += 1;
            run.fds.insert(
                fd,
                OpenFile {
                    path,
                    pos: 0,
                    readable: mode.contains(OpenFlags::READ) || !writable,
                    writable,
                    append: mode.contains(OpenFlags::APPEND),
                },
            );
            Ok(fd)
        })
    }

    fn read(fd: u32, len: u32) -> Result<Vec<u8>, OsError> {
        with_state(|state| {
            let (run, files) = state.run_and_files()?;
            let file = run.fds.get_mut(&fd).ok_or_else(|| bad_fd(fd))?;
            if !file.readable {
                return Err(os_error(EBADF, "file not open for reading"));
            }
            let data = match files.read(&file.path) {
                Ok(data) => data,
                Err(e) => return Err(os_error(e.code.code(), e.path.to_absolute())),
            };
            let start = (file.pos as usize).min(data.len());
            let end = start.saturating_add(len as usize).min(data.len());
            file.pos = end as u64;
            Ok(data[start..end].to_vec())
        })
    }

    fn write(fd: u32, data: Vec<u8>) -> Result<u64, OsError> {
        with_state(|state| {
            let (run, files) = state.run_and_files()?;
            let file = run.fds.get_mut(&fd).ok_or_else(|| bad_fd(fd))?;
            if !file.writable {
                return Err(os_error(EBADF, "file not open for writing"));
            }
            let path = file.path.clone();
            if file.append {
                file.pos = files.metadata(&path).map(|m| m.size).unwrap_or(0);
            }
            let pos = file.pos;
            let size = files.metadata(&path).map(|m| m.size).unwrap_or(0);
            run.size_before_writes.entry(path.clone()).or_insert(size);
            match files.write_at(&path, pos, &data) {
                Ok(()) => {
                    if let Some(file) = run.fds.get_mut(&fd) {
                        file.pos = pos + data.len() as u64;
                    }
                    Ok(data.len() as u64)
                }
                Err(e) => {
                    if e.code == FsErrorCode::FileTooLarge {
                        undo_partial_write(run, files, &path);
                    }
                    Err(fs_error(e))
                }
            }
        })
    }

    fn seek(fd: u32, offset: i64, whence: u8) -> Result<u64, OsError> {
        with_state(|state| {
            let (run, files) = state.run_and_files()?;
            let file = run.fds.get_mut(&fd).ok_or_else(|| bad_fd(fd))?;
            let base = match whence {
                0 => 0,
                1 => file.pos as i64,
                2 => files.metadata(&file.path).map(|m| m.size).unwrap_or(0) as i64,
                _ => return Err(os_error(EINVAL, "invalid whence")),
            };
            let pos = base
                .checked_add(offset)
                .filter(|p| *p >= 0)
                .ok_or_else(|| os_error(EINVAL, "invalid seek position"))?;
            file.pos = pos as u64;
            Ok(file.pos)
        })
    }

    fn truncate(fd: u32, size: u64) -> Result<(), OsError> {
        with_state(|state| {
            let (run, files) = state.run_and_files()?;
            let file = run.fds.get(&fd).ok_or_else(|| bad_fd(fd))?;
            if !file.writable {
                return Err(os_error(EINVAL, "file not open for writing"));
            }
            let path = file.path.clone();
            files.truncate(&path, size).map_err(fs_error)
        })
    }

    fn close(fd: u32) {
        with_state(|state| {
            if let Some(run) = state.run.as_mut() {
                run.fds.remove(&fd);
            }
        })
    }

    fn fstat(fd: u32) -> Result<FileStat, OsError> {
        with_state(|state| {
            let (run, files) = state.run_and_files()?;
            let file = run.fds.get(&fd).ok_or_else(|| bad_fd(fd))?;
            let path = file.path.clone();
            files.metadata(&path).map(to_stat).map_err(fs_error)
        })
    }

    fn stat(path: String) -> Result<FileStat, OsError> {
        with_state(|state| {
            let (path, _, files) = state.resolve(&path)?;
            files.metadata(&path).map(to_stat).map_err(fs_error)
        })
    }

    fn list_dir(path: String) -> Result<Vec<String>, OsError> {
        with_state(|state| {
            let (path, _, files) = state.resolve(&path)?;
            files
                .read_dir(&path)
                .map(|entries| entries.into_iter().map(|(name, _)| name).collect())
                .map_err(fs_error)
        })
    }

    fn mkdir(path: String) -> Result<(), OsError> {
        with_state(|state| {
            let (path, _, files) = state.resolve(&path)?;
            files.create_dir(&path, false).map_err(fs_error)
        })
    }

    fn rmdir(path: String) -> Result<(), OsError> {
        with_state(|state| {
            let (path, _, files) = state.resolve(&path)?;
            files.remove_dir(&path, false).map_err(fs_error)
        })
    }

    fn unlink(path: String) -> Result<(), OsError> {
        with_state(|state| {
            let (path, _, files) = state.resolve(&path)?;
            files.remove_file(&path).map_err(fs_error)
        })
    }

    fn rename(src: String, dst: String) -> Result<(), OsError> {
        with_state(|state| {
            let (dst, _, _) = state.resolve(&dst)?;
            let (src, _, files) = state.resolve(&src)?;
            files.rename(&src, &dst).map_err(fs_error)
        })
    }

    fn absolute(path: String) -> Result<String, OsError> {
        with_state(|state| {
            let (path, _, _) = state.resolve(&path)?;
            Ok(path.to_absolute())
        })
    }

    fn chdir(path: String) -> Result<(), OsError> {
        with_state(|state| {
            let (path, run, files) = state.resolve(&path)?;
            if !files.is_dir(&path) {
                let err = match files.metadata(&path) {
                    Ok(_) => os_error(FsErrorCode::NotADirectory.code(), path.to_absolute()),
                    Err(e) => fs_error(e),
                };
                return Err(err);
            }
            run.cwd = path;
            Ok(())
        })
    }

    fn read_file(path: String) -> Result<Vec<u8>, OsError> {
        with_state(|state| {
            let (path, _, files) = state.resolve(&path)?;
            files.read(&path).map(<[u8]>::to_vec).map_err(fs_error)
        })
    }
}
