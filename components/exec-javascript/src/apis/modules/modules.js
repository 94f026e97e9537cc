// require() for builtin modules, and the objects behind `node:` imports.
(function (host, internal) {
  function notAvailable(name) {
    return (...args) => {
      const err = new Error(`${name} is not available: the sandbox cannot start processes`);
      err.code = 'ENOSYS';
      err.errno = -38;
      err.syscall = 'spawn';
      throw err;
    };
  }
  class AssertionError extends Error {
    constructor(message) { super(message); this.name = 'AssertionError'; this.code = 'ERR_ASSERTION'; }
  }
  function deepEqual(a, b, strict) {
    if (strict ? Object.is(a, b) : a == b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
    if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && deepEqual(v, b.get(k), strict));
    if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((v) => b.has(v));
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k], strict));
  }
  function check(ok, message, fallback) {
    if (!ok) throw message instanceof Error ? message : new AssertionError(message === undefined ? fallback : message);
  }
  const assert = (v, m) => check(v, m, 'The expression evaluated to a falsy value');
  Object.assign(assert, {
    ok: assert,
    AssertionError,
    equal: (a, b, m) => check(a == b, m, `${internal.inspect(a)} == ${internal.inspect(b)}`),
    notEqual: (a, b, m) => check(a != b, m, `${internal.inspect(a)} != ${internal.inspect(b)}`),
    strictEqual: (a, b, m) => check(Object.is(a, b), m, `Expected values to be strictly equal:\n\n${internal.inspect(a)} !== ${internal.inspect(b)}\n`),
    notStrictEqual: (a, b, m) => check(!Object.is(a, b), m, `Expected "actual" to be strictly unequal to: ${internal.inspect(b)}`),
    deepEqual: (a, b, m) => check(deepEqual(a, b, false), m, 'Expected values to be loosely deep-equal'),
    deepStrictEqual: (a, b, m) => check(deepEqual(a, b, true), m, `Expected values to be strictly deep-equal:\n${internal.inspect(a)}\n\nshould equal\n\n${internal.inspect(b)}`),
    notDeepStrictEqual: (a, b, m) => check(!deepEqual(a, b, true), m, 'Expected "actual" not to be strictly deep-equal to "expected"'),
    throws: (fn, expected, m) => {
      try { fn(); } catch (e) { if (typeof expected === 'function' && expected.prototype !== undefined && !(e instanceof expected)) throw e; return; }
      check(false, typeof expected === 'string' ? expected : m, 'Missing expected exception.');
    },
    rejects: async (p, expected, m) => {
      try { await (typeof p === 'function' ? p() : p); } catch (e) { return; }
      check(false, typeof expected === 'string' ? expected : m, 'Missing expected rejection.');
    },
    doesNotThrow: (fn) => fn(),
    fail: (m = 'Failed') => { throw new AssertionError(m); },
    match: (s, re, m) => check(re.test(s), m, `The input did not match the regular expression ${re}. Input:\n\n${internal.inspect(s)}\n`),
  });
  assert.strict = assert;

  class StringDecoder {
    constructor(encoding = 'utf8') { this.encoding = encoding; this._pending = new Uint8Array(0); }
    write(buf) {
      const all = new Uint8Array(this._pending.length + buf.length);
      all.set(this._pending); all.set(buf, this._pending.length);
      let end = all.length;
      if (this.encoding === 'utf8' || this.encoding === 'utf-8') {
        let i = all.length - 1; let back = 0;
        while (i >= 0 && back < 4 && (all[i] & 0xc0) === 0x80) { i--; back++; }
        if (i >= 0) { const b = all[i]; const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1; if (need > back + 1) end = i; }
      }
      this._pending = all.slice(end);
      return internal.decodeBytes(all.subarray(0, end), this.encoding);
    }
    end(buf) { const s = buf ? this.write(buf) : ''; const rest = internal.decodeBytes(this._pending, this.encoding); this._pending = new Uint8Array(0); return s + rest; }
  }

  const os = {
    EOL: '\n',
    platform: () => 'linux',
    type: () => 'Linux',
    arch: () => 'wasm32',
    release: () => '0.0.0-wasi',
    hostname: () => 'sandbox',
    homedir: () => '/',
    tmpdir: () => '/tmp',
    endianness: () => 'LE',
    cpus: () => [{ model: 'wasm32', speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }],
    availableParallelism: () => 1,
    totalmem: () => 0,
    freemem: () => 0,
    uptime: () => internal.process.uptime(),
    loadavg: () => [0, 0, 0],
    networkInterfaces: () => ({}),
    userInfo: () => ({ uid: 0, gid: 0, username: 'sandbox', homedir: '/', shell: null }),
    constants: { signals: {}, errno: {} },
  };
  const promisifyCustom = Symbol.for('nodejs.util.promisify.custom');
  // A timer as a promise, with Node's `signal` and `ref` options: an abort
  // clears the timer and rejects with an AbortError caused by the reason.
  const { AbortError } = internal.abort;
  const { kResistStopPropagation, checkSignal } = internal.eventTarget;
  function timerPromise(schedule, value, options) {
    try {
      internal.errors.checkObject(options, 'options');
      if (options.signal !== undefined) checkSignal(options.signal, 'options.signal');
      if (options.ref !== undefined && typeof options.ref !== 'boolean') throw internal.errors.invalidArgType('options.ref', 'of type boolean', options.ref);
    } catch (err) {
      return Promise.reject(err);
    }
    const { signal, ref = true } = options;
    if (signal?.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
    let onAbort;
    const promise = new Promise((resolve, reject) => {
      const timer = schedule(() => resolve(value));
      if (!ref) timer.unref();
      if (signal) {
        onAbort = () => { timer.close(); reject(new AbortError(undefined, { cause: signal.reason })); };
        signal.addEventListener('abort', onAbort, { [kResistStopPropagation]: true });
      }
    });
    return onAbort ? promise.finally(() => signal.removeEventListener('abort', onAbort)) : promise;
  }
  const timers = internal.timers;
  const timersPromises = {
    setTimeout(ms, value, options = {}) {
      if (ms !== undefined && typeof ms !== 'number') return Promise.reject(internal.errors.invalidArgType('delay', 'of type number', ms));
      return timerPromise((fn) => timers.setTimeout(fn, ms), value, options);
    },
    setImmediate(value, options = {}) {
      return timerPromise((fn) => timers.setImmediate(fn), value, options);
    },
    setInterval: async function* (ms, value) { for (;;) { await new Promise((resolve) => timers.setTimeout(resolve, ms)); yield value; } },
    scheduler: { wait: (ms, options) => timersPromises.setTimeout(ms, undefined, options), yield: () => timersPromises.setImmediate() },
  };
  setTimeout[promisifyCustom] = timersPromises.setTimeout;
  setImmediate[promisifyCustom] = timersPromises.setImmediate;
  function promisify(fn) {
    if (typeof fn[promisifyCustom] === 'function') return fn[promisifyCustom];
    return (...args) => new Promise((resolve, reject) => fn(...args, (err, value) => (err ? reject(err) : resolve(value))));
  }
  promisify.custom = promisifyCustom;
  const util = {
    format: internal.format,
    inspect: internal.inspect,
    promisify,
    callbackify: (fn) => (...args) => { const cb = args.pop(); fn(...args).then((v) => cb(null, v), (e) => cb(e)); },
    inherits: (ctor, superCtor) => { Object.setPrototypeOf(ctor.prototype, superCtor.prototype); Object.setPrototypeOf(ctor, superCtor); ctor.super_ = superCtor; },
    deprecate: (fn) => fn,
    isDeepStrictEqual: (a, b) => deepEqual(a, b, true),
    types: {
      isDate: (v) => v instanceof Date,
      isRegExp: (v) => v instanceof RegExp,
      isPromise: (v) => v instanceof Promise,
      isMap: (v) => v instanceof Map,
      isSet: (v) => v instanceof Set,
      isTypedArray: (v) => ArrayBuffer.isView(v) && !(v instanceof DataView),
      isUint8Array: (v) => v instanceof Uint8Array,
      isNativeError: (v) => v instanceof Error,
      isAsyncFunction: (v) => typeof v === 'function' && v[Symbol.toStringTag] === 'AsyncFunction',
    },
    isArray: Array.isArray,
    TextEncoder,
    TextDecoder,
  };
  const fsPromises = internal.fs.promises;
  const registry = {
    fs: () => internal.fs,
    'fs/promises': () => fsPromises,
    readline: () => internal.readline,
    'readline/promises': () => internal.readlinePromises,
    process: () => internal.process,
    buffer: () => ({ Buffer: internal.Buffer, Blob: internal.blob.Blob, File: internal.blob.File, constants: { MAX_LENGTH: 2 ** 31 - 1 }, kMaxLength: 2 ** 31 - 1, atob, btoa }),
    events: () => internal.EventEmitter,
    path: () => internal.path,
    util: () => util,
    url: () => internal.url,
    timers: () => ({ setTimeout, setInterval, setImmediate, clearTimeout, clearInterval, clearImmediate, promises: timersPromises }),
    'timers/promises': () => timersPromises,
    crypto: () => internal.crypto,
    perf_hooks: () => internal.performance,
    os: () => os,
    child_process: () => ({
      exec: notAvailable('child_process.exec'),
      execSync: notAvailable('child_process.execSync'),
      execFile: notAvailable('child_process.execFile'),
      execFileSync: notAvailable('child_process.execFileSync'),
      spawn: notAvailable('child_process.spawn'),
      spawnSync: notAvailable('child_process.spawnSync'),
      fork: notAvailable('child_process.fork'),
    }),
    assert: () => assert,
    string_decoder: () => ({ StringDecoder }),
  };
  function require(name) {
    const key = String(name).replace(/^node:/, '');
    if (Object.prototype.hasOwnProperty.call(registry, key)) return registry[key]();
    const err = new Error(`Cannot find module '${name}'. Snippets are ES modules: load files from the session with import, builtins with require() or import.`);
    err.code = 'MODULE_NOT_FOUND';
    throw err;
  }
  internal.require = require;
  globalThis.require = require;
})
