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


def install():
    sys.stdout = sys.__stdout__ = text_stream(ConsoleBuffer(False), "w")
    sys.stderr = sys.__stderr__ = text_stream(ConsoleBuffer(True), "w")
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(io.BufferedReader(StdinRaw()), encoding="utf-8")
