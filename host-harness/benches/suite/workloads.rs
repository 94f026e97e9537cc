//! CPU-bound snippets, the same algorithm in JavaScript and Python, each a
//! function body returning a value (compared across runtimes as a check).

pub struct Workload {
    pub name: &'static str,
    pub js: &'static str,
    pub py: &'static str,
}

pub const WORKLOADS: &[Workload] = &[
    Workload {
        name: "numeric loop",
        js: "let s = 0; for (let i = 0; i < 2000000; i++) { s = (s + i * i) % 1000003; } return s;",
        py: "s = 0\nfor i in range(1000000):\n    s = (s + i * i) % 1000003\nreturn s",
    },
    Workload {
        name: "recursive fib",
        js: "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); } return fib(27);",
        py: "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nreturn fib(25)",
    },
    Workload {
        name: "string building",
        js: "const parts = []; for (let i = 0; i < 200000; i++) { parts.push('item' + i); } return parts.join(',').length;",
        py: "parts = []\nfor i in range(200000):\n    parts.append('item' + str(i))\nreturn len(','.join(parts))",
    },
    Workload {
        name: "JSON round trip",
        js: "const rows = []; for (let i = 0; i < 5000; i++) { rows.push({ id: i, name: 'user' + i, tags: ['a', 'b', i % 7], score: i * 1.5 }); } let n = 0; for (let k = 0; k < 5; k++) { n += JSON.parse(JSON.stringify(rows)).length; } return n;",
        py: "import json\nrows = [{'id': i, 'name': 'user' + str(i), 'tags': ['a', 'b', i % 7], 'score': i * 1.5} for i in range(5000)]\nn = 0\nfor k in range(5):\n    n += len(json.loads(json.dumps(rows)))\nreturn n",
    },
    Workload {
        name: "regex",
        js: "const lines = []; for (let i = 0; i < 20000; i++) { lines.push('user' + i + '@host' + (i % 13) + '.example.com visited /page/' + i); } const text = lines.join('\\n'); let n = 0; for (const m of text.matchAll(/([a-z]+\\d+)@([a-z]+\\d+)\\.example\\.com/g)) { n += m[1].length; } return n;",
        py: "import re\ntext = '\\n'.join('user' + str(i) + '@host' + str(i % 13) + '.example.com visited /page/' + str(i) for i in range(20000))\nn = 0\nfor m in re.finditer(r'([a-z]+\\d+)@([a-z]+\\d+)\\.example\\.com', text):\n    n += len(m.group(1))\nreturn n",
    },
    Workload {
        name: "dict/object-heavy",
        js: "const counts = {}; for (let i = 0; i < 300000; i++) { const k = 'k' + (i % 1000); counts[k] = (counts[k] || 0) + i; } return Object.keys(counts).length;",
        py: "counts = {}\nfor i in range(300000):\n    k = 'k' + str(i % 1000)\n    counts[k] = counts.get(k, 0) + i\nreturn len(counts)",
    },
];

/// A JavaScript program that runs `body` once and prints `[ms, result]`.
pub fn js_program(body: &str) -> String {
    format!(
        "const __now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());\n\
         const __t = __now();\nconst __r = (() => {{ {body} }})();\n\
         console.log(JSON.stringify([__now() - __t, __r]));\n"
    )
}

/// The same as an expression for an embedding without `console` that
/// provides a `__now()` clock in milliseconds.
pub fn js_expression(body: &str) -> String {
    format!(
        "(() => {{ const __t = __now(); const __r = (() => {{ {body} }})(); return JSON.stringify([__now() - __t, __r]); }})()"
    )
}

/// A Python program that runs `body` once and prints `[ms, result]`.
pub fn py_program(body: &str) -> String {
    let indented: String = body.lines().map(|l| format!("    {l}\n")).collect();
    format!(
        "import json as __json, time as __time\ndef __work():\n{indented}__t = __time.perf_counter()\n__r = __work()\nprint(__json.dumps([(__time.perf_counter() - __t) * 1000, __r]))\n"
    )
}

/// `(ms, result)` from a program's `[ms, result]` line.
pub fn parse_timing(output: &str) -> anyhow::Result<(f64, String)> {
    let line = output.trim().lines().last().unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| anyhow::anyhow!("not a timing line: {line:?} ({e})"))?;
    let ms = value[0]
        .as_f64()
        .ok_or_else(|| anyhow::anyhow!("no milliseconds in {line:?}"))?;
    Ok((ms, value[1].to_string()))
}
