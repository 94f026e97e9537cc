//! One line that would end or poison the component: hostile exit codes,
//! signals, deep nesting in the parser and in C code, hostile paths and
//! offsets, broken interpreter state. Each ends the run at most.

use super::*;
use Expect::*;

const CASES: &[Case] = &[
    case(
        "sys.exit of a huge int",
        "import sys\nsys.exit(2**40)",
        Exit(0),
    ),
    case(
        "sys.exit of a negative huge int",
        "import sys\nsys.exit(-2**40 - 3)",
        Exit(-3),
    ),
    case(
        "sys.exit of a string",
        "import sys\nsys.exit('bye')",
        Exit(1),
    ),
    case(
        "os._exit below i32",
        "import os\nos._exit(-2**31 - 1)",
        Exit(2147483647),
    ),
    case(
        "os._exit of a huge int",
        "import os\nos._exit(2**100)",
        Exit(1),
    ),
    case(
        "os._exit of a non-int",
        "import os\nos._exit('x')",
        Threw("TypeError"),
    ),
    case("os.abort", "import os\nos.abort()", Exit(134)),
    case(
        "os.kill of itself",
        "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
        Threw("PermissionError"),
    ),
    case(
        "signal.raise_signal",
        "import signal\nsignal.raise_signal(signal.SIGTERM)",
        Exit(143),
    ),
    case(
        "faulthandler crash helper",
        "import faulthandler\nfaulthandler._sigsegv()",
        Exit(139),
    ),
    case("raise SystemExit(None)", "raise SystemExit(None)", Exit(0)),
    case(
        "KeyboardInterrupt",
        "raise KeyboardInterrupt",
        Threw("KeyboardInterrupt"),
    ),
    case(
        "a bare BaseException",
        "raise BaseException('b')",
        Threw("BaseException: b"),
    ),
    case(
        "MemoryError raised by hand",
        "raise MemoryError('m')",
        Threw("MemoryError"),
    ),
    case(
        "deep recursion",
        "def f():\n    f()\nf()",
        Threw("RecursionError"),
    ),
    case(
        "deep recursion under a raised limit",
        "import sys\nsys.setrecursionlimit(10**9)\ndef f():\n    f()\nf()",
        Threw("RecursionError"),
    ),
    case(
        "deeply nested repr",
        "l = []\nfor _ in range(100000):\n    l = [l]\nrepr(l)",
        Threw("RecursionError"),
    ),
    case(
        "deeply nested json.dumps",
        "import json\nl = []\nfor _ in range(100000):\n    l = [l]\njson.dumps(l)",
        Threw("RecursionError"),
    ),
    case(
        "deeply nested pickle",
        "import pickle\nl = []\nfor _ in range(100000):\n    l = [l]\npickle.dumps(l)",
        Threw("RecursionError"),
    ),
    case(
        "freeing a deeply nested list",
        "l = []\nfor _ in range(1000000):\n    l = [l]\ndel l\nprint('freed')",
        Stdout("freed\n"),
    ),
    case(
        "json.loads of deep brackets",
        "import json\njson.loads('[' * 100000)",
        Threw("RecursionError"),
    ),
    case(
        "eval of a long unary chain",
        "eval('-' * 100000 + '1')",
        Contained,
    ),
    case(
        "150 nested parentheses",
        "x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))\nprint(x)",
        Contained,
    ),
    case(
        "compile of 100000 nested parentheses",
        "compile('(' * 100000 + ')' * 100000, 's', 'eval')",
        Contained,
    ),
    case(
        "ast.parse of deep nesting",
        "import ast\nast.parse('[' * 100000 + ']' * 100000)",
        Contained,
    ),
    case(
        "a lone surrogate file name",
        "open('\\udcff', 'w').write('x')\nprint('written')",
        Contained,
    ),
    case(
        "a non-UTF-8 bytes path",
        "open(b'\\xff\\xfe', 'w').write('x')",
        Contained,
    ),
    case("a NUL in a path", "open('a\\0b', 'w')", Threw("ValueError")),
    case(
        "seek to 2**32 - 1 and write",
        "f = open('f', 'wb')\nf.seek(2**32 - 1)\nf.write(b'x')\nf.close()",
        Contained,
    ),
    case(
        "seek to 2**63",
        "f = open('f', 'wb')\nf.seek(2**63)",
        Contained,
    ),
    case(
        "seek to a negative offset",
        "f = open('f', 'wb')\nf.seek(-1)",
        Threw(""),
    ),
    case(
        "truncate to 2**31",
        "f = open('f', 'wb')\nf.truncate(2**31)",
        Contained,
    ),
    case(
        "os.truncate to 2**64",
        "import os\nopen('f', 'w').close()\nos.truncate('f', 2**64)",
        Contained,
    ),
    case(
        "read of 2**40 bytes",
        "open('f', 'w').write('x')\nprint(len(open('f', 'rb').read(2**40)))",
        Contained,
    ),
    case(
        "a 10,000-segment path",
        "import os\nos.makedirs('/'.join(['d'] * 10000))",
        Contained,
    ),
    case(
        "a 100,000-character name",
        "open('n' * 100000, 'w')",
        Contained,
    ),
    case(
        "sys.setrecursionlimit(6)",
        "import sys\nsys.setrecursionlimit(6)",
        Contained,
    ),
    case("sys.modules = 5", "import sys\nsys.modules = 5", Contained),
    case(
        "sys.stdout closed",
        "import sys\nsys.stdout.close()\nprint('x')",
        Contained,
    ),
    case(
        "sys.stdout = None",
        "import sys\nsys.stdout = None\nprint('x')",
        Contained,
    ),
    case(
        "os.close of the standard streams",
        "import os\nos.close(0)\nos.close(1)\nos.close(2)\nprint('x')",
        Contained,
    ),
    case(
        "builtins.__import__ removed",
        "import builtins\ndel builtins.__import__\nimport json",
        Contained,
    ),
    case(
        "builtins emptied",
        "import builtins\nbuiltins.__dict__.clear()",
        Contained,
    ),
    case(
        "int_max_str_digits",
        "import sys\nsys.set_int_max_str_digits(0)\nprint(len(str(10**50000)))",
        Stdout("50001\n"),
    ),
];

#[test]
fn no_single_line_ends_or_poisons_the_component() {
    check_all(CASES, &limits(3000, None));
}

#[test]
fn a_session_that_broke_its_own_interpreter_still_gets_clear_outcomes() {
    let mut inst = py();
    let s = inst.session(&py_lang(), &[]).unwrap();
    for breaker in [
        "import sys\nsys.modules = 5",
        "import sys\nsys.setrecursionlimit(6)",
        "import builtins\ndel builtins.print",
    ] {
        let broke = inst.session_run(&s, breaker, &opts()).unwrap();
        assert_eq!(mismatch(Expect::Contained, &broke), None, "{breaker}");
        let next = inst.session_run(&s, "x = 1", &opts()).unwrap();
        assert_eq!(mismatch(Expect::Contained, &next), None, "after {breaker}");
    }
    assert_eq!(still_serves(&mut inst), None);
}
