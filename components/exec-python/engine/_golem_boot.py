"""The first code of every snippet interpreter (run by the native module):
a finder for the frozen table, then the guest runtime."""

import sys

import _golem_native
from _frozen_importlib import ModuleSpec


class FrozenTable:
    """Finds modules in the native frozen table (instrumented code, bound to
    this interpreter's tick when loaded)."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        found = _golem_native.frozen(fullname)
        if found is None:
            return None
        code, is_package = found
        spec = ModuleSpec(fullname, cls, origin="frozen", is_package=is_package)
        spec.loader_state = code
        if is_package:
            spec.submodule_search_locations = []
        return spec

    @staticmethod
    def create_module(spec):
        return None

    @staticmethod
    def exec_module(module):
        code = module.__spec__.loader_state
        module.__spec__.loader_state = None
        _load_first(module.__name__)
        exec(code, module.__dict__)

    @classmethod
    def invalidate_caches(cls):
        pass


def _reaches(start, target):
    seen = {start}
    stack = [start]
    while stack:
        for dep in _GRAPH.get(stack.pop(), ()):
            if dep == target:
                return True
            if dep not in seen:
                seen.add(dep)
                stack.append(dep)
    return False


def _load_first(name):
    """Imports what module `name` will import, deepest first, before it
    runs, so that its own imports find them loaded: a chain of imports then
    nests one level deep instead of one level per module. Each nested level
    runs the eval loop through C, and the stack budget of a run (see the
    native module's `stack`) allows few such levels. Modules in an import
    cycle with `name` are left to load in their natural order."""
    order = []
    seen = set()
    stack = [(name, iter(_GRAPH.get(name, ())))]
    while stack:
        node, deps = stack[-1]
        for dep in deps:
            if dep not in seen and dep not in sys.modules:
                seen.add(dep)
                stack.append((dep, iter(_GRAPH.get(dep, ()))))
                break
        else:
            stack.pop()
            if node != name:
                order.append(node)
    for dep in order:
        if dep in sys.modules or _reaches(dep, name):
            continue
        try:
            __import__(dep)
        except Exception:
            # Left to the importing module, which may expect the failure.
            sys.modules.pop(dep, None)


_GRAPH = {}
sys.meta_path[:] = [FrozenTable] + [m for m in sys.meta_path if getattr(m, "__name__", "") == "BuiltinImporter"]
sys.path[:] = []
sys.path_hooks[:] = []
sys.path_importer_cache.clear()
sys.dont_write_bytecode = True

from _golem_import_graph import GRAPH as _GRAPH  # noqa: E402
import golem_guest.entry  # noqa: E402

run = golem_guest.entry.run
teardown = golem_guest.entry.teardown
