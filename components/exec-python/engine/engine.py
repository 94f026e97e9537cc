"""The CPython side of exec-python.wasm: runs snippets for the Rust glue.

Everything language-independent (files, output order and cap, limits, error
mapping) is Rust; this module only does what must happen inside CPython:
compiling with time-limit ticks, routing `open`/`os`/stdio to the sandbox
component, and keeping sessions' interpreter state apart.
"""

import ast
import builtins
import errno as errno_names
import io
import itertools
import linecache
import os
import posix
import random
import sys
import time
import traceback
import tracemalloc
import types

from wit_world import exports
from wit_world.exports import engine as api
from wit_world.imports import console, files
from componentize_py_types import Err

import stdlib_preload  # noqa: F401  (imports the standard library at build time)

SNIPPET_NAME = "<snippet>"

# ---------------------------------------------------------------------------
# Run state and the uncatchable abort


class _Abort(BaseException):
    """Ends the run; re-raised by every tick, so `except` cannot keep it."""


class _Run:
    deadline = float("inf")
    abort = None  # None, or ("timeout" | "memory" | "output" | "file-size" | ("exit", n))
    memory_limit = None
    peak_memory = None


_run = _Run()
_monotonic = time.monotonic
_real_sleep = time.sleep


def _set_abort(reason):
    if _run.abort is None:
        _run.abort = reason
    raise _Abort(reason)


def _check_limits():
    if _run.abort is not None:
        raise _Abort(_run.abort)
    if _monotonic() >= _run.deadline:
        _set_abort("timeout")
    if _run.memory_limit is not None:
        current, peak = tracemalloc.get_traced_memory()
        _run.peak_memory = peak
        if current > _run.memory_limit:
            _set_abort("memory")
    _flush_output()


def _still_aborted(_):
    if _run.abort is not None:
        raise _Abort(_run.abort)
    return False


def _batches():
    """Feeds the ticker: long runs of cheap C-level ticks, with a limit check
    between them, sized so that a check happens every few milliseconds."""
    size = 256
    last = _monotonic()
    while True:
        try:
            _check_limits()
        except _Abort:
            yield itertools.takewhile(_still_aborted, itertools.repeat(True))
            continue
        now = _monotonic()
        elapsed = now - last
        last = now
        if elapsed < 0.002 and size < 65536:
            size *= 2
        elif elapsed > 0.008 and size > 16:
            size //= 2
        yield itertools.repeat(True, size)


# `next(TICKER)` is one C call; user code cannot rebind it because
# instrumented code holds it as a constant.
TICKER = itertools.chain.from_iterable(_batches())

# ---------------------------------------------------------------------------
# Compiling with ticks

_S_NEXT = "\0golem-exec:next"
_S_TICKER = "\0golem-exec:ticker"
_S_COMPRESS = "\0golem-exec:compress"
_SENTINELS = {_S_NEXT: next, _S_TICKER: TICKER, _S_COMPRESS: itertools.compress}


def _tick_call():
    return ast.Call(ast.Constant(_S_NEXT), [ast.Constant(_S_TICKER)], [])


def _ticked(iterable):
    return ast.Call(ast.Constant(_S_COMPRESS), [iterable, ast.Constant(_S_TICKER)], [])


def _has_docstring(body):
    return (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )


class _Instrument(ast.NodeTransformer):
    """Ticks at every loop iteration, function entry, `except` and `finally`."""

    def _tick_first(self, body):
        body.insert(0, ast.Expr(_tick_call()))

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        node.body.insert(1 if _has_docstring(node.body) else 0, ast.Expr(_tick_call()))
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self.generic_visit(node)
        node.body = ast.BoolOp(ast.And(), [_tick_call(), node.body])
        return node

    def visit_For(self, node):
        self.generic_visit(node)
        node.iter = _ticked(node.iter)
        return node

    def _body_tick(self, node):
        self.generic_visit(node)
        self._tick_first(node.body)
        return node

    visit_While = visit_AsyncFor = visit_ExceptHandler = _body_tick

    def visit_Try(self, node):
        self.generic_visit(node)
        if node.finalbody:
            self._tick_first(node.finalbody)
        return node

    visit_TryStar = visit_Try

    def visit_comprehension(self, node):
        self.generic_visit(node)
        if not node.is_async:
            node.iter = _ticked(node.iter)
        return node


