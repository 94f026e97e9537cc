"""`open()` over the session's files (held by the engine's sandbox)."""

import errno
import io
import os

from .bridge import call
from .streams import ConsoleBuffer, StdinRaw, text_stream

# The engine's open flags (parts.wit `open-flags`, in declaration order).
READ, WRITE, CREATE, EXCLUSIVE, TRUNCATE, APPEND = (1 << i for i in range(6))


def fspath(path):
    path = os.fspath(path)
    if isinstance(path, bytes):
        path = path.decode("utf-8", "surrogateescape")
    if not isinstance(path, str):
        raise TypeError(f"expected str, bytes or os.PathLike object, not {type(path).__name__}")
    if "\0" in path:
        raise ValueError("embedded null byte")
    return path


def kind(path):
    """True for a directory, False for a file, None when absent."""
    try:
        return call("stat", path)[0]
    except OSError:
        return None


class FileRaw(io.RawIOBase):
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
        data = call("read", self._fd, len(buffer), path=self.name)
        buffer[: len(data)] = data
        return len(data)

    def readall(self):
        chunks = []
        while data := call("read", self._fd, 1 << 20, path=self.name):
            chunks.append(data)
        return b"".join(chunks)

    def write(self, data):
        return call("write", self._fd, bytes(data), path=self.name)

    def seek(self, offset, whence=0):
        return call("seek", self._fd, offset, whence, path=self.name)

    def tell(self):
        return self.seek(0, 1)

    def truncate(self, size=None):
        if size is None:
            size = self.tell()
        call("truncate", self._fd, size, path=self.name)
        return size

    def close(self):
        if not self.closed and self._closefd:
            call("close", self._fd)
        super().close()


def open_flags(mode):
    flags = 0
    if "r" in mode:
        flags |= READ
    if "w" in mode:
        flags |= WRITE | CREATE | TRUNCATE
    if "a" in mode:
        flags |= APPEND | CREATE
    if "x" in mode:
        flags |= WRITE | CREATE | EXCLUSIVE
    if "+" in mode:
        flags |= READ | WRITE
    return flags


def os_flags(mode):
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


def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
    if not isinstance(mode, str) or sum(c in mode for c in "rwax") != 1 or not set(mode) <= set("rwaxbt+"):
        raise ValueError(f"invalid mode: '{mode}'")
    if isinstance(file, int):
        if file in (1, 2):
            buffer = ConsoleBuffer(file == 2)
            return buffer if "b" in mode else text_stream(buffer, mode)
        if file == 0:
            raw = StdinRaw()
        else:
            # A descriptor from os.open (or an opener), as io.open allows.
            call("fstat", file)
            raw = FileRaw(file, file, mode.replace("t", ""), closefd)
    else:
        name = fspath(file)
        if opener is not None:
            fd = opener(name, os_flags(mode))
        else:
            # The sandbox refuses to open a directory for writing (EISDIR).
            fd = call("open", name, open_flags(mode), path=name)
        raw = FileRaw(fd, file, mode.replace("t", ""))
        if opener is None and not raw.writable() and kind(name) is True:
            raw.close()
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
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
