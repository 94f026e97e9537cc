"""Build time: the frozen table. A snippet interpreter cannot read source
files at run time (the component has none), so the standard library and the
guest runtime are compiled here, while componentize-py builds the component
and the sources exist, and handed to the native module as marshal data.
Everything a snippet can import is instrumented; only the few modules an
interpreter imports while it is created are plain (CPython's own frozen
table, consulted before any finder runs)."""

import ast
import marshal
import os
import sys

import _golem_native as native

from . import instrument

# Not importable here (no threads, processes, terminals, GUI or native
# libraries in the component) or not for snippets (tests, tools).
_EXCLUDED = {
    "test", "idlelib", "tkinter", "turtledemo", "turtle", "ensurepip", "lib2to3", "pydoc_data",
    "venv", "distutils", "site-packages", "msilib", "curses", "dbm", "sqlite3", "multiprocessing",
    "ctypes", "_pyrepl", "pydoc", "__phello__", "__hello__", "antigravity", "this", "idle",
    "lib-dynload", "__pycache__",
}

# Imported while an interpreter is created, before the guest's finder exists.
STARTUP = ("encodings", "encodings.aliases", "encodings.utf_8", "encodings.ascii", "encodings.latin_1")

ENGINE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _modules(root, prefix=""):
    """(module name, path, is_package) of every module under `root`."""
    for entry in sorted(os.listdir(root)):
        path = os.path.join(root, entry)
        if os.path.isdir(path):
            if entry in _EXCLUDED or not entry.isidentifier():
                continue
            init = os.path.join(path, "__init__.py")
            if os.path.exists(init):
                yield prefix + entry, init, True
                yield from _modules(path, prefix + entry + ".")
        elif entry.endswith(".py") and entry != "__init__.py":
            name = entry[:-3]
            if name in _EXCLUDED or not name.isidentifier():
                continue
            yield prefix + name, path, False


def frozen_name(module):
    """The file name of frozen code, as CPython names its own frozen
    modules. The native audit hook trusts code with such a name (the
    engine's compiler never gives one to snippet code)."""
    return f"<frozen {module}>"


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def freeze_all():
    """Fills the native table; returns (modules, bytes, skipped)."""
    stdlib = os.path.dirname(ast.__file__)
    sources = list(_modules(stdlib))
    sources += [m for m in _modules(ENGINE_DIR) if m[0] == "_golem_boot" or m[0].startswith("golem_guest")]
    total = 0
    skipped = []
    for name, path, is_package in sources:
        source = _read(path)
        try:
            code = instrument.compile_ticked(source, frozen_name(name), "exec")
        except (SyntaxError, ValueError, RecursionError) as exc:
            skipped.append(f"{name}: {exc}")
            continue
        data = marshal.dumps(code)
        total += len(data)
        native.freeze(name, data, is_package, False)
        if name in STARTUP:
            plain = marshal.dumps(compile(source, frozen_name(name), "exec", dont_inherit=True))
            native.freeze(name, plain, is_package, True)
    count = native.publish()
    return count, total, skipped
