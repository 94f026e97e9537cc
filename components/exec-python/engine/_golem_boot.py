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
        exec(code, module.__dict__)

    @classmethod
    def invalidate_caches(cls):
        pass


sys.meta_path[:] = [FrozenTable] + [m for m in sys.meta_path if getattr(m, "__name__", "") == "BuiltinImporter"]
sys.path[:] = []
sys.path_hooks[:] = []
sys.path_importer_cache.clear()
sys.dont_write_bytecode = True

import golem_guest.entry  # noqa: E402

run = golem_guest.entry.run
