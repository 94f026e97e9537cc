"""`compile`, `exec` and `eval`: source goes to the engine's compiler, which
instruments it; the code comes back bound to this interpreter's tick. An AST
(`ast.parse`) comes from CPython's own compiler through the native module,
which only ever makes trees there, never code."""

import builtins
import sys

import _golem_native as native

_real_exec = builtins.exec
_real_eval = builtins.eval
_CodeType = type((lambda: 0).__code__)
_PyCF_ONLY_AST = 0x0400


def _source_and_name(source, filename):
    import os

    filename = os.fsdecode(filename) if not isinstance(filename, str) else filename
    if type(source) is not str and type(source) is not bytes:
        import ast

        if isinstance(source, ast.AST):
            return source, filename
        source = bytes(memoryview(source))
    return source, str(filename)


def _raise(error):
    name, args = error
    kind = getattr(builtins, name, SyntaxError)
    if not (isinstance(kind, type) and issubclass(kind, Exception)):
        kind = SyntaxError
    raise kind(*args)


def compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, *, _feature_version=-1):
    source, filename = _source_and_name(source, filename)
    if flags & _PyCF_ONLY_AST:
        import ast

        if isinstance(source, ast.AST):
            return source
        return native.parse(source, filename, str(mode), int(flags), int(optimize), int(_feature_version))
    import ast

    if isinstance(source, ast.AST):
        # Only source crosses to the engine's compiler.
        source = ast.unparse(source)
    result = native.compile((source, filename, str(mode), int(flags), int(optimize), int(_feature_version)))
    if type(result) is tuple:
        _raise(result)
    return result


def _caller_namespaces(globals_, locals_):
    if globals_ is None:
        frame = sys._getframe(2)
        return frame.f_globals, frame.f_locals if locals_ is None else locals_
    return globals_, globals_ if locals_ is None else locals_


def exec(source, globals=None, locals=None, /, **kwargs):
    globals, locals = _caller_namespaces(globals, locals)
    if not isinstance(source, _CodeType):
        source = compile(source, "<string>", "exec")
    return _real_exec(source, globals, locals, **kwargs)


def eval(source, globals=None, locals=None, /):
    globals, locals = _caller_namespaces(globals, locals)
    if not isinstance(source, _CodeType):
        if isinstance(source, str):
            source = source.lstrip(" \t")
        source = compile(source, "<string>", "eval")
    return _real_eval(source, globals, locals)


def install():
    builtins.compile = compile
    builtins.exec = exec
    builtins.eval = eval
