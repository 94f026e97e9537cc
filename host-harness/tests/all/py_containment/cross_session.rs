//! A session plants something that would act on later code (hooks,
//! handlers, finalizers, patched modules and builtins); the victims, another
//! session that already existed and a later one-shot run, see none of it.

use super::*;

/// `plant` runs in session A; `victim` must then print `expected`, both in
/// session B (opened before the plant) and in a later one-shot run.
struct Plant {
    name: &'static str,
    plant: &'static str,
    victim: &'static str,
    expected: &'static str,
}

const fn plant(
    name: &'static str,
    plant: &'static str,
    victim: &'static str,
    expected: &'static str,
) -> Plant {
    Plant {
        name,
        plant,
        victim,
        expected,
    }
}

const PLANTS: &[Plant] = &[
    plant(
        "audit hook",
        "import sys\nsys.addaudithook(lambda e, a: print('LEAK', e))",
        "import json\nopen('x.txt', 'w').write('1')\nprint('clean')",
        "clean\n",
    ),
    plant(
        "trace function",
        "import sys\nsys.settrace(lambda *a: print('LEAK') or None)",
        "def f():\n    return 1\nprint(f())",
        "1\n",
    ),
    plant(
        "profile function",
        "import sys\nsys.setprofile(lambda *a: print('LEAK'))",
        "print(len([1, 2]))",
        "2\n",
    ),
    plant(
        "sys.monitoring callback",
        "import sys\nm = sys.monitoring\nm.use_tool_id(3, 'spy')\nm.register_callback(3, m.events.PY_START, lambda *a: print('LEAK'))\nm.set_events(3, m.events.PY_START)",
        "def f():\n    return 2\nprint(f())",
        "2\n",
    ),
    plant(
        "logging root handler",
        "import logging\nclass H(logging.Handler):\n    def emit(self, r):\n        print('LEAK', r.getMessage())\nlogging.getLogger().addHandler(H())",
        "import logging\nlogging.getLogger().warning('w')\nprint('ok')",
        "ok\n",
    ),
    plant(
        "finalizer left in garbage",
        "import gc\ngc.disable()\nclass G:\n    def __del__(self):\n        print('LEAK')\n        open('planted.txt', 'w').write('x')\na = G(); b = G(); a.b = b; b.a = a\ndel a, b",
        "import gc, os\ngc.collect()\nprint(os.path.exists('planted.txt'))",
        "False\n",
    ),
    plant(
        "weakref finalizer",
        "import weakref, gc\nclass T: pass\nt = T(); t.self = t\nweakref.finalize(t, print, 'LEAK')\ndel t",
        "import gc\ngc.collect()\nprint('ok')",
        "ok\n",
    ),
    plant(
        "atexit handler",
        "import atexit\natexit.register(print, 'LEAK')",
        "print('ok')",
        "ok\n",
    ),
    plant(
        "patched print",
        "import builtins\nbuiltins.print = lambda *a, **k: None",
        "print('visible')",
        "visible\n",
    ),
    plant(
        "patched open",
        "import builtins\nbuiltins.open = lambda *a, **k: 1 / 0",
        "open('f', 'w').write('ok')\nprint(open('f').read())",
        "ok\n",
    ),
    plant(
        "replaced function code",
        "import json\njson.dumps.__code__ = (lambda *a, **k: 'LEAK').__code__",
        "import json\nprint(json.dumps([1]))",
        "[1]\n",
    ),
    plant(
        "patched class attribute",
        "import json\njson.JSONEncoder.default = lambda self, o: 'LEAK'",
        "import json\ntry:\n    json.dumps(object())\nexcept TypeError:\n    print('refused')",
        "refused\n",
    ),
    plant(
        "fake module in sys.modules",
        "import sys, types\nm = types.ModuleType('json'); m.dumps = lambda *a: 'LEAK'\nsys.modules['json'] = m",
        "import json\nprint(json.dumps(2))",
        "2\n",
    ),
    plant(
        "sys.path entry",
        "import sys\nsys.path.insert(0, '/planted')\nsys.meta_path.insert(0, None)",
        "import sys\nprint('/planted' in sys.path)",
        "False\n",
    ),
    plant(
        "warnings filter",
        "import warnings\nwarnings.simplefilter('error')",
        "import warnings\nwarnings.warn('w')\nprint('ok')",
        "ok\n",
    ),
    plant(
        "excepthook and displayhook",
        "import sys\nsys.excepthook = lambda *a: print('LEAK')\nsys.displayhook = lambda v: print('LEAK')",
        "import sys\nprint(sys.excepthook is sys.__excepthook__)",
        "True\n",
    ),
    plant(
        "replaced stdout",
        "import sys, io\nsys.stdout = io.StringIO()\nsys.__stdout__ = None",
        "print('seen')",
        "seen\n",
    ),
    plant(
        "environment variable",
        "import os\nos.environ['PLANTED'] = '1'\nos.putenv('PLANTED2', '1')",
        "import os\nprint(os.environ.get('PLANTED'), os.getenv('PLANTED2'))",
        "None None\n",
    ),
    plant(
        "codec registered",
        "import codecs\ncodecs.register(lambda n: print('LEAK') if n == 'leaky' else None)",
        "try:\n    'x'.encode('leaky')\nexcept LookupError:\n    print('unknown')",
        "unknown\n",
    ),
    plant(
        "copyreg reducer",
        "import copyreg, pickle\ncopyreg.pickle(complex, lambda c: (print, ('LEAK',)))",
        "import pickle\nprint(pickle.loads(pickle.dumps(1j)))",
        "1j\n",
    ),
    plant(
        "decimal context",
        "import decimal\ndecimal.getcontext().prec = 2",
        "import decimal\nprint(decimal.Decimal(1) / 3)",
        "0.3333333333333333333333333333\n",
    ),
    plant(
        "recursion limit",
        "import sys\nsys.setrecursionlimit(60)",
        "import sys\nprint(sys.getrecursionlimit() >= 1000)",
        "True\n",
    ),
    plant(
        "gc thresholds and callbacks",
        "import gc\ngc.set_threshold(1)\ngc.callbacks.append(lambda *a: print('LEAK'))\ngc.disable()",
        "import gc\ngc.collect()\nprint(gc.isenabled(), gc.get_threshold()[0] > 1)",
        "True True\n",
    ),
    plant(
        "random state",
        "import random\nrandom.seed(1)\nrandom.random = lambda: 0.5",
        "import random\nprint(random.random() != 0.5)",
        "True\n",
    ),
    plant(
        "lru cache",
        "import functools, re\nre.compile('a')\nre._cache.clear()\nre.compile = lambda *a, **k: 1 / 0",
        "import re\nprint(re.compile('b').pattern)",
        "b\n",
    ),
    plant(
        "locale",
        "import locale\ntry:\n    locale.setlocale(locale.LC_ALL, 'C.UTF-8')\nexcept locale.Error:\n    pass",
        "import locale\nprint(locale.setlocale(locale.LC_NUMERIC))",
        "C\n",
    ),
    plant(
        "sys.modules rebound",
        "import sys\nsys.modules = 5",
        "import json\nprint(json.dumps(3))",
        "3\n",
    ),
    plant(
        "__main__ globals",
        "SECRET = 'planted'",
        "print(globals().get('SECRET'))",
        "None\n",
    ),
];