def _bind_sentinels(code):
    consts = []
    for const in code.co_consts:
        if isinstance(const, str) and const in _SENTINELS:
            const = _SENTINELS[const]
        elif isinstance(const, types.CodeType):
            const = _bind_sentinels(const)
        consts.append(const)
    return code.replace(co_consts=tuple(consts))


_real_compile = builtins.compile
_real_exec = builtins.exec
_real_eval = builtins.eval


def _compile_ticked(source, filename, mode, flags=0, dont_inherit=False, optimize=-1):
    if isinstance(source, ast.AST):
        tree = source
    else:
        tree = _real_compile(source, filename, mode, flags | ast.PyCF_ONLY_AST, dont_inherit, optimize)
    tree = _Instrument().visit(tree)
    ast.fix_missing_locations(tree)
    import warnings

    with warnings.catch_warnings():
        # The sentinel constants are called before they are replaced.
        warnings.filterwarnings("ignore", "'str' object is not callable", SyntaxWarning)
        code = _real_compile(tree, filename, mode, flags, True, optimize)
    return _bind_sentinels(code)


def _compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **kwargs):
    if flags & ast.PyCF_ONLY_AST or kwargs:
        return _real_compile(source, filename, mode, flags, dont_inherit, optimize, **kwargs)
    return _compile_ticked(source, filename, mode, flags, dont_inherit, optimize)


def _caller_namespaces(globals_, locals_):
    if globals_ is None:
        frame = sys._getframe(2)
        return frame.f_globals, frame.f_locals if locals_ is None else locals_
    return globals_, globals_ if locals_ is None else locals_


def _exec(source, globals=None, locals=None, /, **kwargs):
    globals, locals = _caller_namespaces(globals, locals)
    if not isinstance(source, types.CodeType):
        source = _compile_ticked(source, "<string>", "exec")
    return _real_exec(source, globals, locals, **kwargs)


def _eval(source, globals=None, locals=None, /):
    globals, locals = _caller_namespaces(globals, locals)
    if not isinstance(source, types.CodeType):
        if isinstance(source, str):
            source = source.lstrip(" \t")
        source = _compile_ticked(source, "<string>", "eval")
    return _real_eval(source, globals, locals)


# ---------------------------------------------------------------------------
# Standard streams


class _Output:
    """Both streams' bytes in write order, sent to the sandbox in batches."""

    pending = []
    size = 0


def _flush_output():
    if not _Output.pending:
        return
    chunks, _Output.pending, _Output.size = _Output.pending, [], 0
    start = 0
    for i in range(1, len(chunks) + 1):
        if i == len(chunks) or chunks[i][0] != chunks[start][0]:
            data = b"".join(c[1] for c in chunks[start:i])
            if not console.write(chunks[start][0], data):
                _set_abort("output")
            start = i


class _ConsoleBuffer(io.BufferedIOBase):
    def __init__(self, to_stderr):
        self._to_stderr = to_stderr

    def writable(self):
        return True

    def write(self, data):
        data = bytes(data)
        _Output.pending.append((self._to_stderr, data))
        _Output.size += len(data)
        if _Output.size > 65536:
            _flush_output()
        return len(data)

    def flush(self):
        pass

    def fileno(self):
        return 2 if self._to_stderr else 1


