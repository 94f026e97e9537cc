"""Importing the session's own modules (`pkg/mod.py`) from its files."""

import os
import sys

from . import compiling
from .bridge import call
from .files import kind


class SessionFinder:
    @classmethod
    def _roots(cls):
        cwd = call("absolute", ".")
        return [cwd] if cwd == "/" else [cwd, "/"]

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        from _frozen_importlib import ModuleSpec

        parts = fullname.split(".")
        roots = list(path) if path is not None else cls._roots()
        for root in roots:
            if not isinstance(root, str) or not root.startswith("/"):
                continue
            base = os.path.join(root, parts[-1])
            for candidate, is_package in ((base + "/__init__.py", True), (base + ".py", False)):
                if kind(candidate) is False:
                    spec = ModuleSpec(fullname, SessionLoader(candidate), origin=candidate, is_package=is_package)
                    if is_package:
                        spec.submodule_search_locations = [base]
                    spec.has_location = True
                    return spec
            if kind(base) is True:
                spec = ModuleSpec(fullname, None, is_package=True)
                spec.submodule_search_locations = [base]
                return spec
        return None

    @classmethod
    def invalidate_caches(cls):
        pass


class SessionLoader:
    def __init__(self, path):
        self.path = path

    def create_module(self, spec):
        return None

    def get_source(self, fullname):
        return call("read_file", self.path).decode("utf-8")

    def exec_module(self, module):
        source = self.get_source(module.__name__)
        module.__file__ = self.path
        code = compiling.compile(source, self.path, "exec")
        compiling._real_exec(code, module.__dict__)


def install():
    sys.meta_path.append(SessionFinder)
