//! `node:fs` natives over the session file store. Every path goes through
//! the sandbox's resolver (the session root is `/`), so no path form can
//! leave it. The shim builds the sync, callback and promise APIs on these.

use std::rc::Rc;

use exec_core::Sandbox;
use exec_core::file_store::{FsError, FsErrorCode, NodeKind, WriteMode};
use exec_core::vpath::{PathError, VPath};
use rquickjs::{Array, Ctx, Exception, Function, Object, Result, TypedArray};

use super::budget::Budget;
use super::{bytes_of, throw_uncatchable};

/// Throws a Node-style error (`code`, `errno`, `syscall`, `path`).
pub fn throw_fs_error<'js>(
    ctx: &Ctx<'js>,
    err: &FsError,
    syscall: &str,
    shown_path: &str,
) -> rquickjs::Error {
    throw_fs_code(ctx, err.code, syscall, shown_path)
}

fn throw_fs_code<'js>(
    ctx: &Ctx<'js>,
    code: FsErrorCode,
    syscall: &str,
    shown_path: &str,
) -> rquickjs::Error {
    let message = format!(
        "{}: {}, {syscall} '{shown_path}'",
        code.code(),
        code.description()
    );
    let build = || -> Result<rquickjs::Value<'js>> {
        let exception = Exception::from_message(ctx.clone(), &message)?;
        exception.set("code", code.code())?;
        exception.set("errno", -code.errno())?;
        exception.set("syscall", syscall)?;
        exception.set("path", shown_path)?;
        Ok(exception.into_value())
    };
    match build() {
        Ok(value) => ctx.throw(value),
        Err(e) => e,
    }
}

struct Fs {
    sandbox: Rc<Sandbox>,
    budget: Budget,
}

impl Fs {
    /// A path that is too long is Node's `ENAMETOOLONG`; one that leaves the
    /// session root, or has a NUL, a `TypeError` saying so.
    fn path(&self, ctx: &Ctx<'_>, path: &str, syscall: &str) -> Result<VPath> {
        self.sandbox.resolve(path).map_err(|e| match e {
            PathError::TooLong(_) | PathError::NameTooLong(_) => {
                throw_fs_code(ctx, FsErrorCode::NameTooLong, syscall, path)
            }
            other => Exception::throw_type(ctx, &other.to_string()),
        })
    }

    /// The bytes `pick` takes from a file, copied into QuickJS's heap.
    fn read<'js>(
        &self,
        ctx: &Ctx<'js>,
        path: &str,
        syscall: &str,
        pick: impl FnOnce(&[u8]) -> &[u8],
    ) -> Result<TypedArray<'js, u8>> {
        let p = self.path(ctx, path, syscall)?;
        let files = self.sandbox.files();
        match files.read(&p) {
            Ok(bytes) => self.budget.copy(ctx, pick(bytes)),
            Err(e) => {
                drop(files);
                Err(self.fail(ctx, e, syscall, path))
            }
        }
    }

    fn fail(&self, ctx: &Ctx<'_>, err: FsError, syscall: &str, path: &str) -> rquickjs::Error {
        self.sandbox.note_fs_error(&err);
        if self.sandbox.stop_requested().is_some() {
            return throw_uncatchable(
                ctx,
                &format!(
                    "{}: file size limit exceeded, {syscall} '{path}'",
                    err.code.code()
                ),
            );
        }
        throw_fs_error(ctx, &err, syscall, path)
    }
}

/// Each native first looks at the clock: a file-system call does work in
/// Rust (copies, subtree walks) that the interpreter's counter does not
/// see, so a loop of them would otherwise run on past the time limit.
macro_rules! native {
    ($host:expr, $ctx:expr, $fs:expr, $name:literal, |$f:ident, $c:ident $(, $arg:ident : $ty:ty)*| $body:expr) => {{
        let $f = $fs.clone();
        $host.set(
            $name,
            Function::new($ctx.clone(), move |$c: Ctx<'js> $(, $arg: $ty)*| {
                $f.budget.poll(&$c)?;
                $body
            })?,
        )?;
    }};
}

