//! The memory limit is cumulative and enforced at allocation: what a run
//! keeps, in any form, counts, and nothing in Python switches it off.

use super::*;
use Expect::*;

const CASES: &[Case] = &[
    case(
        "one large bytearray",
        "x = bytearray(200 * 2**20)\nprint('kept')",
        Resource,
    ),
    case(
        "many small blocks kept",
        "keep = [bytearray(2**20) for _ in range(100)]\nprint('kept')",
        Resource,
    ),
    case("a growing list", "x = [0] * (20 * 2**20)", Resource),
    case("a long string", "s = 'a' * (100 * 2**20)", Resource),
    case("bytes from a count", "b = bytes(100 * 2**20)", Resource),
    case(
        "a dict of ints",
        "d = {i: i for i in range(3 * 10**6)}",
        Resource,
    ),
    case(
        "string concatenation",
        "s = ''\nwhile True:\n    s += 'x' * 65536",
        Resource,
    ),
    case(
        "after tracemalloc.stop",
        "import tracemalloc\ntracemalloc.stop()\nx = bytearray(200 * 2**20)",
        Resource,
    ),
    case(
        "with the collector off",
        "import gc\ngc.disable()\nl = []\nwhile True:\n    a = [l]\n    l = [a, bytearray(4096)]",
        Resource,
    ),
    case(
        "catching MemoryError and going on",
        "try:\n    x = bytearray(200 * 2**20)\nexcept MemoryError:\n    print('caught')\ny = bytearray(1024)\nprint('went on')",
        Resource,
    ),
    case("a big int", "x = 1 << (8 * 100 * 2**20)", Resource),
    case(
        "under the limit",
        "x = bytearray(8 * 2**20)\nprint(len(x))",
        Stdout("8388608\n"),
    ),
];

#[test]
fn what_a_run_keeps_counts_against_its_memory_limit() {
    check_all(CASES, &limits(5000, Some(64)));
}

#[test]
fn a_session_run_is_metered_on_what_it_allocates() {
    let mut inst = py();
    let s = inst.session(&py_lang(), &[]).unwrap();
    let opts = limits(5000, Some(64));
    ok(inst
        .session_run(&s, "keep = bytearray(40 * 2**20)", &opts)
        .unwrap());
    let second = inst
        .session_run(
            &s,
            "more = bytearray(40 * 2**20)\nprint(len(keep) + len(more))",
            &opts,
        )
        .unwrap();
    assert_eq!(mismatch(Expect::Stdout("83886080\n"), &second), None);
    let third = inst
        .session_run(&s, "x = bytearray(80 * 2**20)", &opts)
        .unwrap();
    assert!(is_resource_exceeded(&third), "{third:?}");
    assert_eq!(still_serves(&mut inst), None);
}

#[test]
fn the_peak_memory_of_a_run_is_reported() {
    let mut inst = py();
    let small = ok(run_in_language(
        &mut inst,
        &py_lang(),
        &[],
        "x = 1",
        &opts(),
    ));
    let large = ok(run_in_language(
        &mut inst,
        &py_lang(),
        &[],
        "x = bytearray(20 * 2**20)",
        &opts(),
    ));
    let (small, large) = (small.memory_bytes.unwrap(), large.memory_bytes.unwrap());
    assert!(
        large >= 20 << 20 && large > small,
        "small {small}, large {large}"
    );
}
