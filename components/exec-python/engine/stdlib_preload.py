"""Imports the standard library while componentize-py builds the component.

Only modules imported at build time exist at run time (the component has no
file system to import from), so this loads every pure-Python module a snippet
might import, except those with no use in a sandbox.
"""

import importlib
import pkgutil
import sys

_SKIP = {
    "__hello__", "__phello__", "_pyrepl", "antigravity", "ensurepip", "idlelib",
    "lib2to3", "pydoc", "pydoc_data", "test", "this", "tkinter", "turtle",
    "turtledemo", "venv", "__main__", "site", "msilib", "winreg", "winsound",
    "_msi", "nt", "ntpath_test", "xxlimited", "xxlimited_35", "xxsubtype",
}


def _wanted(name):
    parts = name.split(".")
    return not any(p in _SKIP or p == "tests" or p.startswith("test_") for p in parts)


def _import(name):
    try:
        return importlib.import_module(name)
    except BaseException:
        return None


def preload():
    for name in sorted(sys.stdlib_module_names):
        if not _wanted(name):
            continue
        module = _import(name)
        path = getattr(module, "__path__", None)
        if path is None:
            continue
        for info in pkgutil.walk_packages(path, name + ".", onerror=lambda _: None):
            if _wanted(info.name):
                _import(info.name)


preload()
