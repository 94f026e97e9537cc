"""The main interpreter's answers to snippet interpreters. Requests and
replies are plain values (the native module copies them across as marshal
data): `(op, *args)` in; `(0, value)`, `(1, errno_name, message)` for an
OS error, or `(2, exception_name, message)` out."""

import ast

import _golem_native as native
from componentize_py_types import Err
from wit_world.imports import console, files

from . import instrument

_STOP_FILE_SIZE = 4


def _stat(stat):
    return (stat.kind == files.NodeKind.DIRECTORY, stat.size, stat.modified_ns, stat.created_ns)


_OPS = {
    "open": lambda path, flags: files.open(path, files.OpenFlags(flags)),
    "read": files.read,
    "write": files.write,
    "seek": files.seek,
    "truncate": files.truncate,
    "close": files.close,
    "fstat": lambda fd: _stat(files.fstat(fd)),
    "stat": lambda path: _stat(files.stat(path)),
    "list_dir": lambda path: tuple(files.list_dir(path)),
    "mkdir": files.mkdir,
    "rmdir": files.rmdir,
    "unlink": files.unlink,
    "rename": files.rename,
    "absolute": files.absolute,
    "chdir": files.chdir,
    "read_file": files.read_file,
    "stdin": lambda n: console.read_stdin(min(n, 1 << 20)),
}


def dispatch(request):
    op = request[0]
    if op == "stdout" or op == "stderr":
        return console.write(op == "stderr", request[1])
    handler = _OPS.get(op)
    if handler is None:
        return (2, "RuntimeError", f"unknown request {op!r}")
    try:
        return (0, handler(*request[1:]))
    except Err as err:
        error = err.value
        err.with_traceback(None)
        if error.code == "EFBIG":
            native.stop(_STOP_FILE_SIZE)
        return (1, error.code, error.message)
    except OverflowError as exc:
        return (2, "OverflowError", str(exc))
    except (TypeError, ValueError) as exc:
        return (1, "EINVAL", str(exc))


def _error(exc):
    if isinstance(exc, SyntaxError):
        args = (exc.msg, (exc.filename, exc.lineno, exc.offset, exc.text, exc.end_lineno, exc.end_offset))
    else:
        args = tuple(a if isinstance(a, (str, int, type(None))) else str(a) for a in exc.args)
    name = type(exc).__name__
    return (name if name in _COMPILE_ERRORS else "SyntaxError", args)


_COMPILE_ERRORS = {"SyntaxError", "IndentationError", "TabError", "ValueError", "TypeError", "RecursionError", "MemoryError", "OverflowError"}


def compile_request(request):
    """`(source, filename, mode, flags, optimize, feature_version)` ->
    marshal data of the instrumented code, or of `(exception, args)`."""
    source, filename, mode, flags, optimize, feature_version = request
    if filename.startswith("<frozen "):
        # Only the frozen table's code may carry such a name (see freeze).
        filename = "<string>"
    try:
        code = instrument.compile_ticked(source, filename, mode, flags & ~ast.PyCF_ONLY_AST, optimize, feature_version)
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError, OverflowError) as exc:
        return _error(exc)
    return code


def install():
    native.set_bridge(dispatch, compile_request)

