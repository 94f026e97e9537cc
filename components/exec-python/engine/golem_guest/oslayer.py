"""`os` and `posix` over the session's files. The originals cannot reach the
host either way (the component gave up its preopens and standard streams,
and the audit hook refuses what they would do): these make them work on
the session's files instead."""

import errno
import os
import posix
import stat as stat_module

import _golem_native as native

from . import files
from .bridge import call
from .files import fspath
from .streams import ConsoleBuffer


def _stat_result(reply):
    is_dir, size, mtime, ctime = reply
    mode = (stat_module.S_IFDIR | 0o755) if is_dir else (stat_module.S_IFREG | 0o644)
    return os.stat_result(
        (mode, 0, 0, 1, 0, 0, size, mtime // 10**9, mtime // 10**9, ctime // 10**9,
         mtime / 1e9, mtime / 1e9, ctime / 1e9, mtime, mtime, ctime)
    )


def stat(path, *, dir_fd=None, follow_symlinks=True):
    if isinstance(path, int):
        return _stat_result(call("fstat", path))
    name = fspath(path)
    return _stat_result(call("stat", name, path=name))


def _path_op(op):
    def run(path, *args, **kwargs):
        name = fspath(path)
        return call(op, name, path=name)

    return run


def listdir(path="."):
    name = fspath(path)
    entries = list(call("list_dir", name, path=name))
    if isinstance(path, bytes):
        return [e.encode() for e in entries]
    return entries


class DirEntry:
    def __init__(self, directory, name):
        self.name = name
        self.path = os.path.join(directory, name)
        self._stat = None

    def __fspath__(self):
        return self.path

    def __repr__(self):
        return f"<DirEntry {self.name!r}>"

    def stat(self, *, follow_symlinks=True):
        if self._stat is None:
            self._stat = stat(self.path)
        return self._stat

    def is_dir(self, *, follow_symlinks=True):
        try:
            return stat_module.S_ISDIR(self.stat().st_mode)
        except OSError:
            return False

    def is_file(self, *, follow_symlinks=True):
        try:
            return stat_module.S_ISREG(self.stat().st_mode)
        except OSError:
            return False

    def is_symlink(self):
        return False

    def is_junction(self):
        return False

    def inode(self):
        return 0


class ScandirIterator:
    def __init__(self, path="."):
        directory = fspath(path)
        self._entries = iter([DirEntry(directory, n) for n in listdir(directory)])

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._entries)

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def os_open(path, flags, mode=0o777, *, dir_fd=None):
    name = fspath(path)
    wanted = 0
    # WASI's O_* values are not Linux's: compare with the constants.
    access = flags & getattr(os, "O_ACCMODE", os.O_RDONLY | os.O_WRONLY | os.O_RDWR)
    if access in (os.O_RDONLY, os.O_RDWR):
        wanted |= files.READ
    if access in (os.O_WRONLY, os.O_RDWR):
        wanted |= files.WRITE
    for bit, flag in (
        (os.O_CREAT, files.CREATE),
        (os.O_EXCL, files.EXCLUSIVE),
        (os.O_TRUNC, files.TRUNCATE),
        (os.O_APPEND, files.APPEND),
    ):
        if flags & bit:
            wanted |= flag
    return call("open", name, wanted, path=name)


def read(fd, n):
    if fd == 0:
        return call("stdin", n)
    return call("read", fd, n)


def write(fd, data):
    if fd in (1, 2):
        return ConsoleBuffer(fd == 2).write(data)
    return call("write", fd, bytes(data))


def ftruncate(fd, length):
    call("truncate", fd, length)


def truncate(path, length):
    if isinstance(path, int):
        return ftruncate(path, length)
    fd = os_open(path, os.O_WRONLY)
    try:
        ftruncate(fd, length)
    finally:
        call("close", fd)


def rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
    src, dst = fspath(src), fspath(dst)
    call("rename", src, dst, path=src)


def getcwd():
    return call("absolute", ".")


def _not_permitted(name):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EPERM, f"{name} is not available in the sandbox")

    return refuse


def _exists_or_raise(path, *args, **kwargs):
    stat(path)


def _readlink(path, **kwargs):
    name = fspath(path)
    raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), name)


def _exit(code):
    native.exit(code)


def abort():
    native.exit(134)


def _noop_env(*args):
    pass


REPLACEMENTS = {
    "open": os_open,
    "read": read,
    "write": write,
    "close": lambda fd: call("close", fd),
    "lseek": lambda fd, pos, whence: call("seek", fd, pos, whence),
    "fstat": lambda fd: stat(fd),
    "ftruncate": ftruncate,
    "truncate": truncate,
    "stat": stat,
    "lstat": stat,
    "listdir": listdir,
    "scandir": ScandirIterator,
    "mkdir": lambda path, mode=0o777, *, dir_fd=None: _path_op("mkdir")(path),
    "rmdir": _path_op("rmdir"),
    "remove": _path_op("unlink"),
    "unlink": _path_op("unlink"),
    "rename": rename,
    "replace": rename,
    "getcwd": getcwd,
    "getcwdb": lambda: getcwd().encode(),
    "chdir": _path_op("chdir"),
    "access": lambda path, mode, **kw: os.path.exists(path),
    "chmod": _exists_or_raise,
    "utime": _exists_or_raise,
    "symlink": _not_permitted("os.symlink"),
    "link": _not_permitted("os.link"),
    "readlink": _readlink,
    "_exit": _exit,
    "abort": abort,
    "kill": _not_permitted("os.kill"),
    "killpg": _not_permitted("os.killpg"),
    "system": _not_permitted("os.system"),
    # `os.environ` is this interpreter's own mapping: writes to it must not
    # reach the process environment, which every interpreter shares.
    "putenv": _noop_env,
    "unsetenv": _noop_env,
}


def install():
    for name, replacement in REPLACEMENTS.items():
        setattr(os, name, replacement)
        if hasattr(posix, name) or name in ("_exit", "abort"):
            setattr(posix, name, replacement)
    os.supports_dir_fd = set()
    os.supports_fd = set()
    os.supports_follow_symlinks = set()
    posix.environ.clear()


def set_environ(pairs):
    os.environ.clear()
    os.environ.update(dict(pairs))
