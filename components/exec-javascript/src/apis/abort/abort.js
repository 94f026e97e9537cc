// AbortController and AbortSignal (abort, timeout, any), on EventTarget.
// A timeout signal's timer is unref'd, as in Node: it aborts while other
// work keeps the run going, but does not keep the run going itself.
(function (host, internal) {
  const { errors } = internal;
  const { EventTarget, Event, kTrustEvent, defineEventHandler, checkSignal } = internal.eventTarget;
  const CUSTOM = Symbol.for('nodejs.util.inspect.custom');
  const CREATE = Symbol('create');
  const DOMException = globalThis.DOMException;
  const setTimeout = internal.timers.setTimeout;
  const states = new WeakMap();

  function state(signal) {
    const s = states.get(signal);
    if (!s) throw errors.invalidThis('AbortSignal');
    return s;
  }
  function customInspect(self, shown, depth, options) {
    // Past the depth limit: how Node shows its (never empty) object.
    if (depth < 0) return `[${self.constructor.name}]`;
    const opts = Object.assign({}, options, { depth: options.depth === null ? null : options.depth - 1 });
    return `${self.constructor.name} ${internal.inspect(shown, opts)}`;
  }
  const abortError = () => new DOMException('This operation was aborted', 'AbortError');

  class AbortSignal extends EventTarget {
    constructor(key = undefined, init = undefined) {
      if (key !== CREATE) throw errors.illegalConstructor();
      super();
      states.set(this, {
        aborted: !!init.aborted,
        reason: init.reason,
        composite: !!init.composite,
        sources: undefined,
        dependants: undefined,
      });
    }
    get aborted() { return !!state(this).aborted; }
    get reason() { return state(this).reason; }
    throwIfAborted() {
      const s = state(this);
      if (s.aborted) throw s.reason;
    }
    [CUSTOM](depth, options) { return customInspect(this, { aborted: this.aborted }, depth, options); }

    static abort(reason = abortError()) {
      return new AbortSignal(CREATE, { aborted: true, reason });
    }
    static timeout(delay) {
      if (typeof delay !== 'number') throw errors.invalidArgType('delay', 'of type number', delay);
      if (!Number.isInteger(delay)) throw errors.outOfRange('delay', 'an integer', delay);
      if (delay < 0 || delay > 4294967295) throw errors.outOfRange('delay', '>= 0 && <= 4294967295', delay);
      const signal = new AbortSignal(CREATE, {});
      setTimeout(() => {
        abort(signal, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      }, delay).unref();
      return signal;
    }
    static any(signals) {
      if (!Array.isArray(signals)) throw errors.invalidArgType('signals', 'an instance of Array', signals);
      for (let i = 0; i < signals.length; i++) checkSignal(signals[i], `signals[${i}]`);
      const result = new AbortSignal(CREATE, { composite: true });
      if (!signals.length) return result;
      const rs = states.get(result);
      rs.sources = new Set();
      for (const signal of signals) {
        if (signal.aborted) {
          abort(result, signal.reason);
          return result;
        }
        const ss = states.get(signal);
        if (!ss) continue;
        ss.dependants ??= new Set();
        if (!ss.composite) {
          rs.sources.add(signal);
          ss.dependants.add(result);
        } else if (ss.sources) {
          // A composite follows its sources directly, never another composite.
          for (const source of ss.sources) {
            if (rs.sources.has(source)) continue;
            rs.sources.add(source);
            states.get(source).dependants.add(result);
          }
        }
      }
      return result;
    }
  }
  Object.defineProperty(AbortSignal.prototype, 'aborted', { enumerable: true });
  Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: 'AbortSignal', writable: false, enumerable: false, configurable: true });
  defineEventHandler(AbortSignal.prototype, 'abort');

  function abort(signal, reason) {
    const s = states.get(signal);
    if (s.aborted) return;
    s.aborted = true;
    s.reason = reason;
    signal.dispatchEvent(new Event('abort', { [kTrustEvent]: true }));
    if (s.dependants) for (const dependant of s.dependants) abort(dependant, reason);
  }

  const controllers = new WeakMap();
  function signalOf(controller) {
    let signal = controllers.get(controller);
    if (signal === undefined) {
      if (!(controller instanceof AbortController)) throw errors.invalidThis('AbortController');
      signal = new AbortSignal(CREATE, {});
      controllers.set(controller, signal);
    }
    return signal;
  }

  class AbortController {
    get signal() { return signalOf(this); }
    abort(reason = abortError()) { abort(signalOf(this), reason); }
    [CUSTOM](depth, options) { return customInspect(this, { signal: this.signal }, depth, options); }
  }
  Object.defineProperty(AbortController.prototype, 'signal', { enumerable: true });
  Object.defineProperty(AbortController.prototype, 'abort', { enumerable: true });
  Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: 'AbortController', writable: false, enumerable: false, configurable: true });

  for (const [name, value] of [['AbortController', AbortController], ['AbortSignal', AbortSignal]]) {
    Object.defineProperty(globalThis, name, { value, writable: true, enumerable: false, configurable: true });
  }

  // Node's AbortError (not a DOMException): what aborted builtins reject with.
  class AbortError extends Error {
    constructor(message = 'The operation was aborted', options = undefined) {
      super(message, options);
      this.code = 'ABORT_ERR';
      this.name = 'AbortError';
    }
  }
  internal.abort = { AbortController, AbortSignal, AbortError };
})
