//! Nothing of the engine is reachable from a snippet: not its modules, not
//! its objects through the collector, frames or subclasses, and not the
//! native module's control functions.

use super::*;
use Expect::*;

const CASES: &[Case] = &[
    case(
        "import engine",
        "try:\n    import engine\nexcept ImportError:\n    print('absent')",
        Stdout("absent\n"),
    ),
    case(
        "import golem_engine",
        "try:\n    import golem_engine\nexcept ImportError:\n    print('absent')",
        Stdout("absent\n"),
    ),
    case(
        "import wit_world",
        "try:\n    import wit_world\nexcept ImportError:\n    print('absent')",
        Stdout("absent\n"),
    ),
    case(
        "import componentize_py_types",
        "try:\n    import componentize_py_types\nexcept ImportError:\n    print('absent')",
        Stdout("absent\n"),
    ),
    case(
        "gc finds no engine object",
        "import gc\nnames = {type(o).__name__ for o in gc.get_objects()}\nprint(bool(names & {'Engine', 'RunRequest', 'RunOutcome', 'Err'}))",
        Stdout("False\n"),
    ),
    case(
        "gc finds no engine module",
        "import gc, types\nprint(sorted(m.__name__ for m in gc.get_objects() if isinstance(m, types.ModuleType) and m.__name__.startswith(('engine', 'golem_engine', 'wit_world'))))",
        Stdout("[]\n"),
    ),
    case(
        "subclasses name no engine class",
        "def walk(c, seen):\n    for s in type.__subclasses__(c):\n        if s not in seen:\n            seen.add(s)\n            walk(s, seen)\n    return seen\nprint(sorted(c.__name__ for c in walk(object, set()) if c.__name__ in ('Engine', 'Err', 'Ok')))",
        Stdout("[]\n"),
    ),
    case(
        "frames end at the snippet",
        "import sys\nf = sys._getframe()\nnames = []\nwhile f:\n    names.append(f.f_code.co_filename)\n    f = f.f_back\nprint([n for n in names if 'engine' in n or 'wit' in n])",
        Stdout("[]\n"),
    ),
    case(
        "native control functions are absent",
        "import _golem_native as n\nprint([f for f in ('new_interpreter', 'end_interpreter', 'run', 'stop', 'seal', 'freeze', 'publish', 'set_bridge') if hasattr(n, f)])",
        Stdout("[]\n"),
    ),
    case(
        "the native module cannot be re-imported as the engine's",
        "import sys, importlib\ndel sys.modules['_golem_native']\ntry:\n    importlib.import_module('_golem_native')\nexcept ImportError:\n    print('absent')",
        Stdout("absent\n"),
    ),
    case(
        "an unknown bridge request",
        "import _golem_native as n\nprint(n.call(('bogus',))[:2])",
        Stdout("(2, 'RuntimeError')\n"),
    ),
    case(
        "an out-of-range descriptor",
        "import _golem_native as n\nprint(n.call(('read', 2**40, 1))[:2])",
        Stdout("(2, 'OverflowError')\n"),
    ),
    case(
        "a string that is not UTF-8",
        "import _golem_native as n\nprint(n.call(('stat', '\\udcff'))[:2])",
        Stdout("(1, 'EINVAL')\n"),
    ),
    case(
        "too few arguments",
        "import _golem_native as n\nprint(n.call(('seek', 3))[:2])",
        Stdout("(2, 'TypeError')\n"),
    ),
    case(
        "an unmarshallable bridge request",
        "import _golem_native as n\nn.call((object(),))",
        Threw("ValueError"),
    ),
    case(
        "a huge stdin request",
        "import _golem_native as n\nprint(n.call(('stdin', 10**12)))",
        Stdout("(0, b'')\n"),
    ),
    case(
        "a wrongly typed bridge request",
        "import _golem_native as n\nprint(n.call(('read', 'x', 'y'))[:2])",
        Stdout("(2, 'TypeError')\n"),
    ),
    case(
        "a frozen-looking file name gets no trust",
        "import _golem_native as n\nc = n.compile(('while True:\\n    pass', '<frozen types>', 'exec', 0, -1, -1))\nprint(c.co_filename)",
        Stdout("<string>\n"),
    ),
    case(
        "exit with a huge code",
        "import _golem_native as n\nn.exit(2**100)",
        Exit(1),
    ),
    case(
        "the tick cannot be replaced",
        "def f():\n    pass\ntick = next(c for c in f.__code__.co_consts if getattr(c, '__name__', None) == 'tick')\ntry:\n    type(tick).__call__ = lambda *a: None\nexcept TypeError:\n    print('immutable', type(tick).__name__)",
        Stdout("immutable builtin_function_or_method\n"),
    ),
];

#[test]
fn nothing_of_the_engine_is_reachable() {
    check_all(CASES, &opts());
}
