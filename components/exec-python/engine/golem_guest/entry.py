"""`run(request)`: one snippet run in this interpreter. The native module
calls it with the deadline and the memory meter set; what it returns (or
the stop the native module recorded) is the run's end."""

import linecache
import sys

import _golem_native as native

from . import compiling, imports, oslayer, process, streams

SNIPPET_NAME = "<snippet>"
# A recursion limit raised by the snippet can leave a traceback far too
# deep to format within the time limit; keep the innermost part.
TRACEBACK_FRAMES = 1000

oslayer.install()
compiling.install()
imports.install()
process.install()
process.hook_asyncio()

import builtins  # noqa: E402

from . import files  # noqa: E402

builtins.open = files.open
import io  # noqa: E402

io.open = files.open

_modules = sys.modules
_main = sys.modules["__main__"]
_main.__dict__.setdefault("__name__", "__main__")


def print_exception(exc, skip_frames=1):
    try:
        import traceback
    except BaseException:
        # The snippet broke its own import system: the last line only.
        sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
        return

    tb = exc.__traceback__
    for _ in range(skip_frames):
        if tb is not None:
            tb = tb.tb_next
    depth, frame = 0, tb
    while frame is not None and depth <= TRACEBACK_FRAMES:
        depth, frame = depth + 1, frame.tb_next
    limit = -TRACEBACK_FRAMES if depth > TRACEBACK_FRAMES else None
    traceback.print_exception(type(exc), exc, tb, limit=limit, file=sys.stderr)


def exit_code(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        # As a C `int` cast of the value would give.
        return ((code & 0xFFFFFFFF) ^ 0x80000000) - 0x80000000
    print(code, file=sys.stderr)
    return 1


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def run(request):
    snippet, args, env = request
    # What the snippet may have broken in its own interpreter, that the
    # engine's part of the run needs.
    sys.modules = _modules
    if sys.getrecursionlimit() < 100:
        process._real_setrecursionlimit(100)
    streams.install()
    sys.argv = [SNIPPET_NAME, *args]
    oslayer.set_environ(env)
    linecache.cache[SNIPPET_NAME] = (len(snippet), None, snippet.splitlines(True), SNIPPET_NAME)
    try:
        code = native.compile((snippet, SNIPPET_NAME, "exec", 0, -1, -1))
        if type(code) is tuple:
            compiling._raise(code)
    except Exception as exc:
        # SyntaxError, and what CPython's compiler raises for source it
        # cannot take (too deep: MemoryError, RecursionError).
        print_exception(exc, skip_frames=99)
        _flush()
        return ("compile-error", 0)
    try:
        compiling._real_exec(code, _main.__dict__)
    except SystemExit as exc:
        code = exit_code(exc)
        _flush()
        return ("exit", code)
    except BaseException as exc:
        print_exception(exc)
        _flush()
        return ("threw", 0)
    _flush()
    return ("completed", 0)


def teardown():
    """Before the interpreter ends: drop what the snippet kept (its globals
    and everything modules hold), while the native module frees it
    iteratively (see `_golem_native`'s stack budget)."""
    import gc

    modules = list(_modules.values())
    for module in [_main] + modules:
        namespace = getattr(module, "__dict__", None)
        if isinstance(namespace, dict) and module is not sys and getattr(module, "__name__", None) != "builtins":
            namespace.clear()
    gc.collect()
