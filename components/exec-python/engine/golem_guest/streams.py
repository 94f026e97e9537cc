"""The standard streams: output goes to the native buffer (the engine caps
it), input comes from the run's stdin through the engine."""

import io
import sys

import _golem_native as native

from .bridge import call


class ConsoleBuffer(io.BufferedIOBase):
    def __init__(self, to_stderr):
        self._to_stderr = to_stderr

    def writable(self):
        return True

    def write(self, data):
        data = bytes(data)
        native.write(self._to_stderr, data)
        return len(data)

    def flush(self):
        pass

    def fileno(self):
        return 2 if self._to_stderr else 1


class StdinRaw(io.RawIOBase):
    def readable(self):
        return True

    def readinto(self, buffer):
        data = call("stdin", len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def fileno(self):
        return 0


def text_stream(buffer, mode):
    stream = io.TextIOWrapper(buffer, encoding="utf-8", errors="backslashreplace", write_through=True)
    stream.mode = mode
    return stream


_outputs = [None, None]


def _output(to_stderr):
    """The run's stdout or stderr: the one an earlier run of this session
    made, unless the snippet closed it (they keep no state between runs:
    writes go straight through)."""
    stream = _outputs[to_stderr]
    if stream is None or stream.closed:
        stream = _outputs[to_stderr] = text_stream(ConsoleBuffer(to_stderr), "w")
    return stream


def install():
    sys.stdout = sys.__stdout__ = _output(False)
    sys.stderr = sys.__stderr__ = _output(True)
    # A fresh reader: each run has its own stdin.
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(io.BufferedReader(StdinRaw()), encoding="utf-8")
