//! Every way around the time limit: code without ticks (other compile
//! routes, rewritten code objects, raw marshal data), blocking calls, and
//! long C-level work. Each ends as `timeout` (or is refused outright).

use super::*;
use Expect::*;

const CASES: &[Case] = &[
    case("a plain endless loop", "while True:\n    pass", Timeout),
    case(
        "an endless for loop over a range",
        "for _ in range(10**18):\n    pass",
        Timeout,
    ),
    case(
        "an endless comprehension",
        "import itertools\n[x for x in itertools.count() if x < 0]",
        Timeout,
    ),
    case(
        "after rebinding the native tick",
        "import _golem_native as n\nn.tick = lambda: None\nwhile True:\n    pass",
        Timeout,
    ),
    case(
        "after rebinding itertools.compress",
        "import itertools\nitertools.compress = lambda a, b: a\nfor _ in itertools.count():\n    pass",
        Timeout,
    ),
    case(
        "compile with _feature_version",
        "exec(compile('while True:\\n    pass', 's', 'exec', _feature_version=-1))",
        Timeout,
    ),
    case(
        "compile with flags",
        "import ast\nexec(compile('while True:\\n    pass', 's', 'exec', flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT))",
        Timeout,
    ),
    case(
        "compile of an AST",
        "import ast\nexec(compile(ast.parse('while True:\\n    pass'), 's', 'exec'))",
        Timeout,
    ),
    case(
        "eval of a generator",
        "eval('sum(1 for _ in iter(int, 1))')",
        Timeout,
    ),
    case(
        "exec with explicit globals",
        "exec('while True:\\n    pass', {})",
        Timeout,
    ),
    case(
        "the original builtins.compile",
        "import gc, builtins\nc = [o for o in gc.get_objects() if getattr(o, '__name__', '') == 'compile' and type(o).__name__ == 'builtin_function_or_method']\nexec(c[0]('while True:\\n    pass', 's', 'exec'))",
        Threw("compile is not available"),
    ),
    case(
        "code.replace stripping the tick",
        "def f():\n    while True:\n        pass\nf.__code__ = f.__code__.replace(co_consts=tuple(int if type(c).__name__ == 'Tick' else c for c in f.__code__.co_consts))\nf()",
        Threw("code.__new__ is not available"),
    ),
    case(
        "copy.replace of a code object",
        "import copy\ndef f():\n    while True:\n        pass\ncopy.replace(f.__code__, co_consts=())",
        Threw("code.__new__ is not available"),
    ),
    case(
        "types.CodeType",
        "import types\nc = (lambda: 0).__code__\ntypes.CodeType(c.co_argcount, c.co_posonlyargcount, c.co_kwonlyargcount, c.co_nlocals, c.co_stacksize, c.co_flags, c.co_code, (), c.co_names, c.co_varnames, c.co_filename, c.co_name, c.co_qualname, c.co_firstlineno, c.co_linetable, c.co_exceptiontable)",
        Threw("code.__new__ is not available"),
    ),
    case(
        "marshal.loads of code",
        "import marshal\nmarshal.loads(b'\\xe3' + bytes(40))",
        Threw("marshal.loads is not available"),
    ),
    case(
        "marshal.load of code",
        "import marshal, io\nmarshal.load(io.BytesIO(b'N'))",
        Threw("marshal.load is not available"),
    ),
    case(
        "the real time.sleep",
        "import _imp, importlib.machinery as m\nt = _imp.create_builtin(m.ModuleSpec('time', None))\nt.sleep(30)",
        Timeout,
    ),
    case("time.sleep", "import time\ntime.sleep(30)", Timeout),
    case(
        "asyncio.sleep",
        "import asyncio\nasyncio.run(asyncio.sleep(30))",
        Timeout,
    ),
    case(
        "a sleep in a finally",
        "import time\ntry:\n    pass\nfinally:\n    time.sleep(30)",
        Timeout,
    ),
    case(
        "catching the stop",
        "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass",
        Timeout,
    ),
    case(
        "suppressing the stop with a C callable",
        "class S:\n    __enter__ = lambda s: s\n    __exit__ = slice\nwhile True:\n    with S():\n        while True:\n            pass",
        Timeout,
    ),
    case(
        "a long __context__ chain",
        "e = None\nfor i in range(20000):\n    try:\n        raise ValueError(i) from None if i % 2 else ValueError(i)\n    except ValueError as x:\n        x.__context__ = e\n        e = x\nraise e",
        Contained,
    ),
    // Blocking waits in C that raise no audit event: the select module's
    // method tables are bounded (native `blocking`), so every route waits
    // only until the deadline.
    case(
        "select.select",
        "import select\nselect.select([], [], [], 30)",
        Timeout,
    ),
    case(
        "select.select without a timeout",
        "import select\nselect.select([], [], [])",
        Timeout,
    ),
    case(
        "poll with a timeout",
        "import select\nselect.poll().poll(30000)",
        Timeout,
    ),
    case(
        "poll without a timeout",
        "import select\nselect.poll().poll()",
        Timeout,
    ),
    case(
        "poll with a negative timeout",
        "import select\nselect.poll().poll(-1)",
        Timeout,
    ),
    case(
        "a selector",
        "import selectors\nselectors.DefaultSelector().select(30)",
        Timeout,
    ),
    case(
        "a timeout object with __float__",
        "import select\nclass T:\n    def __float__(self):\n        return 1e9\nselect.select([], [], [], T())",
        Timeout,
    ),
    case(
        "select from a rebuilt module",
        "import _imp, importlib.machinery as m\ns = _imp.create_builtin(m.ModuleSpec('select', None))\ns.select([], [], [], 30)",
        Timeout,
    ),
    case(
        "catching the stop of a select",
        "import select\nwhile True:\n    try:\n        select.select([], [], [], 30)\n    except BaseException:\n        pass",
        Timeout,
    ),
    case(
        "a short select still returns",
        "import select\nprint(select.select([], [], [], 0.01), select.poll().poll(5))",
        Stdout("([], [], []) []\n"),
    ),
    case(
        "select's own argument errors",
        "import select\ntry:\n    select.select([], [], [], 'x')\nexcept TypeError as e:\n    print(e)",
        Stdout("timeout must be a float or None\n"),
    ),
    case("sum over a huge range", "sum(range(10**13))", Timeout),
    case("a huge power", "x = 10**10**8", Timeout),
    case(
        "an endless deque fill",
        "import collections, itertools\ncollections.deque(itertools.count(), maxlen=0)",
        // C work that neither ticks nor allocates: only the backstop ends it.
        Backstop,
    ),
    case(
        "catastrophic regex backtracking",
        "import re\nre.match(r'(a+)+$', 'a' * 40 + 'b')",
        // sre checks for signals, which CPython lets only the main
        // interpreter handle: only the backstop ends it.
        Backstop,
    ),
    case(
        "an endless list from a C iterator",
        "list(iter(int, 1))",
        // Allocates only when the list doubles: the backstop may come first.
        Backstop,
    ),
    case(
        "exponential recursion",
        "def f(n):\n    return 1 if n == 0 else f(n - 1) + f(n - 1)\nf(60)",
        Timeout,
    ),
    case(
        "recursing to the limit then looping there",
        "import sys\ndef f(n):\n    try:\n        f(n + 1)\n    except RecursionError:\n        while True:\n            pass\nf(0)",
        Timeout,
    ),
    case(
        "a loop in a class body",
        "class C:\n    while True:\n        pass",
        Timeout,
    ),
    case(
        "a loop in a decorator",
        "def d(f):\n    while True:\n        pass\n@d\ndef g():\n    pass",
        Timeout,
    ),
    case(
        "a loop in __del__",
        "class C:\n    def __del__(self):\n        while True:\n            pass\nC()",
        Timeout,
    ),
    case(
        "a loop in a session module",
        "import sys\nsys.setrecursionlimit(100)\nwhile True:\n    [x for x in range(10)]",
        Timeout,
    ),
    case(
        "a loop in a generator expression",
        "any(False for _ in iter(int, 1))",
        Timeout,
    ),
    case(
        "a loop in a lambda",
        "f = lambda: f()\nwhile True:\n    try:\n        f()\n    except RecursionError:\n        pass",
        Timeout,
    ),
];

// 1 s, not less: a case that must fail with an error first imports modules
// in a fresh interpreter, which under a loaded CI machine (tests run in
// parallel) took more than 300 ms and ended as `timeout`.
#[test]
fn every_way_around_the_time_limit_ends_in_time() {
    check_all(CASES, &limits(1000, None));
}