#[test]
fn what_a_session_plants_reaches_no_other_session_or_later_run() {
    let mut inst = py();
    let mut failures = Vec::new();
    for p in PLANTS {
        let a = inst.session(&py_lang(), &[]).expect("session a");
        let b = inst.session(&py_lang(), &[]).expect("session b");
        let planted = inst.session_run(&a, p.plant, &opts()).expect("call");
        if let Some(why) = mismatch(Expect::Contained, &planted) {
            failures.push(format!("{}: planting: {why}", p.name));
        }
        let in_b = inst.session_run(&b, p.victim, &opts()).expect("call");
        if let Some(why) = mismatch(Expect::Stdout(p.expected), &in_b) {
            failures.push(format!("{}: in the other session: {why}", p.name));
        }
        let later = run_in_language(&mut inst, &py_lang(), &[], p.victim, &opts());
        if let Some(why) = mismatch(Expect::Stdout(p.expected), &later) {
            failures.push(format!("{}: in a later one-shot run: {why}", p.name));
        }
        let _ = inst.close(&a);
        let again = inst.session_run(&b, p.victim, &opts()).expect("call");
        if let Some(why) = mismatch(Expect::Stdout(p.expected), &again) {
            failures.push(format!(
                "{}: after the planting session closed: {why}",
                p.name
            ));
        }
        let _ = inst.close(&b);
    }
    assert!(
        failures.is_empty(),
        "{} of {} plants leaked:\n{}",
        failures.len(),
        PLANTS.len(),
        failures.join("\n")
    );
}

#[test]
fn what_a_one_shot_run_plants_reaches_no_later_run() {
    let mut inst = py();
    let mut failures = Vec::new();
    for p in PLANTS {
        let planted = run_in_language(&mut inst, &py_lang(), &[], p.plant, &opts());
        if let Some(why) = mismatch(Expect::Contained, &planted) {
            failures.push(format!("{}: planting: {why}", p.name));
        }
        let later = run_in_language(&mut inst, &py_lang(), &[], p.victim, &opts());
        if let Some(why) = mismatch(Expect::Stdout(p.expected), &later) {
            failures.push(format!("{}: {why}", p.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} plants leaked:\n{}",
        failures.len(),
        PLANTS.len(),
        failures.join("\n")
    );
}
