//! exec-javascript: the Node 20 globals of issue 12 ("Fidelity"):
//! EventTarget/Event/CustomEvent, AbortController/AbortSignal, DOMException,
//! performance marks and measures, URL.canParse, Blob/File, setImmediate.
//! Each test runs one ES-module snippet; its expected stdout is what
//! `node --input-type=module` (v20) prints for the same snippet.

use crate::common::*;
use host_harness::ExecError;

/// The stdout of a snippet that must complete.
fn stdout(code: &str) -> String {
    stdout_of(&mut js(), code)
}

/// The stdout of a snippet that must complete within `ms`.
fn stdout_within(code: &str, ms: u64) -> String {
    let result = ok(run(&mut js(), code, &with_time(ms)));
    assert_eq!(result.run.exit_code, Some(0));
    result.run.stdout
}

/// A snippet that ends with an uncaught error, as in Node: its stdout up to
/// then, exit code 1, and the error on stderr.
fn stdout_of_failing(code: &str, error: &str) -> String {
    match run(&mut js(), code, &opts()) {
        Err(ExecError::RuntimeFailed(stage)) => {
            assert_eq!(stage.exit_code, Some(1));
            assert!(stage.stderr.contains(error), "{}", stage.stderr);
            stage.stdout
        }
        other => panic!("expected runtime-failed, got {other:?}"),
    }
}

// EventTarget and Event