class _StdinRaw(io.RawIOBase):
    def readable(self):
        return True

    def readinto(self, buffer):
        data = console.read_stdin(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def fileno(self):
        return 0


def _text_stream(buffer, name):
    stream = io.TextIOWrapper(buffer, encoding="utf-8", errors="backslashreplace", write_through=True)
    stream.mode = name
    return stream


def _install_streams():
    sys.stdout = sys.__stdout__ = _text_stream(_ConsoleBuffer(False), "w")
    sys.stderr = sys.__stderr__ = _text_stream(_ConsoleBuffer(True), "w")
    stdin = io.TextIOWrapper(io.BufferedReader(_StdinRaw()), encoding="utf-8")
    sys.stdin = sys.__stdin__ = stdin


# ---------------------------------------------------------------------------
# The session file system (the sandbox component holds the files)


def _call(function, *args, path=None):
    """Calls the sandbox, turning its error into the matching OSError. The
    error is raised outside the `except` block so that no frame keeps the
    binding's exception (and, through it, open files) alive in a cycle."""
    try:
        return function(*args)
    except Err as err:
        error = err.value
        # componentize-py keeps a reference to the error it raised; its
        # traceback would keep the calling frames (and their files) alive.
        err.with_traceback(None)
    raise _os_error(error, path)


def _os_error(error, path=None):
    if error.code == "EFBIG":
        _set_abort("file-size")
    number = getattr(errno_names, error.code, errno_names.EIO)
    # OSError picks the subclass (FileNotFoundError, ...) from the number.
    return OSError(number, os.strerror(number), path if path is not None else error.message)


def _fspath(path):
    path = os.fspath(path)
    if isinstance(path, bytes):
        path = path.decode("utf-8", "surrogateescape")
    if not isinstance(path, str):
        raise TypeError(f"expected str, bytes or os.PathLike object, not {type(path).__name__}")
    return path


class _FileRaw(io.RawIOBase):
    def __init__(self, fd, name, mode, closefd=True):
        self._fd = fd
        self._closefd = closefd
        self.name = name
        self.mode = mode
        self._readable = "r" in mode or "+" in mode
        self._writable = any(c in mode for c in "wax+")

    def readable(self):
        return self._readable

    def writable(self):
        return self._writable

    def seekable(self):
        return True

    def fileno(self):
        return self._fd

    def readinto(self, buffer):
        data = _call(files.read, self._fd, len(buffer), path=self.name)
        buffer[: len(data)] = data
        return len(data)

    def readall(self):
        chunks = []
        while data := files.read(self._fd, 1 << 20):
            chunks.append(data)
        return b"".join(chunks)

    def write(self, data):
        return _call(files.write, self._fd, bytes(data), path=self.name)

    def seek(self, offset, whence=0):
        return _call(files.seek, self._fd, offset, whence, path=self.name)

    def tell(self):
        return self.seek(0, 1)

    def truncate(self, size=None):
        if size is None:
            size = self.tell()
        _call(files.truncate, self._fd, size, path=self.name)
        return size

    def close(self):
        if not self.closed and self._closefd:
            files.close(self._fd)
        super().close()


def _open_flags(mode):
    flags = files.OpenFlags(0)
    if "r" in mode:
        flags |= files.OpenFlags.READ
    if "w" in mode:
        flags |= files.OpenFlags.WRITE | files.OpenFlags.CREATE | files.OpenFlags.TRUNCATE
    if "a" in mode:
        flags |= files.OpenFlags.APPEND | files.OpenFlags.CREATE
    if "x" in mode:
        flags |= files.OpenFlags.WRITE | files.OpenFlags.CREATE | files.OpenFlags.EXCLUSIVE
    if "+" in mode:
        flags |= files.OpenFlags.READ | files.OpenFlags.WRITE
    return flags


def _os_flags(mode):
    if "+" in mode:
        flags = os.O_RDWR
    elif "r" in mode:
        flags = os.O_RDONLY
    else:
        flags = os.O_WRONLY
    if "w" in mode:
        flags |= os.O_CREAT | os.O_TRUNC
    if "a" in mode:
        flags |= os.O_CREAT | os.O_APPEND
    if "x" in mode:
        flags |= os.O_CREAT | os.O_EXCL
    return flags


def _open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
    if not isinstance(mode, str) or sum(c in mode for c in "rwax") != 1 or not set(mode) <= set("rwaxbt+"):
        raise ValueError(f"invalid mode: '{mode}'")
    if isinstance(file, int):
        if file in (1, 2):
            buffer = _ConsoleBuffer(file == 2)
            return buffer if "b" in mode else _text_stream(buffer, mode)
        if file == 0:
            raw = _StdinRaw()
        else:
            # A descriptor from os.open (or an opener), as io.open allows.
            _call(files.fstat, file)
            raw = _FileRaw(file, file, mode.replace("t", ""), closefd)
    else:
        name = _fspath(file)
        if opener is not None:
            fd = opener(name, _os_flags(mode))
        else:
            # The sandbox refuses to open a directory for writing (EISDIR).
            fd = _call(files.open, name, _open_flags(mode), path=name)
        raw = _FileRaw(fd, file, mode.replace("t", ""))
        if opener is None and not raw.writable() and _is_dir(name):
            raw.close()
            raise IsADirectoryError(errno_names.EISDIR, os.strerror(errno_names.EISDIR), name)
    binary = "b" in mode
    if buffering == 0:
        if not binary:
            raise ValueError("can't have unbuffered text I/O")
        return raw
    if "+" in mode:
        buffer = io.BufferedRandom(raw)
    elif raw.writable():
        buffer = io.BufferedWriter(raw)
    else:
        buffer = io.BufferedReader(raw)
    if "a" in mode:
        raw.seek(0, 2)
    if binary:
        return buffer
    text = io.TextIOWrapper(buffer, encoding or "utf-8", errors, newline, line_buffering=buffering == 1)
    text.mode = mode
    return text


def _stat_result(stat):
    import stat as stat_module

    mode = (stat_module.S_IFDIR | 0o755) if stat.kind == files.NodeKind.DIRECTORY else (stat_module.S_IFREG | 0o644)
    mtime, ctime = stat.modified_ns, stat.created_ns
    return os.stat_result(
        (mode, 0, 0, 1, 0, 0, stat.size, mtime // 10**9, mtime // 10**9, ctime // 10**9,
         mtime / 1e9, mtime / 1e9, ctime / 1e9, mtime, mtime, ctime)
    )


def _stat(path, *, dir_fd=None, follow_symlinks=True):
    if isinstance(path, int):
        return _stat_result(_call(files.fstat, path))
    name = _fspath(path)
    return _stat_result(_call(files.stat, name, path=name))


def _path_call(function):
    def call(path, *args, **kwargs):
        name = _fspath(path)
        return _call(function, name, path=name)

    return call


def _listdir(path="."):
    name = _fspath(path)
    entries = _call(files.list_dir, name, path=name)
    if isinstance(path, bytes):
        return [e.encode() for e in entries]
    return entries


class _DirEntry:
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
            self._stat = _stat(self.path)
        return self._stat

    def is_dir(self, *, follow_symlinks=True):
        try:
            return self.stat().st_mode & 0o170000 == 0o040000
        except OSError:
            return False

    def is_file(self, *, follow_symlinks=True):
        try:
            return self.stat().st_mode & 0o170000 == 0o100000
        except OSError:
            return False

    def is_symlink(self):
        return False

    def is_junction(self):
        return False

    def inode(self):
        return 0


class _ScandirIterator:
    def __init__(self, path):
        directory = _fspath(path)
        self._entries = iter([_DirEntry(directory, n) for n in _listdir(directory)])

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


def _os_open(path, flags, mode=0o777, *, dir_fd=None):
    name = _fspath(path)
    open_flags = files.OpenFlags(0)
    # WASI's O_* values are not Linux's: compare with the constants.
    access = flags & getattr(os, "O_ACCMODE", os.O_RDONLY | os.O_WRONLY | os.O_RDWR)
    if access in (os.O_RDONLY, os.O_RDWR):
        open_flags |= files.OpenFlags.READ
    if access in (os.O_WRONLY, os.O_RDWR):
        open_flags |= files.OpenFlags.WRITE
    for bit, flag in (
        (os.O_CREAT, files.OpenFlags.CREATE),
        (os.O_EXCL, files.OpenFlags.EXCLUSIVE),
        (os.O_TRUNC, files.OpenFlags.TRUNCATE),
        (os.O_APPEND, files.OpenFlags.APPEND),
    ):
        if flags & bit:
            open_flags |= flag
    return _call(files.open, name, open_flags, path=name)


def _os_read(fd, n):
    if fd == 0:
        return console.read_stdin(n)
    return _call(files.read, fd, n)


def _os_write(fd, data):
    if fd in (1, 2):
        return _ConsoleBuffer(fd == 2).write(data)
    return _call(files.write, fd, bytes(data))


def _os_lseek(fd, pos, whence):
    return _call(files.seek, fd, pos, whence)


def _os_ftruncate(fd, length):
    _call(files.truncate, fd, length)


def _os_truncate(path, length):
    if isinstance(path, int):
        return _os_ftruncate(path, length)
    fd = _os_open(path, os.O_WRONLY)
    try:
        _os_ftruncate(fd, length)
    finally:
        files.close(fd)


def _rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
    src, dst = _fspath(src), _fspath(dst)
    _call(files.rename, src, dst, path=src)


def _getcwd():
    return files.absolute(".")


def _not_permitted(name):
    def refuse(*args, **kwargs):
        raise PermissionError(errno_names.EPERM, f"{name} is not available in the sandbox")

    return refuse


def _ignore_existing(path, *args, **kwargs):
    _stat(path)


def _exit_now(code):
    _set_abort(("exit", int(code)))


def _abort_now():
    _set_abort(("exit", 134))


def _exit_by_signal(number):
    _set_abort(("exit", 128 + int(number)))


def _install_signal_stand_ins():
    # Raising a signal or faulthandler's crash helpers would trap the whole
    # component; they end the run the way the signal would end a process.
    import faulthandler
    import signal

    signal.raise_signal = _exit_by_signal
    for name, number in (
        ("_sigsegv", 11),
        ("_read_null", 11),
        ("_stack_overflow", 11),
        ("_sigabrt", 6),
        ("_fatal_error", 6),
        ("_fatal_error_c_thread", 6),
        ("_sigfpe", 8),
    ):
        if hasattr(faulthandler, name):
            setattr(faulthandler, name, lambda *args, _n=number, **kwargs: _exit_by_signal(_n))


# Deeper Python recursion than this leaves tracebacks whose deallocation
# recurses in C past Wasmtime's default 512 KiB native stack (measured: 2000
# is safe, 2500 traps), so larger limits are capped.
_MAX_RECURSION_LIMIT = 2000
_real_setrecursionlimit = sys.setrecursionlimit


def _setrecursionlimit(limit):
    _real_setrecursionlimit(min(limit, _MAX_RECURSION_LIMIT))


def _sleep(seconds):
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    remaining = _run.deadline - _monotonic()
    if seconds >= remaining:
        _real_sleep(max(remaining, 0))
        _set_abort("timeout")
    _flush_output()
    _real_sleep(seconds)


_OS_REPLACEMENTS = {
    "open": _os_open,
    "read": _os_read,
    "write": _os_write,
    "close": files.close,
    "lseek": _os_lseek,
    "fstat": lambda fd: _stat(fd),
    "ftruncate": _os_ftruncate,
    "truncate": _os_truncate,
    "stat": _stat,
    "lstat": _stat,
    "listdir": _listdir,
    "scandir": _ScandirIterator,
    "mkdir": lambda path, mode=0o777, *, dir_fd=None: _path_call(files.mkdir)(path),
    "rmdir": _path_call(files.rmdir),
    "remove": _path_call(files.unlink),
    "unlink": _path_call(files.unlink),
    "rename": _rename,
    "replace": _rename,
    "getcwd": _getcwd,
    "getcwdb": lambda: _getcwd().encode(),
    "chdir": _path_call(files.chdir),
    "access": lambda path, mode, **kw: os.path.exists(path),
    "chmod": _ignore_existing,
    "utime": _ignore_existing,
    "symlink": _not_permitted("os.symlink"),
    "link": _not_permitted("os.link"),
    "readlink": lambda path, **kw: (_ for _ in ()).throw(OSError(errno_names.EINVAL, os.strerror(errno_names.EINVAL), _fspath(path))),
    "_exit": _exit_now,
    "abort": _abort_now,
    "kill": _not_permitted("os.kill"),
    "killpg": _not_permitted("os.killpg"),
    "system": _not_permitted("os.system"),
}


def _install_file_system():
    for name, replacement in _OS_REPLACEMENTS.items():
        setattr(os, name, replacement)
        if hasattr(posix, name) or name in ("_exit", "abort"):
            setattr(posix, name, replacement)
    os.supports_dir_fd = set()
    os.supports_fd = set()
    os.supports_follow_symlinks = set()
    builtins.open = io.open = _open
    time.sleep = _sleep
    sys.setrecursionlimit = _setrecursionlimit
    builtins.compile = _compile
    builtins.exec = _exec
    builtins.eval = _eval


# Events raised only by C code that reaches the host's files, network or
# processes; the Python-level replacements above raise none of them.
_REAL_RESOURCE_EVENTS = ("open", "os.", "socket.", "subprocess.", "ctypes.", "_posixsubprocess.")
_ALLOWED_EVENTS = ("os.putenv", "os.unsetenv", "os.walk", "os.fwalk")


def _audit(event, args):
    # Defence in depth: the replacements above never reach the host's file
    # system or network, so any C-level attempt to do so is refused.
    if event.startswith(_REAL_RESOURCE_EVENTS) and event not in _ALLOWED_EVENTS:
        raise PermissionError(errno_names.EPERM, f"{event} is not available in the sandbox")


# ---------------------------------------------------------------------------
# asyncio without sockets: the default loop wakes itself through a socket
# pair, which the sandbox refuses; nothing else can wake a loop here, so this
# one has no self-pipe and waits with the deadline-aware sleep.


def _install_asyncio():
    import asyncio
    import selectors

    class SandboxSelector(selectors.SelectSelector):
        def select(self, timeout=None):
            if self.get_map():
                return super().select(timeout)
            if timeout is None:
                timeout = max(_run.deadline - _monotonic(), 0) + 1
            if timeout > 0:
                _sleep(timeout)
            return []

    class SandboxEventLoop(asyncio.SelectorEventLoop):
        def __init__(self):
            super().__init__(SandboxSelector())

        def _make_self_pipe(self):
            self._ssock = self._csock = None

        def _close_self_pipe(self):
            pass

        def _write_to_self(self):
            pass

    asyncio.DefaultEventLoopPolicy._loop_factory = SandboxEventLoop
    asyncio.SelectorEventLoop = SandboxEventLoop


# ---------------------------------------------------------------------------
# Importing the session's own modules


class _SessionFinder:
    """Finds `pkg/mod.py` (and `pkg/__init__.py`) among the session files."""

    @classmethod
    def _roots(cls):
        cwd = _getcwd()
        return [cwd] if cwd == "/" else [cwd, "/"]

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        import importlib.machinery as machinery

        parts = fullname.split(".")
        roots = list(path) if path is not None else cls._roots()
        for root in roots:
            if not isinstance(root, str) or not root.startswith("/"):
                continue
            base = os.path.join(root, parts[-1])
            for candidate, is_package in ((base + "/__init__.py", True), (base + ".py", False)):
                if _is_file(candidate):
                    spec = machinery.ModuleSpec(fullname, _SessionLoader(candidate), origin=candidate, is_package=is_package)
                    if is_package:
                        spec.submodule_search_locations = [base]
                    spec.has_location = True
                    return spec
            if _is_dir(base):
                spec = machinery.ModuleSpec(fullname, None, is_package=True)
                spec.submodule_search_locations = [base]
                return spec
        return None

    @classmethod
    def invalidate_caches(cls):
        pass


def _kind(path):
    try:
        return files.stat(path).kind
    except Err as err:
        err.with_traceback(None)
        return None


def _is_file(path):
    return _kind(path) == files.NodeKind.FILE


def _is_dir(path):
    return _kind(path) == files.NodeKind.DIRECTORY


class _SessionLoader:
    def __init__(self, path):
        self.path = path

    def create_module(self, spec):
        return None

    def get_source(self, fullname):
        return files.read_file(self.path).decode("utf-8")

    def exec_module(self, module):
        source = self.get_source(module.__name__)
        module.__file__ = self.path
        code = _compile_ticked(source, self.path, "exec")
        _real_exec(code, module.__dict__)


# ---------------------------------------------------------------------------
# Keeping sessions apart: each owns its `__main__` and its imported session
# modules; changes to shared modules (monkey-patches) are swapped in and out.

_MISSING = object()


class _Session:
    def __init__(self):
        main = types.ModuleType("__main__")
        main.__builtins__ = builtins
        self.main = main
        self.modules = {}
        self.deltas = None


class _Baseline:
    modules = None  # name -> (module, dict snapshot)
    sys_path = None
    meta_path = None


_sessions = {}
_owner = None  # the session whose changes are in the shared modules
_DIRTY = object()


def _is_engine_module(name):
    # This module's own state (sessions, the current owner) must survive the
    # swaps, and so must the bindings it calls.
    return name in (__name__, "stdlib_preload", "__main__") or name.startswith(("wit_world", "componentize_py"))


def _take_baseline():
    _Baseline.modules = {
        name: (m, dict(m.__dict__))
        for name, m in list(sys.modules.items())
        if m is not None and not _is_engine_module(name)
    }
    _Baseline.meta_path = list(sys.meta_path)


def _unchanged(current, snapshot):
    # C-speed comparison first (identity short-cuts each value; an equal
    # replacement is no change worth keeping). A value planted by a snippet
    # may run its own __eq__; whatever that does, fall back to identity.
    try:
        return bool(current == snapshot)
    except BaseException:
        return len(current) == len(snapshot) and all(current.get(k, _MISSING) is v for k, v in snapshot.items())


def _deltas():
    changed = {}
    for name, (module, snapshot) in _Baseline.modules.items():
        current = module.__dict__
        if _unchanged(current, snapshot):
            continue
        changed[name] = {k: v for k, v in current.items() if snapshot.get(k, _MISSING) is not v}
        changed[name].update({k: _MISSING for k in snapshot if k not in current})
    return changed


def _restore_shared():
    for name, (module, snapshot) in _Baseline.modules.items():
        current = module.__dict__
        if sys.modules.get(name) is not module:
            sys.modules[name] = module
        if _unchanged(current, snapshot):
            continue
        for key in [k for k in current if k not in snapshot]:
            del current[key]
        for key, value in snapshot.items():
            if current.get(key, _MISSING) is not value:
                current[key] = value
    for name in [n for n in sys.modules if n not in _Baseline.modules and not _is_engine_module(n)]:
        del sys.modules[name]
    sys.meta_path[:] = _Baseline.meta_path


def _activate(session):
    global _owner
    if _owner is session:
        return
    if isinstance(_owner, _Session):
        _owner.deltas = _deltas()
        _owner.modules = {
            n: m for n, m in sys.modules.items() if n not in _Baseline.modules and not _is_engine_module(n)
        }
    if _owner is not None:
        # The first owner of an instance finds the baseline untouched.
        _restore_shared()
    if session.deltas:
        for name, changes in session.deltas.items():
            current = _Baseline.modules[name][0].__dict__
            for key, value in changes.items():
                if value is _MISSING:
                    current.pop(key, None)
                else:
                    current[key] = value
    sys.modules.update(session.modules)
    _owner = session


# ---------------------------------------------------------------------------
# Running a snippet


def _print_exception(exc, skip_frames=1):
    tb = exc.__traceback__
    for _ in range(skip_frames):
        if tb is not None:
            tb = tb.tb_next
    # A recursion limit raised by the snippet can leave a traceback far too
    # deep to format within the host's time backstop; keep the innermost part.
    depth, frame = 0, tb
    while frame is not None and depth <= _TRACEBACK_FRAMES:
        depth, frame = depth + 1, frame.tb_next
    limit = -_TRACEBACK_FRAMES if depth > _TRACEBACK_FRAMES else None
    traceback.print_exception(type(exc), exc, tb, limit=limit, file=sys.stderr)


_TRACEBACK_FRAMES = 1000


def _exit_code(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _execute(session, request):
    linecache.cache[SNIPPET_NAME] = (len(request.snippet), None, request.snippet.splitlines(True), SNIPPET_NAME)
    try:
        code = _compile_ticked(request.snippet, SNIPPET_NAME, "exec")
    except (SyntaxError, ValueError) as exc:
        traceback.print_exception(type(exc), exc, None, file=sys.stderr)
        return api.RunEnd_CompileError()
    main = session.main
    sys.modules["__main__"] = main
    main.__dict__.setdefault("__name__", "__main__")
    try:
        _real_exec(code, main.__dict__)
    except _Abort:
        pass
    except SystemExit as exc:
        return api.RunEnd_Exit(_exit_code(exc))
    except MemoryError as exc:
        _print_exception(exc)
        if _run.abort is None:
            _run.abort = "memory"
    except BaseException as exc:
        if _run.abort is None:
            _print_exception(exc)
            return api.RunEnd_Threw()
    return api.RunEnd_Completed()


_LIMITS = {
    "timeout": api.Limit.TIME,
    "memory": api.Limit.MEMORY,
    "output": api.Limit.OUTPUT,
    "file-size": api.Limit.FILE_SIZE,
}


def _end_for_abort(reason):
    if isinstance(reason, tuple):
        return api.RunEnd_Exit(reason[1])
    return api.RunEnd_LimitExceeded(_LIMITS[reason])


_installed = False


def _prepare():
    """Everything that does not need the sandbox, done while componentize-py
    builds the component so that it is part of the snapshot."""
    _install_file_system()
    sys.path[:] = []
    sys.path_hooks[:] = []
    sys.path_importer_cache.clear()
    sys.meta_path[:] = [m for m in sys.meta_path if m.__name__ in ("BuiltinImporter", "FrozenImporter")]
    sys.meta_path.append(_SessionFinder)
    sys.dont_write_bytecode = True
    _install_asyncio()
    _install_signal_stand_ins()
    _install_streams()
    _take_baseline()
    # The build-time heap never becomes garbage: keep the cyclic collector
    # from walking (and touching every page of) it on each collection.
    import gc

    gc.collect()
    gc.freeze()


def _install():
    global _installed
    # Installed at run time: a hook added at build time would also refuse the
    # build's own file access.
    sys.addaudithook(_audit)
    _installed = True


class Engine(exports.Engine):
    def run(self, request):
        # An exception escaping an export aborts the whole component.
        try:
            return self._run(request)
        except BaseException as exc:
            end = api.RunEnd_Threw()
            try:
                if not console.write(True, "".join(traceback.format_exception(exc)).encode()):
                    end = api.RunEnd_LimitExceeded(api.Limit.OUTPUT)
            except BaseException:
                pass
            return api.RunOutcome(end, None)

    def _run(self, request):
        if not _installed:
            _install()
        session = _sessions.get(request.session)
        is_new = session is None
        if is_new:
            session = _sessions[request.session] = _Session()
        _activate(session)
        if is_new:
            # The random state in the snapshot was seeded when it was built.
            random.seed()
        _run.abort = None
        _run.peak_memory = None
        _run.memory_limit = request.memory_bytes
        _install_streams()
        sys.argv = [SNIPPET_NAME, *request.args]
        os.environ.clear()
        os.environ.update(dict(request.env))
        if request.memory_bytes is not None:
            tracemalloc.start()
        _run.deadline = _monotonic() + request.time_ms / 1000
        try:
            end = _execute(session, request)
            try:
                sys.stdout.flush()
                sys.stderr.flush()
                _flush_output()
            except _Abort:
                pass
        finally:
            _run.deadline = float("inf")
            if tracemalloc.is_tracing():
                _run.peak_memory = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
        if _run.abort is not None:
            end = _end_for_abort(_run.abort)
        return api.RunOutcome(end, _run.peak_memory)

    def drop_session(self, session):
        try:
            self._drop_session(session)
        except BaseException:
            pass

    def _drop_session(self, session):
        global _owner
        dropped = _sessions.pop(session, None)
        if dropped is not None and _owner is dropped:
            _owner = _DIRTY


# The build machine's environment must not be frozen into the component.
os.environ.clear()
posix.environ.clear()
_prepare()
