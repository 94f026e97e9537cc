"""What a process would do to itself: exit, abort, raise signals, sleep,
recurse. Each ends or limits only this run."""

import sys

import _golem_native as native

# Deeper Python recursion than this leaves tracebacks whose deallocation
# recurses in C past Wasmtime's default 512 KiB native stack (measured: 2000
# is safe, 2500 traps), so larger limits are capped.
MAX_RECURSION_LIMIT = 2000
_real_setrecursionlimit = sys.setrecursionlimit


def setrecursionlimit(limit):
    _real_setrecursionlimit(min(limit, MAX_RECURSION_LIMIT))


def _exit_by_signal(number):
    native.exit(128 + int(number))


def install():
    import faulthandler
    import signal

    sys.setrecursionlimit = setrecursionlimit
    # Raising a signal or faulthandler's crash helpers would trap the whole
    # component; they end the run the way the signal would end a process.
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


def install_asyncio():
    """asyncio without sockets: the default loop wakes itself through a
    socket pair, which the sandbox refuses; nothing else can wake a loop
    here, so this one has no self-pipe and waits with `time.sleep` (which
    the native audit hook bounds by the deadline)."""
    import asyncio
    import selectors
    import time

    class SandboxSelector(selectors.SelectSelector):
        def select(self, timeout=None):
            if self.get_map():
                return super().select(timeout)
            if timeout is None:
                timeout = native.remaining() + 1
            if timeout > 0:
                time.sleep(timeout)
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


class _AsyncioHook:
    """Installs the sandbox's event loop when a snippet first imports
    asyncio (most runs never do; importing it costs milliseconds)."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname != "asyncio":
            return None
        sys.meta_path.remove(cls)
        from importlib.util import find_spec

        spec = find_spec(fullname)
        loader = spec.loader

        class Loader:
            @staticmethod
            def create_module(spec):
                return loader.create_module(spec)

            @staticmethod
            def exec_module(module):
                loader.exec_module(module)
                install_asyncio()

        spec.loader = Loader
        return spec


def hook_asyncio():
    sys.meta_path.insert(0, _AsyncioHook)