pub fn register<'js>(
    ctx: &Ctx<'js>,
    host: &Object<'js>,
    sandbox: &Rc<Sandbox>,
    budget: &Budget,
) -> Result<()> {
    let fs = Rc::new(Fs {
        sandbox: sandbox.clone(),
        budget: budget.clone(),
    });
    let natives = Object::new(ctx.clone())?;
    native!(natives, ctx, fs, "readFile", |f, c, path: String| {
        f.read(&c, &path, "open", |bytes| bytes)
    });
    // `readSync`: only the bytes asked for, not the whole file per call.
    native!(
        natives,
        ctx,
        fs,
        "readRange",
        |f, c, path: String, from: f64, len: f64| {
            f.read(&c, &path, "read", |bytes| {
                // Both are validated integers >= 0; past the end is empty.
                let start = (from as usize).min(bytes.len());
                let end = start.saturating_add(len as usize).min(bytes.len());
                &bytes[start..end]
            })
        }
    );
    native!(
        natives,
        ctx,
        fs,
        "writeFile",
        |f, c, path: String, data: TypedArray<'js, u8>, flag: String| {
            let p = f.path(&c, &path, "open")?;
            let mode = match flag.as_str() {
                "a" | "a+" | "as" | "as+" => WriteMode::Append,
                "wx" | "wx+" | "xw" | "ax" | "xa" => WriteMode::CreateNew,
                _ => WriteMode::Truncate,
            };
            let result = f.sandbox.files().write(&p, bytes_of(&data), mode);
            result.map_err(|e| f.fail(&c, e, "open", &path))
        }
    );
    native!(
        natives,
        ctx,
        fs,
        "writeAt",
        |f, c, path: String, offset: f64, data: TypedArray<'js, u8>| {
            let p = f.path(&c, &path, "write")?;
            let result = f
                .sandbox
                .files()
                .write_at(&p, offset as u64, bytes_of(&data));
            result.map_err(|e| f.fail(&c, e, "write", &path))
        }
    );
    native!(
        natives,
        ctx,
        fs,
        "truncate",
        |f, c, path: String, len: f64| {
            let p = f.path(&c, &path, "ftruncate")?;
            let result = f.sandbox.files().truncate(&p, len as u64);
            result.map_err(|e| f.fail(&c, e, "ftruncate", &path))
        }
    );
    native!(natives, ctx, fs, "stat", |f, c, path: String| {
        let p = f.path(&c, &path, "stat")?;
        let meta = f.sandbox.files().metadata(&p);
        let meta = meta.map_err(|e| f.fail(&c, e, "stat", &path))?;
        let stat = Object::new(c)?;
        stat.set("isFile", meta.kind == NodeKind::File)?;
        stat.set("size", meta.size as f64)?;
        stat.set("mtimeMs", meta.modified_ms)?;
        stat.set("birthtimeMs", meta.created_ms)?;
        Ok::<_, rquickjs::Error>(stat)
    });
    native!(natives, ctx, fs, "readdir", |f, c, path: String| {
        let p = f.path(&c, &path, "scandir")?;
        let entries = f.sandbox.files().read_dir(&p);
        let entries = entries.map_err(|e| f.fail(&c, e, "scandir", &path))?;
        let list = Array::new(c.clone())?;
        for (i, (name, kind)) in entries.into_iter().enumerate() {
            let entry = Array::new(c.clone())?;
            entry.set(0, name)?;
            entry.set(1, kind == NodeKind::Dir)?;
            list.set(i, entry)?;
        }
        Ok::<_, rquickjs::Error>(list)
    });
    native!(
        natives,
        ctx,
        fs,
        "mkdir",
        |f, c, path: String, recursive: bool| {
            let p = f.path(&c, &path, "mkdir")?;
            let result = f.sandbox.files().create_dir(&p, recursive);
            result.map_err(|e| f.fail(&c, e, "mkdir", &path))
        }
    );
    native!(natives, ctx, fs, "unlink", |f, c, path: String| {
        let p = f.path(&c, &path, "unlink")?;
        let result = f.sandbox.files().remove_file(&p);
        result.map_err(|e| f.fail(&c, e, "unlink", &path))
    });
    native!(
        natives,
        ctx,
        fs,
        "rmdir",
        |f, c, path: String, recursive: bool| {
            let p = f.path(&c, &path, "rmdir")?;
            let result = f.sandbox.files().remove_dir(&p, recursive);
            result.map_err(|e| f.fail(&c, e, "rmdir", &path))
        }
    );
    native!(
        natives,
        ctx,
        fs,
        "rename",
        |f, c, from: String, to: String| {
            let (a, b) = (f.path(&c, &from, "rename")?, f.path(&c, &to, "rename")?);
            let result = f.sandbox.files().rename(&a, &b);
            result.map_err(|e| f.fail(&c, e, "rename", &from))
        }
    );
    native!(
        natives,
        ctx,
        fs,
        "copyFile",
        |f, c, from: String, to: String| {
            let (a, b) = (f.path(&c, &from, "copyfile")?, f.path(&c, &to, "copyfile")?);
            let mut files = f.sandbox.files();
            let data = match files.read(&a) {
                Ok(data) => {
                    // The copy in between is charged and may be refused.
                    let _charge = f.budget.charge(&c, data.len())?;
                    let mut copy = Vec::new();
                    copy.try_reserve_exact(data.len())
                        .map_err(|_| Exception::throw_internal(&c, "out of memory"))?;
                    copy.extend_from_slice(data);
                    files.write(&b, &copy, WriteMode::Truncate)
                }
                Err(e) => Err(e),
            };
            drop(files);
            data.map_err(|e| f.fail(&c, e, "copyfile", &from))
        }
    );
    native!(natives, ctx, fs, "exists", |f, c, path: String| {
        Ok::<bool, rquickjs::Error>(
            f.path(&c, &path, "access")
                .map(|p| f.sandbox.files().exists(&p))
                .unwrap_or(false),
        )
    });
    native!(natives, ctx, fs, "realpath", |f, c, path: String| {
        let p = f.path(&c, &path, "realpath")?;
        let exists = f.sandbox.files().metadata(&p);
        exists
            .map(|_| p.to_absolute())
            .map_err(|e| f.fail(&c, e, "realpath", &path))
    });
    host.set("fs", natives)
}