#[test]
fn event_target_calls_listeners_in_order_with_the_target_as_this() {
    let code = r#"
const et = new EventTarget();
const fn = function (e) { console.log('fn', e.type, this === et, e.target === et); };
et.addEventListener('x', fn);
et.addEventListener('x', fn);
et.addEventListener('x', { handleEvent(e) { console.log('object', this !== et, e.currentTarget) } });
et.addEventListener('x', (e) => console.log('arrow', e.eventPhase));
console.log(et.dispatchEvent(new Event('x')));
et.removeEventListener('x', fn);
console.log(et.dispatchEvent(new Event('x')), et.dispatchEvent(new Event('other')));
console.log(et.addEventListener('x', () => {}), et.removeEventListener('nothing', fn));
"#;
    let expected = concat!(
        "fn x true true\n",
        "object true null\n",
        "arrow 0\n",
        "true\n",
        "object true EventTarget {}\n",
        "arrow 0\n",
        "true true\n",
        "undefined undefined\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn event_target_once_listener_runs_once() {
    let code = r#"
const et = new EventTarget();
let n = 0;
et.addEventListener('ping', () => { n++; console.log('once', n); }, { once: true });
et.addEventListener('ping', () => console.log('always'));
et.dispatchEvent(new Event('ping'));
et.dispatchEvent(new Event('ping'));
et.addEventListener('nested', () => { n++; et.dispatchEvent(new Event('nested')); }, { once: true });
et.dispatchEvent(new Event('nested'));
console.log('calls', n);
"#;
    let expected = concat!("once 1\n", "always\n", "always\n", "calls 2\n",);
    assert_eq!(stdout(code), expected);
}

#[test]
fn event_default_prevented_needs_a_cancelable_event() {
    let code = r#"
const et = new EventTarget();
et.addEventListener('go', (e) => { e.preventDefault(); console.log('in listener', e.defaultPrevented, e.returnValue); });
const cancelable = new Event('go', { cancelable: true });
console.log(cancelable.defaultPrevented, cancelable.returnValue, cancelable.cancelable);
console.log(et.dispatchEvent(cancelable), cancelable.defaultPrevented, cancelable.returnValue);
const plain = new Event('go');
console.log(et.dispatchEvent(plain), plain.defaultPrevented, plain.returnValue);
const early = new Event('quiet', { cancelable: true });
early.preventDefault();
console.log(et.dispatchEvent(early), early.defaultPrevented);
"#;
    let expected = concat!(
        "false true true\n",
        "in listener true false\n",
        "false true false\n",
        "in listener false true\n",
        "true false true\n",
        "false true\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn event_properties_follow_node_during_and_after_dispatch() {
    let code = r#"
const ev = new Event('y', { bubbles: true, composed: true });
console.log(ev.type, ev.bubbles, ev.cancelable, ev.composed, ev.eventPhase, ev.target, ev.currentTarget, ev.isTrusted, ev.cancelBubble, typeof ev.timeStamp, ev.composedPath());
console.log(Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE, String(ev), Object.keys(ev));
const et = new EventTarget();
et.addEventListener('y', (e) => console.log('first', e.eventPhase, e.currentTarget === et, e.composedPath().length, e.target === et));
et.addEventListener('y', (e) => console.log('second', e.eventPhase, e.currentTarget, e.composedPath().length, e.target === et));
et.dispatchEvent(ev);
console.log(ev.eventPhase, ev.target === et, ev.currentTarget, ev.srcElement === et);
ev.stopPropagation(); console.log(ev.cancelBubble);
console.log(new Event(1).type, new Event(null).type, new Event('x', null).cancelable);
const init = new Event('a'); init.initEvent('b', true, true); console.log(init.type, init.bubbles, init.cancelable);
console.log(Object.prototype.toString.call(et), Object.prototype.toString.call(ev), typeof EventTarget.prototype.dispatchEvent);
"#;
    let expected = concat!(
        "y true false true 0 null null false false number []\n",
        "0 1 2 3 [object Event] []\n",
        "first 2 true 1 true\n",
        "second 0 null 0 true\n",
        "0 true null true\n",
        "true\n",
        "1 null false\n",
        "b true true\n",
        "[object EventTarget] [object Event] function\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn event_target_listeners_removed_or_added_during_dispatch() {
    let code = r#"
const et = new EventTarget();
const log = [];
const a = () => log.push('a');
const b = () => { log.push('b'); et.removeEventListener('x', c); et.addEventListener('x', d); };
const c = () => log.push('c');
const d = () => log.push('d');
et.addEventListener('x', a, { once: true });
et.addEventListener('x', b);
et.addEventListener('x', c);
et.dispatchEvent(new Event('x'));
et.dispatchEvent(new Event('x'));
console.log(log.join(','));
const t = new EventTarget();
const out = [];
const e = () => out.push('e');
const f = () => out.push('f');
const g = () => { out.push('g'); t.removeEventListener('y', e); t.addEventListener('y', f); };
t.addEventListener('y', g);
t.addEventListener('y', e);
t.addEventListener('y', () => out.push('h'));
t.dispatchEvent(new Event('y'));
console.log(out.join(','));
"#;
    let expected = concat!("a,b,b,d\n", "g,h,f\n",);
    assert_eq!(stdout(code), expected);
}

#[test]
fn event_target_capture_flag_makes_a_separate_registration() {
    let code = r#"
const t = new EventTarget();
const out = [];
const f = (e) => out.push(e.type);
t.addEventListener('y', f, true);
t.addEventListener('y', f, { capture: false });
t.addEventListener('y', f);
t.dispatchEvent(new Event('y'));
console.log(out.length);
t.removeEventListener('y', f);
t.dispatchEvent(new Event('y'));
console.log(out.length);
t.removeEventListener('y', f, { capture: true });
t.dispatchEvent(new Event('y'));
console.log(out.length);
"#;
    let expected = concat!("2\n", "3\n", "3\n",);
    assert_eq!(stdout(code), expected);
}

#[test]
fn stop_immediate_propagation_skips_later_listeners() {
    let code = r#"
const t = new EventTarget();
t.addEventListener('z', (e) => { console.log('first'); e.stopImmediatePropagation(); console.log(e.cancelBubble); });
t.addEventListener('z', () => console.log('second'));
t.addEventListener('z', () => console.log('passive'), { passive: true });
const ev = new Event('z');
console.log(t.dispatchEvent(ev));
t.dispatchEvent(new Event('z'));
"#;
    let expected = concat!("first\n", "true\n", "true\n", "first\n", "true\n",);
    assert_eq!(stdout(code), expected);
}

#[test]
fn handle_event_is_looked_up_at_each_dispatch() {
    let code = r#"
const et = new EventTarget();
const obj = { handleEvent() { console.log('original'); } };
et.addEventListener('h', obj);
obj.handleEvent = function (e) { console.log('replaced', this === obj, e.type); };
et.dispatchEvent(new Event('h'));
const bare = {};
et.addEventListener('h', bare);
et.dispatchEvent(new Event('h'));
bare.handleEvent = () => console.log('added later');
et.dispatchEvent(new Event('h'));
et.removeEventListener('h', obj);
et.removeEventListener('h', bare);
console.log(et.dispatchEvent(new Event('h')));
"#;
    let expected = concat!(
        "replaced true h\n",
        "replaced true h\n",
        "replaced true h\n",
        "added later\n",
        "true\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn listener_signal_option_removes_the_listener_on_abort() {
    let code = r#"
const ac = new AbortController();
const t = new EventTarget();
t.addEventListener('w', () => console.log('w fired'), { signal: ac.signal });
t.dispatchEvent(new Event('w'));
ac.abort();
t.dispatchEvent(new Event('w'));
t.addEventListener('w', () => console.log('never'), { signal: ac.signal });
t.dispatchEvent(new Event('w'));
try { t.addEventListener('w', () => {}, { signal: 'nope' }); } catch (e) { console.log(e.name, e.code, e.message); }
console.log('done');
"#;
    let expected = concat!(
        "w fired\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"options.signal\" property must be an instance of AbortSignal. Received type string ('nope')\n",
        "done\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn custom_event_carries_detail() {
    let code = r#"
const et = new EventTarget();
et.addEventListener('data', (e) => console.log(e.type, e.detail, e instanceof Event, e instanceof CustomEvent));
et.dispatchEvent(new CustomEvent('data', { detail: { k: [1, 2] } }));
console.log(new CustomEvent('c').detail, new CustomEvent('c', { detail: 0 }).detail, Object.prototype.toString.call(new CustomEvent('c')));
try { new CustomEvent(); } catch (e) { console.log(e.code, e.message); }
"#;
    let expected = concat!(
        "data { k: [ 1, 2 ] } true true\n",
        "null 0 [object CustomEvent]\n",
        "ERR_MISSING_ARGS The \"type\" argument must be specified\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn event_targets_inspect_like_node() {
    let code = r#"
class Emitter extends EventTarget { constructor() { super(); this.x = 1; } }
console.log(new EventTarget(), new Emitter(), [new EventTarget()]);
const util = await import('node:util');
console.log(util.inspect(new Event('x'), { depth: -1 }), util.inspect({ a: { b: { c: new EventTarget() } } }));
console.log(typeof util.inspect.custom, util.inspect({ [util.inspect.custom]() { return 'custom!'; } }), util.inspect([{ [util.inspect.custom]: () => ({ replaced: true }) }]));
"#;
    let expected = concat!(
        "EventTarget {} Emitter {} [ EventTarget {} ]\n",
        "Event { a: { b: { c: EventTarget } } }\n",
        "symbol custom! [ { replaced: true } ]\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn dispatching_a_non_event_is_a_type_error() {
    let code = r#"
const et = new EventTarget();
for (const bad of [{ type: 'x' }, 'x', 'a string that is longer than 28 chars', undefined, null, 1, -0, true, 5n, Symbol('s'), function named() {}, [], Object.create(null)]) {
  try { et.dispatchEvent(bad); } catch (e) { console.log(e.name, e.code, e.message, e instanceof TypeError); }
}
try { et.dispatchEvent(); } catch (e) { console.log(e.name, e.code, e.message); }
try { EventTarget.prototype.dispatchEvent.call({}, new Event('x')); } catch (e) { console.log(e.name, e.code, e.message); }
try { et.dispatchEvent(7); } catch (e) { console.log(String(e), Object.keys(e), e.constructor === TypeError, Object.getPrototypeOf(e) === TypeError.prototype, Object.getOwnPropertyNames(e).includes('toString')); }
"#;
    let expected = concat!(
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received an instance of Object true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received type string ('x') true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received type string ('a string that is longer t...') true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received undefined true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received null true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received type number (1) true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received type number (-0) true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received type boolean (true) true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received type bigint (5n) true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received type symbol (Symbol(s)) true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received function named true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received an instance of Array true\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"event\" argument must be an instance of Event. Received [Object: null prototype] {} true\n",
        "TypeError ERR_MISSING_ARGS The \"event\" argument must be specified\n",
        "TypeError ERR_INVALID_THIS Value of \"this\" must be of type EventTarget\n",
        "TypeError [ERR_INVALID_ARG_TYPE]: The \"event\" argument must be an instance of Event. Received type number (7) [ 'code' ] true false false\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn event_and_listener_arguments_are_validated() {
    let code = r#"
const et = new EventTarget();
try { new Event(); } catch (e) { console.log(e.name, e.code, e.message); }
try { new Event('x', 5); } catch (e) { console.log(e.name, e.code, e.message); }
try { Event('x'); } catch (e) { console.log(e.name); }
try { et.addEventListener('x'); } catch (e) { console.log(e.name, e.code, e.message); }
try { et.removeEventListener('x'); } catch (e) { console.log(e.name, e.code, e.message); }
try { et.addEventListener('x', 5); } catch (e) { console.log(e.name, e.code, e.message); }
try { et.addEventListener('x', () => {}, 5); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(et.addEventListener('x', null), et.addEventListener('x', {}), et.dispatchEvent(new Event('x')));
try { Event.prototype.type; } catch (e) { console.log(e.name, e.code, e.message); }
"#;
    let expected = concat!(
        "TypeError ERR_MISSING_ARGS The \"type\" argument must be specified\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"options\" argument must be of type object. Received type number (5)\n",
        "TypeError\n",
        "TypeError ERR_MISSING_ARGS The \"type\" and \"listener\" arguments must be specified\n",
        "TypeError ERR_MISSING_ARGS The \"type\" and \"listener\" arguments must be specified\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"listener\" argument must be an instance of EventListener. Received type number (5)\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"options\" argument must be of type object. Received type number (5)\n",
        "undefined undefined true\n",
        "TypeError ERR_INVALID_THIS Value of \"this\" must be of type Event\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn dispatching_an_event_already_being_dispatched_is_an_error() {
    let code = r#"
const et = new EventTarget();
const other = new EventTarget();
const e1 = new Event('r');
et.addEventListener('r', () => {
  try { et.dispatchEvent(e1); } catch (e) { console.log(e.name, e.code, e.message, e instanceof TypeError); }
  try { other.dispatchEvent(e1); } catch (e) { console.log('other target too', e.code); }
});
et.addEventListener('r', () => console.log('second listener', e1.eventPhase));
et.dispatchEvent(e1);
console.log('again', et.dispatchEvent(e1));
"#;
    let expected = concat!(
        "Error ERR_EVENT_RECURSION The event \"r\" is already being dispatched false\n",
        "other target too ERR_EVENT_RECURSION\n",
        "second listener 0\n",
        "Error ERR_EVENT_RECURSION The event \"r\" is already being dispatched false\n",
        "other target too ERR_EVENT_RECURSION\n",
        "second listener 0\n",
        "again true\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn a_throwing_listener_still_lets_the_dispatch_finish() {
    let code = r#"
const et = new EventTarget();
et.addEventListener('x', () => { console.log('first'); throw new Error('listener failed'); });
et.addEventListener('x', () => console.log('second'));
console.log('returned', et.dispatchEvent(new Event('x')));
console.log('after dispatch');
"#;
    let expected = concat!("first\n", "second\n", "returned true\n", "after dispatch\n",);
    assert_eq!(stdout_of_failing(code, "Error: listener failed"), expected);
}

#[test]
fn a_rejecting_async_listener_is_reported_as_uncaught() {
    let code = r#"
const et = new EventTarget();
et.addEventListener('x', async () => { console.log('async listener'); throw new Error('async listener failed'); });
et.addEventListener('x', () => console.log('next listener'));
console.log('returned', et.dispatchEvent(new Event('x')));
console.log('after dispatch');
"#;
    let expected = concat!(
        "async listener\n",
        "next listener\n",
        "returned true\n",
        "after dispatch\n",
    );
    assert_eq!(
        stdout_of_failing(code, "Error: async listener failed"),
        expected
    );
}

// AbortController and AbortSignal

#[test]
fn abort_controller_aborts_with_a_default_abort_error() {
    let code = r#"
const ac = new AbortController();
const s = ac.signal;
console.log(s.aborted, s === ac.signal, s instanceof EventTarget, s instanceof AbortSignal);
s.addEventListener('abort', (e) => console.log('listener', e.type, e.target === s, e instanceof Event, e.isTrusted, e.cancelable, s.aborted));
ac.abort();
const r = s.reason;
console.log(s.aborted, r instanceof DOMException, r instanceof Error, r.name, r.message, r.code, String(r));
console.log(Object.prototype.toString.call(s), Object.prototype.toString.call(ac), Object.prototype.toString.call(r));
"#;
    let expected = concat!(
        "false true true true\n",
        "listener abort true true true false true\n",
        "true true true AbortError This operation was aborted 20 AbortError: This operation was aborted\n",
        "[object AbortSignal] [object AbortController] [object DOMException]\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn aborting_twice_keeps_the_first_reason_and_fires_once() {
    let code = r#"
const ac = new AbortController();
let fired = 0;
ac.signal.addEventListener('abort', () => fired++);
ac.abort('first');
ac.abort('second');
ac.abort();
console.log(fired, ac.signal.aborted, ac.signal.reason);
const ac2 = new AbortController();
ac2.abort();
const reason = ac2.signal.reason;
ac2.abort(new Error('later'));
console.log(ac2.signal.reason === reason, ac2.signal.reason.name);
"#;
    let expected = concat!("1 true first\n", "true AbortError\n",);
    assert_eq!(stdout(code), expected);
}

#[test]
fn signal_reason_is_undefined_before_abort() {
    let code = r#"
const ac = new AbortController();
console.log(ac.signal.reason, ac.signal.aborted, 'reason' in ac.signal, ac.signal.onabort);
ac.signal.throwIfAborted();
console.log('no throw before abort');
try { Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'reason').get.call({}); } catch (e) { console.log(e.name, e.code, e.message); }
"#;
    let expected = concat!(
        "undefined false true null\n",
        "no throw before abort\n",
        "TypeError ERR_INVALID_THIS Value of \"this\" must be of type AbortSignal\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn abort_reasons_can_be_any_value() {
    let code = r#"
for (const reason of ['why', 0, null, false, { code: 42 }, new RangeError('custom')]) {
  const ac = new AbortController();
  ac.abort(reason);
  console.log(ac.signal.aborted, ac.signal.reason === reason);
}
const ac = new AbortController();
ac.abort(undefined);
console.log(ac.signal.reason.name, ac.signal.reason.message);
"#;
    let expected = concat!(
        "true true\n",
        "true true\n",
        "true true\n",
        "true true\n",
        "true true\n",
        "true true\n",
        "AbortError This operation was aborted\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn throw_if_aborted_throws_the_reason() {
    let code = r#"
const ac = new AbortController();
ac.abort('why');
try { ac.signal.throwIfAborted(); } catch (e) { console.log('thrown', e); }
const ac2 = new AbortController();
ac2.abort();
try { ac2.signal.throwIfAborted(); } catch (e) { console.log('thrown', e === ac2.signal.reason, e.name); }
"#;
    let expected = concat!("thrown why\n", "thrown true AbortError\n",);
    assert_eq!(stdout(code), expected);
}

#[test]
fn onabort_runs_in_registration_order_with_listeners() {
    let code = r#"
const ac = new AbortController();
const s = ac.signal;
s.addEventListener('abort', () => console.log('listener before'));
s.onabort = (e) => console.log('first handler', e.type);
s.addEventListener('abort', () => console.log('listener after'));
s.onabort = function (e) { console.log('replaced handler', this === s, e.target === s); };
console.log(typeof s.onabort, s.onabort.name);
ac.abort();
const ac2 = new AbortController();
ac2.signal.onabort = () => console.log('never');
ac2.signal.onabort = null;
console.log(ac2.signal.onabort);
ac2.abort();
const d = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'onabort');
console.log(d.get.name, d.set.name, d.enumerable, d.configurable);
"#;
    let expected = concat!(
        "function \n",
        "listener before\n",
        "replaced handler true true\n",
        "listener after\n",
        "null\n",
        "get onabort set onabort true true\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn abort_signal_abort_is_already_aborted() {
    let code = r#"
const a = AbortSignal.abort();
console.log(a.aborted, a.reason.name, a.reason.message, a.reason.code);
const b = AbortSignal.abort(new Error('boom'));
console.log(b.aborted, b.reason.message);
b.addEventListener('abort', () => console.log('never'));
b.onabort = () => console.log('never either');
console.log(AbortSignal.abort('x').reason, AbortSignal.abort(undefined).reason.name);
const t = new EventTarget();
t.addEventListener('z', () => console.log('never added'), { signal: AbortSignal.abort() });
t.dispatchEvent(new Event('z'));
console.log('done');
"#;
    let expected = concat!(
        "true AbortError This operation was aborted 20\n",
        "true boom\n",
        "x AbortError\n",
        "done\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn abort_signal_timeout_aborts_with_a_timeout_error() {
    let code = r#"
const started = Date.now();
const s = AbortSignal.timeout(30);
console.log(s.aborted, s.reason);
s.addEventListener('abort', (e) => console.log('abort event', e.type, e.isTrusted));
const keepAlive = setTimeout(() => {}, 5000);
await new Promise((resolve) => { s.onabort = resolve; });
clearTimeout(keepAlive);
const r = s.reason;
console.log(s.aborted, r instanceof DOMException, r.name, r.message, r.code, Date.now() - started >= 25);
try { s.throwIfAborted(); } catch (e) { console.log('throwIfAborted', e === r); }
const zero = AbortSignal.timeout(0);
console.log(zero.aborted);
await new Promise((resolve) => setTimeout(resolve, 20));
console.log(zero.aborted, zero.reason.name);
"#;
    let expected = concat!(
        "false undefined\n",
        "abort event abort true\n",
        "true true TimeoutError The operation was aborted due to timeout 23 true\n",
        "throwIfAborted true\n",
        "false\n",
        "true TimeoutError\n",
    );
    assert_eq!(stdout_within(code, 5000), expected);
}

#[test]
fn abort_signal_timeout_does_not_keep_the_run_alive() {
    let code = r#"
const s = AbortSignal.timeout(200);
s.onabort = () => console.log('not printed: nothing else keeps the run alive');
console.log('end of snippet', s.aborted);
"#;
    let expected = "end of snippet false\n";
    assert_eq!(stdout(code), expected);
}

#[test]
fn abort_signal_timeout_validates_its_delay() {
    let code = r#"
for (const delay of [-1, 'x', undefined, 1.5, NaN, 4294967296, 2 ** 40, null]) {
  try { AbortSignal.timeout(delay); console.log('ok', delay); } catch (e) { console.log(e.name, e.code, e.message); }
}
try { AbortSignal.timeout(); } catch (e) { console.log(e.code); }
console.log(AbortSignal.timeout(4294967295).aborted);
"#;
    let expected = concat!(
        "RangeError ERR_OUT_OF_RANGE The value of \"delay\" is out of range. It must be >= 0 && <= 4294967295. Received -1\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"delay\" argument must be of type number. Received type string ('x')\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"delay\" argument must be of type number. Received undefined\n",
        "RangeError ERR_OUT_OF_RANGE The value of \"delay\" is out of range. It must be an integer. Received 1.5\n",
        "RangeError ERR_OUT_OF_RANGE The value of \"delay\" is out of range. It must be an integer. Received NaN\n",
        "RangeError ERR_OUT_OF_RANGE The value of \"delay\" is out of range. It must be >= 0 && <= 4294967295. Received 4294967296\n",
        "RangeError ERR_OUT_OF_RANGE The value of \"delay\" is out of range. It must be >= 0 && <= 4294967295. Received 1_099_511_627_776\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"delay\" argument must be of type number. Received null\n",
        "ERR_INVALID_ARG_TYPE\n",
        "false\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn abort_signal_any_follows_the_first_abort() {
    let code = r#"
const a = new AbortController();
const b = new AbortController();
const any = AbortSignal.any([a.signal, b.signal]);
const nested = AbortSignal.any([any]);
any.onabort = () => console.log('any aborted', any.reason);
nested.onabort = () => console.log('nested aborted', nested.reason);
b.abort('from b');
a.abort('from a');
console.log(any.aborted, any.reason, nested.reason, a.signal.reason);
const pre = AbortSignal.any([new AbortController().signal, AbortSignal.abort('already')]);
console.log(pre.aborted, pre.reason);
const empty = AbortSignal.any([]);
console.log(empty.aborted);
try { AbortSignal.any('x'); } catch (e) { console.log(e.name, e.code, e.message); }
try { AbortSignal.any([a.signal, 1]); } catch (e) { console.log(e.name, e.code, e.message); }
const t = AbortSignal.any([AbortSignal.timeout(10)]);
const keepAlive = setTimeout(() => {}, 5000);
await new Promise((resolve) => t.addEventListener('abort', resolve));
clearTimeout(keepAlive);
console.log('timeout through any', t.reason.name);
"#;
    let expected = concat!(
        "any aborted from b\n",
        "nested aborted from b\n",
        "true from b from b from a\n",
        "true already\n",
        "false\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"signals\" argument must be an instance of Array. Received type string ('x')\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"signals[1]\" argument must be an instance of AbortSignal. Received type number (1)\n",
        "timeout through any TimeoutError\n",
    );
    assert_eq!(stdout_within(code, 5000), expected);
}

#[test]
fn abort_signal_cannot_be_constructed() {
    let code = r#"
try { new AbortSignal(); } catch (e) { console.log(e.name, e.code, e.message, e instanceof TypeError); }
try { AbortSignal(); } catch (e) { console.log(e.name); }
console.log(AbortSignal.length, typeof AbortSignal.abort, typeof AbortSignal.timeout, typeof AbortSignal.any);
console.log(new AbortController().signal.constructor === AbortSignal, Object.getPrototypeOf(AbortSignal.prototype) === EventTarget.prototype);
"#;
    let expected = concat!(
        "TypeError ERR_ILLEGAL_CONSTRUCTOR Illegal constructor true\n",
        "TypeError\n",
        "0 function function function\n",
        "true true\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn abort_controller_and_signal_inspect_like_node() {
    let code = r#"
const ac = new AbortController();
console.log(ac, ac.signal);
ac.abort();
console.log(ac, ac.signal);
console.log([AbortSignal.abort()], { deep: { deeper: { signal: ac.signal } } });
console.log(Object.keys(ac), Object.keys(ac.signal));
"#;
    let expected = concat!(
        "AbortController { signal: AbortSignal { aborted: false } } AbortSignal { aborted: false }\n",
        "AbortController { signal: AbortSignal { aborted: true } } AbortSignal { aborted: true }\n",
        "[ AbortSignal { aborted: true } ] { deep: { deeper: { signal: [AbortSignal] } } }\n",
        "[] []\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn timers_promises_reject_with_an_abort_error_on_abort() {
    let code = r#"
import { setTimeout as sleep, setImmediate as immediate } from 'node:timers/promises';
const ac = new AbortController();
const pending = sleep(10000, 'value', { signal: ac.signal });
ac.abort('stop');
try { await pending; } catch (e) { console.log(e.name, e.code, e.message, e.cause, e instanceof DOMException); }
try { await sleep(1, 'v', { signal: AbortSignal.abort() }); } catch (e) { console.log(e.name, e.cause.name); }
try { await immediate('v', { signal: AbortSignal.abort(1) }); } catch (e) { console.log(e.name, e.cause); }
console.log(await sleep(1, 'resolved', { signal: new AbortController().signal }), await immediate('imm'));
try { await sleep(1, 'v', { signal: 1 }); } catch (e) { console.log(e.code, e.message); }
try { await sleep('1'); } catch (e) { console.log(e.code, e.message); }
const t = AbortSignal.timeout(5);
try { await sleep(10000, 'v', { signal: t }); } catch (e) { console.log(e.name, e.cause.name); }
"#;
    let expected = concat!(
        "AbortError ABORT_ERR The operation was aborted stop false\n",
        "AbortError AbortError\n",
        "AbortError 1\n",
        "resolved imm\n",
        "ERR_INVALID_ARG_TYPE The \"options.signal\" property must be an instance of AbortSignal. Received type number (1)\n",
        "ERR_INVALID_ARG_TYPE The \"delay\" argument must be of type number. Received type string ('1')\n",
        "AbortError TimeoutError\n",
    );
    assert_eq!(stdout_within(code, 5000), expected);
}

// DOMException

#[test]
fn dom_exception_has_names_codes_and_messages() {
    let code = r#"
const e = new DOMException('went wrong', 'AbortError');
console.log(e.name, e.message, e.code, e instanceof Error, e instanceof DOMException, String(e), Object.prototype.toString.call(e));
const d = new DOMException();
console.log(JSON.stringify(d.name), JSON.stringify(d.message), d.code);
console.log(new DOMException('m', 'TimeoutError').code, new DOMException('m', 'SyntaxError').code, new DOMException('m', 'Custom').code);
console.log(DOMException.ABORT_ERR, DOMException.TIMEOUT_ERR, DOMException.DATA_CLONE_ERR, DOMException.INDEX_SIZE_ERR, e.ABORT_ERR);
console.log(typeof e.stack, Object.keys(e));
"#;
    let expected = concat!(
        "AbortError went wrong 20 true true AbortError: went wrong [object DOMException]\n",
        "\"Error\" \"\" 0\n",
        "23 12 0\n",
        "20 23 25 1 20\n",
        "string []\n",
    );
    assert_eq!(stdout(code), expected);
}

// performance marks and measures

#[test]
fn performance_is_a_performance_with_an_epoch_time_origin() {
    let code = r#"
console.log(Object.prototype.toString.call(performance), performance instanceof Performance, performance instanceof EventTarget, Object.keys(performance));
console.log(typeof performance.timeOrigin, performance.timeOrigin > 1.6e12, Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 50);
const t0 = performance.now();
await new Promise((resolve) => setTimeout(resolve, 20));
console.log(performance.now() - t0 >= 15, JSON.stringify(Object.keys(performance.toJSON()).filter((k) => k === 'timeOrigin')));
try { new Performance(); } catch (e) { console.log(e.name, e.code, e.message); }
try { Performance.prototype.now.call({}); } catch (e) { console.log(e.name, e.code, e.message); }
try { Object.getOwnPropertyDescriptor(PerformanceEntry.prototype, 'name').get.call({}); } catch (e) { console.log(e.name, e.code, e.message); }
try { Object.getOwnPropertyDescriptor(PerformanceMark.prototype, 'detail').get.call({}); } catch (e) { console.log(e.name, e.code, e.message); }
const { performance: fromModule } = await import('node:perf_hooks');
console.log(fromModule === performance, [performance.now, performance.mark].every((f) => typeof f === 'function'));
"#;
    let expected = concat!(
        "[object Performance] true true []\n",
        "number true true\n",
        "true [\"timeOrigin\"]\n",
        "TypeError ERR_ILLEGAL_CONSTRUCTOR Illegal constructor\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"this\" argument must be an instance of Performance. Received an instance of Object\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"this\" argument must be an instance of PerformanceEntry. Received an instance of Object\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"this\" argument must be an instance of PerformanceMark. Received an instance of Object\n",
        "true true\n",
    );
    assert_eq!(stdout_within(code, 5000), expected);
}

#[test]
fn performance_mark_records_an_entry() {
    let code = r#"
const m = performance.mark('a', { detail: { x: 1 } });
console.log(m.name, m.entryType, typeof m.startTime, m.startTime >= 0, m.duration, m.detail, m instanceof PerformanceMark, m instanceof PerformanceEntry);
console.log(Object.prototype.toString.call(m), Object.keys(m), Object.keys(m.toJSON()));
const fixed = performance.mark('b', { startTime: 100 });
console.log(fixed.startTime, fixed.detail);
const detail = { list: [1] };
const cloned = performance.mark('c', { detail });
detail.list.push(2);
console.log(cloned.detail, cloned.detail === detail);
console.log(performance.getEntriesByName('a')[0] === m, performance.getEntriesByName('a').length);
performance.mark('a');
console.log(performance.getEntriesByName('a').length);
const before = performance.now();
const now = performance.mark('now');
console.log(now.startTime >= before && now.startTime <= performance.now());
"#;
    let expected = concat!(
        "a mark number true 0 { x: 1 } true true\n",
        "[object PerformanceMark] [] [ 'name', 'entryType', 'startTime', 'duration', 'detail' ]\n",
        "100 null\n",
        "{ list: [ 1 ] } false\n",
        "true 1\n",
        "2\n",
        "true\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn performance_measure_between_marks_and_with_options() {
    let code = r#"
performance.mark('start', { startTime: 0 });
performance.mark('end', { startTime: 25 });
const between = performance.measure('between', 'start', 'end');
console.log(between.name, between.entryType, between.startTime, between.duration, between.detail, between instanceof PerformanceMeasure);
const fromStart = performance.measure('from-start', 'start');
console.log(fromStart.startTime, fromStart.duration > 0);
const all = performance.measure('all');
console.log(all.startTime, all.duration > 0);
const opts = performance.measure('opts', { start: 10, end: 25, detail: 'd' });
console.log(opts.startTime, opts.duration, opts.detail);
const byMark = performance.measure('by-mark', { start: 'start', end: 'end' });
console.log(byMark.startTime, byMark.duration);
const withDuration = performance.measure('duration', { start: 10, duration: 5 });
console.log(withDuration.startTime, withDuration.duration);
const endOnly = performance.measure('end-only', { end: 50, duration: 5 });
console.log(endOnly.startTime, endOnly.duration);
const backwards = performance.measure('backwards', 'end', 'start');
console.log(backwards.startTime, backwards.duration);
const numeric = performance.measure('numeric', 5);
console.log(numeric.startTime);
"#;
    let expected = concat!(
        "between measure 0 25 null true\n",
        "0 true\n",
        "0 true\n",
        "10 15 d\n",
        "0 25\n",
        "10 5\n",
        "45 5\n",
        "25 -25\n",
        "0\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn performance_get_entries_filters_and_sorts_by_start_time() {
    let code = r#"
performance.mark('late', { startTime: 30 });
performance.mark('early', { startTime: 5 });
performance.measure('m1', { start: 20, end: 40 });
performance.measure('m0', { start: 1, end: 2 });
performance.mark('tie', { startTime: 5 });
const show = (list) => list.map((e) => `${e.entryType}:${e.name}@${e.startTime}`).join(' ');
console.log(show(performance.getEntries()));
console.log(show(performance.getEntriesByType('mark')));
console.log(show(performance.getEntriesByType('measure')));
console.log(show(performance.getEntriesByName('m1')), show(performance.getEntriesByName('m1', 'mark')), show(performance.getEntriesByName('late', 'mark')));
console.log(performance.getEntriesByType('resource'), performance.getEntriesByType('nope'), performance.getEntriesByName('missing'));
const list = performance.getEntries();
list.length = 0;
console.log(performance.getEntries().length);
try { performance.getEntriesByName(); } catch (e) { console.log(e.code, e.message); }
try { performance.getEntriesByType(); } catch (e) { console.log(e.code, e.message); }
"#;
    let expected = concat!(
        "measure:m0@1 mark:early@5 mark:tie@5 measure:m1@20 mark:late@30\n",
        "mark:early@5 mark:tie@5 mark:late@30\n",
        "measure:m0@1 measure:m1@20\n",
        "measure:m1@20  mark:late@30\n",
        "[] [] []\n",
        "5\n",
        "ERR_MISSING_ARGS The \"name\" argument must be specified\n",
        "ERR_MISSING_ARGS The \"type\" argument must be specified\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn performance_clear_marks_and_measures() {
    let code = r#"
performance.mark('a', { startTime: 1 });
performance.mark('a', { startTime: 2 });
performance.mark('b', { startTime: 3 });
performance.measure('m', 'a', 'b');
performance.measure('n', 'a', 'b');
performance.clearMarks('a');
console.log(performance.getEntriesByType('mark').map((e) => e.name), performance.getEntriesByType('measure').map((e) => e.name));
try { performance.measure('x', 'a'); } catch (e) { console.log(e.name, e.message); }
performance.clearMeasures('m');
console.log(performance.getEntriesByType('measure').map((e) => e.name));
performance.clearMeasures();
performance.clearMarks();
console.log(performance.getEntries().length);
try { performance.measure('x', 'b'); } catch (e) { console.log(e.name, e.message); }
"#;
    let expected = concat!(
        "[ 'b' ] [ 'm', 'n' ]\n",
        "SyntaxError The \"a\" performance mark has not been set\n",
        "[ 'n' ]\n",
        "0\n",
        "SyntaxError The \"b\" performance mark has not been set\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn performance_mark_and_measure_errors_follow_node() {
    let code = r#"
try { performance.measure('x', 'nope'); } catch (e) { console.log(e.name, e.code, e.message, e instanceof DOMException); }
try { performance.mark(); } catch (e) { console.log(e.name, e.code, e.message); }
try { performance.mark('x', { startTime: -1 }); } catch (e) { console.log(e.name, e.code, e.message); }
try { performance.mark('x', { startTime: '1' }); } catch (e) { console.log(e.name, e.code, e.message); }
try { performance.mark('x', 5); } catch (e) { console.log(e.name, e.code, e.message); }
try { performance.measure(); } catch (e) { console.log(e.name, e.code, e.message); }
try { performance.measure(5); } catch (e) { console.log(e.name, e.code, e.message); }
try { performance.measure('x', { start: 1, end: 2, duration: 3 }); } catch (e) { console.log(e.name, e.code, e.message); }
try { performance.measure('x', { start: 1 }, 'end'); } catch (e) { console.log(e.name, e.code, e.message); }
try { performance.measure('x', { start: -5 }); } catch (e) { console.log(e.name, e.code, e.message); }
try { new PerformanceEntry(); } catch (e) { console.log(e.name, e.code, e.message); }
try { new PerformanceMeasure(); } catch (e) { console.log(e.name, e.code, e.message); }
try { new PerformanceMark(); } catch (e) { console.log(e.name, e.code, e.message); }
try { performance.mark('nodeStart'); } catch (e) { console.log(e.name, e.code, e.message); }
const ctor = new PerformanceMark('ctor', { startTime: 5, detail: [1] });
console.log(ctor.startTime, ctor.detail, performance.getEntriesByName('ctor').length, performance.measure('from-ctor', 'ctor', 'ctor').duration);
"#;
    let expected = concat!(
        "SyntaxError 12 The \"nope\" performance mark has not been set true\n",
        "TypeError ERR_MISSING_ARGS The \"name\" argument must be specified\n",
        "TypeError ERR_PERFORMANCE_INVALID_TIMESTAMP -1 is not a valid timestamp\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"startTime\" argument must be of type number. Received type string ('1')\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"options\" argument must be of type object. Received type number (5)\n",
        "TypeError ERR_MISSING_ARGS The \"name\" argument must be specified\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"name\" argument must be of type string. Received type number (5)\n",
        "TypeError ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS Must not have options.start, options.end, and options.duration specified\n",
        "TypeError ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS endMark must not be specified\n",
        "TypeError ERR_PERFORMANCE_INVALID_TIMESTAMP -5 is not a valid timestamp\n",
        "TypeError ERR_ILLEGAL_CONSTRUCTOR Illegal constructor\n",
        "TypeError ERR_ILLEGAL_CONSTRUCTOR Illegal constructor\n",
        "TypeError ERR_MISSING_ARGS The \"name\" argument must be specified\n",
        "TypeError ERR_INVALID_ARG_VALUE The argument 'name' is invalid. Received 'nodeStart'\n",
        "5 [ 1 ] 0 0\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn performance_entries_inspect_and_serialize_like_node() {
    let code = r#"
console.log(performance.mark('u', { startTime: 3 }), performance.measure('v', { start: 1, end: 4 }));
console.log(JSON.stringify(performance.mark('j', { startTime: 2, detail: { k: 1 } })));
console.log(JSON.stringify(performance.measure('k', { start: 2, end: 3 })));
console.log([performance.mark('short', { startTime: 1 })]);
"#;
    let expected = concat!(
        "PerformanceMark {\n",
        "  name: 'u',\n",
        "  entryType: 'mark',\n",
        "  startTime: 3,\n",
        "  duration: 0,\n",
        "  detail: null\n",
        "} PerformanceMeasure {\n",
        "  name: 'v',\n",
        "  entryType: 'measure',\n",
        "  startTime: 1,\n",
        "  duration: 3,\n",
        "  detail: null\n",
        "}\n",
        "{\"name\":\"j\",\"entryType\":\"mark\",\"startTime\":2,\"duration\":0,\"detail\":{\"k\":1}}\n",
        "{\"name\":\"k\",\"entryType\":\"measure\",\"startTime\":2,\"duration\":1,\"detail\":null}\n",
        "[\n",
        "  PerformanceMark {\n",
        "    name: 'short',\n",
        "    entryType: 'mark',\n",
        "    startTime: 1,\n",
        "    duration: 0,\n",
        "    detail: null\n",
        "  }\n",
        "]\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn perf_hooks_exports_the_same_performance() {
    let code = r#"
import { performance as perf, PerformanceMark as PM } from 'node:perf_hooks';
console.log(perf === performance, PM === PerformanceMark, (await import('perf_hooks')).default.performance === performance);
console.log(typeof perf.now(), typeof perf.timeOrigin, Object.prototype.toString.call(performance));
"#;
    let expected = concat!("true true true\n", "number number [object Performance]\n",);
    assert_eq!(stdout(code), expected);
}

// URL.canParse

#[test]
fn url_can_parse_matches_node() {
    let code = r#"
console.log(URL.canParse('https://example.com/a?b#c'), URL.canParse('nope'), URL.canParse('/x', 'https://a.com'), URL.canParse('/x'), URL.canParse('x', 'nope'));
console.log(URL.canParse('mailto:a@b.c'), URL.canParse('http://exa mple.com'), URL.canParse('http://a:99999'), URL.canParse('file:///tmp/x'), URL.canParse(''));
console.log(URL.canParse('', 'http://a/'), URL.canParse(new URL('http://a/')), URL.canParse('b', new URL('http://a/')), URL.canParse('http://'), URL.canParse('https://[::1]:80/'));
console.log(URL.canParse.length, URL.canParse(undefined), URL.canParse(null, 'http://a/'), URL.canParse('http://a', null));
try { URL.canParse(); } catch (e) { console.log(e.name, e.code, e.message); }
"#;
    let expected = concat!(
        "true false true false false\n",
        "true false false true false\n",
        "true true true false true\n",
        "1 false true false\n",
        "TypeError ERR_MISSING_ARGS The \"url\" argument must be specified\n",
    );
    assert_eq!(stdout(code), expected);
}

// Blob and File

#[test]
fn blob_has_size_type_and_text() {
    let code = r#"
const b = new Blob(['héllo', ' ', 'world'], { type: 'Text/Plain' });
console.log(b.size, b.type, b instanceof Blob, Object.prototype.toString.call(b));
const text = b.text();
console.log(text instanceof Promise, await text);
const e = new Blob();
console.log(e.size, JSON.stringify(e.type), JSON.stringify(await e.text()));
console.log(JSON.stringify(await new Blob([new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69, 0xff])]).text()));
console.log(new Blob(['a'], { type: 'ünicode' }).type === '', JSON.stringify(new Blob(['a'], { type: 'a\u0001b' }).type), new Blob(['a'], { type: 'A B;Charset=UTF-8' }).type);
"#;
    let expected = concat!(
        "12 text/plain true [object Blob]\n",
        "true héllo world\n",
        "0 \"\" \"\"\n",
        "\"hi�\"\n",
        "true \"\" a b;charset=utf-8\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn blob_array_buffer_and_bytes_copy_the_contents() {
    let code = r#"
const b = new Blob(['abc', new Uint8Array([1, 2])]);
const ab = await b.arrayBuffer();
console.log(ab instanceof ArrayBuffer, ab.byteLength, new Uint8Array(ab));
new Uint8Array(ab)[0] = 0;
console.log(await b.text() === 'abc\u0001\u0002', new Uint8Array(await b.arrayBuffer())[0]);
const bytes = await b.bytes();
console.log(bytes instanceof Uint8Array, bytes);
const rejected = Blob.prototype.arrayBuffer.call({});
rejected.catch(() => {});
console.log(rejected instanceof Promise);
try { await Blob.prototype.arrayBuffer.call({}); } catch (e) { console.log(e.name, e.code, e.message); }
try { await Blob.prototype.text.call({}); } catch (e) { console.log(e.name, e.code, e.message); }
"#;
    let expected = concat!(
        "true 5 Uint8Array(5) [ 97, 98, 99, 1, 2 ]\n",
        "true 97\n",
        "true Uint8Array(5) [ 97, 98, 99, 1, 2 ]\n",
        "true\n",
        "TypeError ERR_INVALID_THIS Value of \"this\" must be of type Blob\n",
        "TypeError ERR_INVALID_THIS Value of \"this\" must be of type Blob\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn blob_slice_clamps_like_node() {
    let code = r#"
const b = new Blob(['abcdef'], { type: 'text/plain' });
const s = b.slice(1, 3);
console.log(s.size, JSON.stringify(s.type), await s.text(), s instanceof Blob);
console.log(await b.slice(-3).text(), await b.slice(-3, -1).text(), b.slice(-3, -1, 'X/Y').type, b.slice(5, 2).size, b.slice(100).size, b.slice().size, b.slice().type);
console.log(await b.slice('2').text(), await b.slice(undefined, 2).text(), await b.slice(null, 2).text(), b.slice(Infinity).size, b.slice(-Infinity).size, await b.slice(-100, 100).text());
console.log(await b.slice(1, 5).slice(1, 3).text());
try { Blob.prototype.slice.call({}); } catch (e) { console.log(e.name, e.code, e.message); }
"#;
    let expected = concat!(
        "2 \"\" bc true\n",
        "def de x/y 0 0 6 \n",
        "cdef ab ab 0 6 abcdef\n",
        "cd\n",
        "TypeError ERR_INVALID_THIS Value of \"this\" must be of type Blob\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn blob_parts_of_every_kind() {
    let code = r#"
const parts = ['hé', new Uint8Array([119, 111]), new Uint16Array([0x7272]).buffer, new DataView(new Uint8Array([100, 33]).buffer, 1), new Blob(['-blob-']), Buffer.from('buf')];
const b = new Blob(parts);
console.log(b.size, await b.text());
console.log(await new Blob([1, null, undefined, {}, true, [1, 2], new Set([1])]).text());
const source = new Uint8Array([65, 66]);
const copy = new Blob([source]);
source[0] = 67;
console.log(await copy.text());
console.log(new Blob(['a\nb\r\nc'], { endings: 'native' }).size, new Blob(['a\nb\r\nc'], { endings: 'transparent' }).size, new Blob(['a\nb\r\nc']).size);
console.log(await new Blob(new Set(['from', ' ', 'iterable'])).text(), new Blob('ab'.split('')).size);
"#;
    let expected = concat!(
        "17 héworr!-blob-buf\n",
        "1nullundefined[object Object]true1,2[object Set]\n",
        "AB\n",
        "5 6 6\n",
        "from iterable 2\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn blob_constructor_validates_arguments() {
    let code = r#"
for (const bad of ['abc', 5, {}, null, true]) {
  try { new Blob(bad); console.log('accepted', bad); } catch (e) { console.log(e.name, e.code, e.message); }
}
try { new Blob([], 5); } catch (e) { console.log(e.name, e.code, e.message); }
try { new Blob([], { endings: 'x' }); } catch (e) { console.log(e.name, e.code, e.message); }
try { Blob([]); } catch (e) { console.log(e.name); }
console.log(new Blob(undefined).size, new Blob([], null).size, new Blob([], () => {}).size);
try { Object.getOwnPropertyDescriptor(Blob.prototype, 'size').get.call({}); } catch (e) { console.log(e.name, e.code, e.message); }
"#;
    let expected = concat!(
        "TypeError ERR_INVALID_ARG_TYPE The \"sources\" argument must be a sequence. Received type string ('abc')\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"sources\" argument must be a sequence. Received type number (5)\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"sources\" argument must be a sequence. Received an instance of Object\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"sources\" argument must be a sequence. Received null\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"sources\" argument must be a sequence. Received type boolean (true)\n",
        "TypeError ERR_INVALID_ARG_TYPE The \"options\" argument must be a dictionary. Received type number (5)\n",
        "TypeError ERR_INVALID_ARG_VALUE The property 'options.endings' is invalid. Received 'x'\n",
        "TypeError\n",
        "0 0 0\n",
        "TypeError ERR_INVALID_THIS Value of \"this\" must be of type Blob\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn blob_and_file_inspect_like_node() {
    let code = r#"
console.log(new Blob(['ab'], { type: 'text/plain' }), [new Blob()], { a: { b: { c: new Blob() } } });
console.log(new File(['ab'], 'a.txt', { type: 'text/plain', lastModified: 5 }));
console.log(Object.keys(new Blob()), Object.getOwnPropertyNames(Blob.prototype).filter((n) => n !== 'stream'));
"#;
    let expected = concat!(
        "Blob { size: 2, type: 'text/plain' } [ Blob { size: 0, type: '' } ] { a: { b: { c: [Blob] } } }\n",
        "File { size: 2, type: 'text/plain', name: 'a.txt', lastModified: 5 }\n",
        "[] [\n",
        "  'constructor',\n",
        "  'type',\n",
        "  'size',\n",
        "  'slice',\n",
        "  'arrayBuffer',\n",
        "  'text',\n",
        "  'bytes'\n",
        "]\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn file_has_a_name_and_last_modified() {
    let code = r#"
const f = new File(['ab', 'c'], 'notes.txt', { type: 'text/plain', lastModified: 1234 });
console.log(f.name, f.lastModified, f.size, f.type, await f.text(), f instanceof Blob, f instanceof File, Object.prototype.toString.call(f));
const before = Date.now();
const now = new File([], 'empty');
console.log(now.name, now.size, now.lastModified >= before && now.lastModified <= Date.now());
console.log(new File([], 'n', { lastModified: 'nope' }).lastModified, new File([], 'n', { lastModified: '12' }).lastModified, new File([], 42).name);
console.log(await new Blob([f, '!']).text(), f.slice(1).constructor.name);
try { new File(['a']); } catch (e) { console.log(e.name, e.code, e.message); }
const { Blob: B, File: F } = await import('node:buffer');
console.log(B === Blob, F === File);
"#;
    let expected = concat!(
        "notes.txt 1234 3 text/plain abc true true [object File]\n",
        "empty 0 true\n",
        "0 12 42\n",
        "abc! Blob\n",
        "TypeError ERR_MISSING_ARGS The \"fileBits\" and \"fileName\" arguments must be specified\n",
        "true true\n",
    );
    assert_eq!(stdout(code), expected);
}

// Globals

#[test]
fn set_immediate_runs_after_microtasks() {
    let code = r#"
const order = [];
const handle = setImmediate((a, b) => { order.push(`immediate ${a} ${b}`); }, 1, 2);
setImmediate(() => order.push('second immediate'));
const cleared = setImmediate(() => order.push('cleared'));
clearImmediate(cleared);
Promise.resolve().then(() => order.push('promise'));
queueMicrotask(() => order.push('microtask'));
process.nextTick(() => order.push('tick'));
order.push('sync');
console.log(typeof setImmediate, typeof clearImmediate, typeof handle.hasRef);
await new Promise((resolve) => setImmediate(resolve));
console.log(order.join(', '));
"#;
    let expected = concat!(
        "function function function\n",
        "sync, promise, microtask, tick, immediate 1 2, second immediate\n",
    );
    assert_eq!(stdout(code), expected);
}

#[test]
fn new_globals_exist_and_are_not_enumerable() {
    let code = r#"
const names = ['Performance', 'EventTarget', 'Event', 'CustomEvent', 'AbortController', 'AbortSignal', 'DOMException', 'Blob', 'File', 'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure'];
for (const name of names) {
  const d = Object.getOwnPropertyDescriptor(globalThis, name);
  console.log(name, typeof globalThis[name], d.enumerable, d.configurable, globalThis[name].name);
}
console.log(names.filter((n) => Object.keys(globalThis).includes(n)));
console.log(typeof performance.mark, typeof performance.measure, typeof performance.getEntriesByName, typeof performance.getEntries, typeof performance.clearMarks, typeof URL.canParse, typeof setImmediate);
"#;
    let expected = concat!(
        "Performance function false true Performance\n",
        "EventTarget function false true EventTarget\n",
        "Event function false true Event\n",
        "CustomEvent function false true CustomEvent\n",
        "AbortController function false true AbortController\n",
        "AbortSignal function false true AbortSignal\n",
        "DOMException function false true DOMException\n",
        "Blob function false true Blob\n",
        "File function false true File\n",
        "PerformanceEntry function false true PerformanceEntry\n",
        "PerformanceMark function false true PerformanceMark\n",
        "PerformanceMeasure function false true PerformanceMeasure\n",
        "[]\n",
        "function function function function function function function\n",
    );
    assert_eq!(stdout(code), expected);
}
