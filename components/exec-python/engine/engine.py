"""The componentize-py entry point of exec-python's CPython engine: the WIT
`engine` export, in the main interpreter. Snippets run in interpreters of
their own (see `golem_engine` and the native `_golem_native`)."""

import marshal
import os
import posix
import sys

import _golem_native as native
from wit_world import exports
from wit_world.exports import engine as api
from wit_world.imports import console

from golem_engine import bridge, freeze

_LIMITS = {1: api.Limit.TIME, 2: api.Limit.MEMORY, 3: api.Limit.OUTPUT, 4: api.Limit.FILE_SIZE}
_STOP_EXIT = 5

_sessions = {}  # session id -> interpreter handle
_sealed = False
# An interpreter created at build time, part of the snapshot: the first
# session or one-shot run of a fresh instance starts without creating one
# (our host's isolation mode makes every one-shot run such a first run).
_spare = []


def _end(stop, exit_code, result, error):
    if stop == _STOP_EXIT:
        return api.RunEnd_Exit(exit_code)
    if stop:
        return api.RunEnd_LimitExceeded(_LIMITS[stop])
    if error is not None:
        console.write(True, f"golem-exec: the run failed inside the engine: {error}\n".encode())
        return api.RunEnd_Threw()
    kind, code = marshal.loads(result)
    if kind == "completed":
        return api.RunEnd_Completed()
    if kind == "exit":
        return api.RunEnd_Exit(code)
    if kind == "compile-error":
        return api.RunEnd_CompileError()
    return api.RunEnd_Threw()


class Engine(exports.Engine):
    def run(self, request):
        # An exception escaping an export aborts the whole component.
        try:
            return self._run(request)
        except BaseException as exc:
            try:
                console.write(True, f"golem-exec: internal error: {exc!r}\n".encode())
            except BaseException:
                pass
            return api.RunOutcome(api.RunEnd_Threw(), None)

    def _run(self, request):
        global _sealed
        if not _sealed:
            native.seal()
            _sealed = True
        handle = _sessions.get(request.session)
        if handle is None:
            handle = _spare.pop() if _spare else native.new_interpreter()
            _sessions[request.session] = handle
        payload = marshal.dumps((request.snippet, tuple(request.args), tuple(tuple(p) for p in request.env)))
        limit = -1 if request.memory_bytes is None else min(request.memory_bytes, 2**63 - 1)
        stop, exit_code, peak, result, error = native.run(handle, min(request.time_ms, 2**64 - 1), limit, payload)
        return api.RunOutcome(_end(stop, exit_code, result, error), peak)

    def drop_session(self, session):
        handle = _sessions.pop(session, None)
        if handle is not None:
            try:
                native.end_interpreter(handle)
            except BaseException:
                pass


def _build():
    """At build time (componentize-py's pre-initialisation): the frozen
    table and the bridge, so that both are part of the snapshot."""
    bridge.install()
    count, size, skipped = freeze.freeze_all()
    print(f"golem-exec: froze {count} modules ({size} bytes); skipped {len(skipped)}", file=sys.stderr)
    for line in skipped[:20]:
        print(f"  skipped {line}", file=sys.stderr)
    # The build machine's environment must not be frozen into the component.
    os.environ.clear()
    posix.environ.clear()
    _spare.append(native.new_interpreter())
    import gc

    gc.collect()
    gc.freeze()


_build()
