"""Calls to the engine, and its errors as Python exceptions."""

import builtins
import errno

import _golem_native as native


def call(op, *args, path=None):
    reply = native.call((op, *args))
    if reply[0] == 0:
        return reply[1]
    raise error(reply, path)


def error(reply, path=None):
    if reply[0] == 1:
        number = getattr(errno, reply[1], errno.EIO)
        import os

        # OSError picks the subclass (FileNotFoundError, ...) from the number.
        return OSError(number, os.strerror(number), path if path is not None else reply[2])
    kind = getattr(builtins, reply[1], RuntimeError)
    if not (isinstance(kind, type) and issubclass(kind, Exception)):
        kind = RuntimeError
    return kind(reply[2])
