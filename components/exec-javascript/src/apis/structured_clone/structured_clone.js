// structuredClone: deep copy with cycles, Map/Set/Date/RegExp/binary data.
(function (host, internal) {
  function fail(what) {
    return new DOMException(`${what} could not be cloned.`, 'DataCloneError');
  }
  function clone(v, seen) {
    if (typeof v === 'function') throw fail(internal.inspect(v));
    if (typeof v === 'symbol') throw fail(v.toString());
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    let out;
    if (v instanceof Date) out = new Date(v.getTime());
    else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
    else if (v instanceof ArrayBuffer) out = v.slice(0);
    else if (ArrayBuffer.isView(v)) {
      const Ctor = v instanceof DataView ? DataView : Object.getPrototypeOf(Object.getPrototypeOf(v)) === Uint8Array.prototype ? Uint8Array : v.constructor;
      const buf = v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength);
      out = Ctor === DataView ? new DataView(buf) : new Ctor(buf);
    } else if (v instanceof Map) {
      out = new Map();
      seen.set(v, out);
      for (const [k, val] of v) out.set(clone(k, seen), clone(val, seen));
      return out;
    } else if (v instanceof Set) {
      out = new Set();
      seen.set(v, out);
      for (const k of v) out.add(clone(k, seen));
      return out;
    } else if (v instanceof Error) {
      const Ctor = [EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError].find((C) => v instanceof C) || Error;
      out = new Ctor(v.message);
      if (v.stack !== undefined) out.stack = v.stack;
    } else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) {
      throw fail(internal.inspect(v));
    } else {
      out = Array.isArray(v) ? new Array(v.length) : {};
      seen.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k], seen);
      return out;
    }
    seen.set(v, out);
    return out;
  }
  globalThis.structuredClone = (value) => clone(value, new Map());
})
