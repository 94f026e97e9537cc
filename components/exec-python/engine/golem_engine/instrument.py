"""Compiling with ticks. Every loop iteration, comprehension step, function
entry, `except` and `finally` calls the tick; the tick is a placeholder
(a sentinel string) here, bound by the native module to the tick of the
interpreter that loads the code. Instrumentation runs only in the main
interpreter (for snippets, through the bridge; for the standard library,
at build time), so no snippet can change how code is instrumented."""

import ast
import warnings

try:
    # Present only in the bench's reference build, which measures what the
    # ticks cost; the shipped component always instruments.
    from golem_build_options import INSTRUMENT
except ImportError:
    INSTRUMENT = True

TICK_CALL = "\0golem-exec:tick-call"


def _tick_call():
    return ast.Call(ast.Constant(TICK_CALL), [], [])


def _has_docstring(body):
    return (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )


class _Instrument(ast.NodeTransformer):
    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        node.body.insert(1 if _has_docstring(node.body) else 0, ast.Expr(_tick_call()))
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self.generic_visit(node)
        node.body = ast.BoolOp(ast.And(), [_tick_call(), node.body])
        return node


    def _body_tick(self, node):
        self.generic_visit(node)
        node.body.insert(0, ast.Expr(_tick_call()))
        return node

    # A tick at the top of a loop's body (not around its iterable) keeps
    # CPython's specialised iteration (`FOR_ITER_RANGE`, ...).
    visit_For = visit_While = visit_AsyncFor = visit_ExceptHandler = _body_tick

    def visit_Try(self, node):
        self.generic_visit(node)
        if node.finalbody:
            node.finalbody.insert(0, ast.Expr(_tick_call()))
        return node

    visit_TryStar = visit_Try

    def visit_comprehension(self, node):
        # `[x for x in it]` becomes `[x for x in it if TICK()]`: the tick
        # returns True, and runs before any condition of the snippet's.
        self.generic_visit(node)
        node.ifs.insert(0, _tick_call())
        return node


# Deeper trees (a chain of 100,000 `+`, which the parser takes without
# recursion) would exhaust the wasm stack in CPython's AST optimizer, which
# has no depth check of its own.
MAX_TREE_DEPTH = 400


def _check_depth(tree):
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise RecursionError("maximum recursion depth exceeded during compilation")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _parse(source, filename, mode, flags, feature_version):
    try:
        import _golem_native

        parse = _golem_native.parse
    except (ImportError, AttributeError):
        # At build time the stack budget does not matter (trusted sources).
        return compile(source, filename, mode, flags | ast.PyCF_ONLY_AST, True, _feature_version=feature_version)
    return parse(source, filename, mode, flags, feature_version)


def compile_ticked(source, filename, mode, flags=0, optimize=-1, feature_version=-1):
    """Code with ticks (sentinels unbound). Raises what `compile` raises."""
    tree = _parse(source, filename, mode, flags, feature_version)
    _check_depth(tree)
    if INSTRUMENT:
        tree = _Instrument().visit(tree)
    ast.fix_missing_locations(tree)
    with warnings.catch_warnings():
        # The sentinels are called before the native module binds them.
        warnings.filterwarnings("ignore", "'str' object is not callable", SyntaxWarning)
        return compile(tree, filename, mode, flags & ~ast.PyCF_ONLY_AST, True, optimize)
