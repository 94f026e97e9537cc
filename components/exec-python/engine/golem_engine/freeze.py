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


def _imports(tree, name, is_package):
    """Modules a module imports when it is executed (statements at module
    level and in class bodies, including under if/try/with), resolved."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    stack = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                found += [".".join(parts[: i + 1]) for i in range(len(parts))]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join(anchor + ([base] if base else []))
            if base:
                found.append(base)
                found += [f"{base}.{a.name}" for a in node.names if a.name != "*"]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        else:
            stack.extend(reversed([c for c in ast.iter_child_nodes(node) if isinstance(c, ast.stmt)]))
    return found


def freeze_all():
    """Fills the native table; returns (modules, bytes, skipped)."""
    stdlib = os.path.dirname(ast.__file__)
    sources = list(_modules(stdlib))
    sources += [m for m in _modules(ENGINE_DIR) if m[0] == "_golem_boot" or m[0].startswith("golem_guest")]
    total = 0
    skipped = []
    graph = {}
    names = {m[0] for m in sources}
    for name, path, is_package in sources:
        source = _read(path)
        try:
            graph[name] = tuple(dict.fromkeys(d for d in _imports(ast.parse(source), name, is_package) if d in names and d != name))
        except SyntaxError:
            pass
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
    # Which frozen modules each one imports as it runs: the guest's finder
    # loads them first, one level deep, instead of nesting imports (see
    # _golem_boot).
    table = compile(f"GRAPH = {graph!r}\n", frozen_name("_golem_import_graph"), "exec")
    native.freeze("_golem_import_graph", marshal.dumps(table), False, False)
    # What could not be frozen, importable for diagnosis (the build also
    # prints it): `import _golem_freeze_report`.
    report = compile(f"SKIPPED = {skipped!r}\n", frozen_name("_golem_freeze_report"), "exec")
    native.freeze("_golem_freeze_report", marshal.dumps(report), False, False)
    count = native.publish()
    return count, total, skipped
