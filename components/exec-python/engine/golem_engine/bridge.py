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


# Each request's argument kinds: the WIT bindings trap (ending the whole
# component) on a value that does not fit, so every value is checked here.
_STR, _U32, _U64, _S64, _U8, _BYTES = "str", (0, 2**32 - 1), (0, 2**64 - 1), (-(2**63), 2**63 - 1), (0, 255), "bytes"

_OPS = {
    "open": ((_STR, _U32), lambda path, flags: files.open(path, files.OpenFlags(flags & 0x3F))),
    "read": ((_U32, _U32), files.read),
    "write": ((_U32, _BYTES), files.write),
    "seek": ((_U32, _S64, _U8), files.seek),
    "truncate": ((_U32, _U64), files.truncate),
    "close": ((_U32,), files.close),
    "fstat": ((_U32,), lambda fd: _stat(files.fstat(fd))),
    "stat": ((_STR,), lambda path: _stat(files.stat(path))),
    "list_dir": ((_STR,), lambda path: tuple(files.list_dir(path))),
    "mkdir": ((_STR,), files.mkdir),
    "rmdir": ((_STR,), files.rmdir),
    "unlink": ((_STR,), files.unlink),
    "rename": ((_STR, _STR), files.rename),
    "absolute": ((_STR,), files.absolute),
    "chdir": ((_STR,), files.chdir),
    "read_file": ((_STR,), files.read_file),
    "stdin": ((_U64,), lambda n: console.read_stdin(min(n, 1 << 20))),
}


def _invalid(kinds, args):
    """Why `args` do not fit `kinds`, as an error reply, or None."""
    if len(args) != len(kinds):
        return (2, "TypeError", f"expected {len(kinds)} arguments, got {len(args)}")
    for kind, value in zip(kinds, args):
        if kind == _STR:
            if type(value) is not str:
                return (2, "TypeError", f"expected str, not {type(value).__name__}")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return (1, "EINVAL", "the path is not valid UTF-8")
        elif kind == _BYTES:
            if type(value) is not bytes:
                return (2, "TypeError", f"expected bytes, not {type(value).__name__}")
        else:
            if type(value) is not int:
                return (2, "TypeError", f"an integer is required, not {type(value).__name__}")
            low, high = kind
            if not low <= value <= high:
                return (2, "OverflowError", f"{value} is out of range")
    return None


def dispatch(request):
    op = request[0]
    if (op == "stdout" or op == "stderr") and len(request) == 2 and type(request[1]) is bytes:
        return console.write(op == "stderr", request[1])
    entry = _OPS.get(op) if type(op) is str else None
    if entry is None:
        return (2, "RuntimeError", f"unknown request {op!r}")
    kinds, handler = entry
    invalid = _invalid(kinds, request[1:])
    if invalid is not None:
        return invalid
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
    try:
        source, filename, mode, flags, optimize, feature_version = request
        if type(filename) is not str or type(mode) is not str or type(source) not in (str, bytes):
            raise TypeError("compile() arguments must be str")
        flags, optimize, feature_version = int(flags), int(optimize), int(feature_version)
    except (TypeError, ValueError) as exc:
        return ("TypeError", (str(exc),))
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

