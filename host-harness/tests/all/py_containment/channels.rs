//! No snippet writes outside the capped output or reads the host: the
//! component gave up its standard streams, environment and preopens before
//! the first snippet ran, so even the original C functions find nothing.

use super::*;
use Expect::*;

const CASES: &[Case] = &[
    case(
        "faulthandler.dump_traceback to fd 1",
        "import faulthandler\ntry:\n    faulthandler.dump_traceback(1)\nexcept (OSError, ValueError, RuntimeError) as e:\n    pass\nprint('done')",
        Stdout("done\n"),
    ),
    case(
        "faulthandler.enable on fd 2",
        "import faulthandler\ntry:\n    faulthandler.enable(2)\n    print('enabled')\nexcept (OSError, ValueError, RuntimeError):\n    print('refused')",
        Contained,
    ),
    case(
        "the original posix.write",
        "import _imp, importlib.machinery as m\np = _imp.create_builtin(m.ModuleSpec('posix', None))\ntry:\n    p.write(1, b'OUTSIDE\\n')\nexcept OSError as e:\n    print('refused')",
        Stdout("refused\n"),
    ),
    case(
        "the original posix.stat of a host path",
        "import _imp, importlib.machinery as m\np = _imp.create_builtin(m.ModuleSpec('posix', None))\ntry:\n    p.stat('/etc/passwd')\n    print('reached')\nexcept OSError:\n    print('refused')",
        Stdout("refused\n"),
    ),
    case(
        "the original posix.access",
        "import _imp, importlib.machinery as m\np = _imp.create_builtin(m.ModuleSpec('posix', None))\nprint(p.access('/', 0), p.access('/etc/passwd', 0))",
        Stdout("False False\n"),
    ),
    case(
        "the original posix.listdir",
        "import _imp, importlib.machinery as m\np = _imp.create_builtin(m.ModuleSpec('posix', None))\np.listdir('/')",
        Threw("PermissionError"),
    ),
    case(
        "the original posix.open",
        "import _imp, importlib.machinery as m\np = _imp.create_builtin(m.ModuleSpec('posix', None))\np.open('/etc/passwd', 0)",
        Threw("PermissionError"),
    ),
    case(
        "the original posix.environ",
        "import _imp, importlib.machinery as m\np = _imp.create_builtin(m.ModuleSpec('posix', None))\nprint(getattr(p, 'environ', {}))",
        Stdout("{}\n"),
    ),
    case(
        "a host file by absolute path",
        "open('/etc/passwd')",
        Threw("FileNotFoundError"),
    ),
    case(
        "a host file by dot-dot",
        "open('../../../etc/passwd')",
        Threw("FileNotFoundError"),
    ),
    case(
        "the session root listing",
        "import os\nprint(os.listdir('/'))",
        Stdout("[]\n"),
    ),
    case(
        "os.write to fd 1 goes to the captured stdout",
        "import os\nos.write(1, b'captured\\n')",
        Stdout("captured\n"),
    ),
    case(
        "print to sys.__stdout__",
        "import sys\nprint('captured', file=sys.__stdout__)",
        Stdout("captured\n"),
    ),
    case("a socket", "import socket\nsocket.socket()", Threw("")),
    case(
        "subprocess",
        "import subprocess\nsubprocess.run(['ls'])",
        Threw(""),
    ),
    case(
        "os.system",
        "import os\nos.system('ls')",
        Threw("PermissionError"),
    ),
    case(
        "no host environment",
        "import os\nprint(dict(os.environ), os.getenv('HOME'), os.getenv('PATH'))",
        Stdout("{} None None\n"),
    ),
];

#[test]
fn nothing_leaves_the_capped_output_or_reaches_the_host() {
    check_all(CASES, &opts());
}
