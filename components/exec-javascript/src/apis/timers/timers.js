// Timers. The session's event loop asks `nextDelay()` and calls `runNext()`
// once per step; a timer that was unref'd does not keep the loop alive.
(function (host, internal) {
  let nextId = 1;
  let seq = 0;
  const active = new Map();

  class Timeout {
    constructor(id) { this._id = id; }
    ref() { const t = active.get(this._id); if (t) t.ref = true; return this; }
    unref() { const t = active.get(this._id); if (t) t.ref = false; return this; }
    hasRef() { const t = active.get(this._id); return !!(t && t.ref); }
    refresh() { const t = active.get(this._id); if (t) t.due = performance.now() + t.ms; return this; }
    close() { active.delete(this._id); return this; }
    [Symbol.toPrimitive]() { return this._id; }
  }

  function add(fn, ms, args, repeat) {
    if (typeof fn !== 'function') {
      const err = new TypeError(`The "callback" argument must be of type function. Received ${internal.inspect(fn)}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    ms = Number(ms);
    if (!(ms >= 1 && ms <= 2147483647)) ms = repeat === null ? 0 : 1;
    const id = nextId++;
    active.set(id, { fn, args, ms, repeat, due: performance.now() + ms, seq: seq++, ref: true });
    return id;
  }
  function cancel(handle) {
    if (handle === null || handle === undefined) return;
    active.delete(typeof handle === 'object' ? handle._id : Number(handle));
  }

  globalThis.setTimeout = (fn, ms, ...args) => new Timeout(add(fn, ms, args, false));
  globalThis.setInterval = (fn, ms, ...args) => new Timeout(add(fn, ms, args, true));
  // null marks an immediate: due now, ahead of timers added later.
  globalThis.setImmediate = (fn, ...args) => new Timeout(add(fn, 0, args, null));
  globalThis.clearTimeout = cancel;
  globalThis.clearInterval = cancel;
  globalThis.clearImmediate = cancel;

  function earliest() {
    let best = null;
    for (const [id, t] of active) {
      if (!best || t.due < best[1].due || (t.due === best[1].due && t.seq < best[1].seq)) best = [id, t];
    }
    return best;
  }

  internal.timers = {
    nextDelay() {
      let keepsAlive = false;
      for (const t of active.values()) if (t.ref) { keepsAlive = true; break; }
      if (!keepsAlive) return undefined;
      const [, t] = earliest();
      return Math.max(0, t.due - performance.now());
    },
    runNext() {
      const next = earliest();
      if (!next) return;
      const [id, t] = next;
      if (t.repeat === true) { t.due = performance.now() + t.ms; t.seq = seq++; } else active.delete(id);
      t.fn.apply(undefined, t.args);
    },
    clear() { active.clear(); },
    setTimeout: globalThis.setTimeout,
    setInterval: globalThis.setInterval,
    setImmediate: globalThis.setImmediate,
  };
})
