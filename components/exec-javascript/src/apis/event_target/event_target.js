// EventTarget, Event and CustomEvent as Node implements them: listeners in a
// linked list per type (keyed by listener and capture), `once`, `signal`,
// `passive`, handleEvent objects, and errors thrown by listeners reported as
// uncaught after the dispatch. Node's quirks are kept: no propagation
// phases, and `eventPhase`/`currentTarget` reset after the first listener.
(function (host, internal) {
  const { errors } = internal;
  const CUSTOM = Symbol.for('nodejs.util.inspect.custom');
  const IS_EVENT_TARGET = Symbol.for('nodejs.event_target');
  // Option keys only builtins pass: a trusted event, a listener that
  // stopImmediatePropagation does not skip.
  const kTrustEvent = Symbol('kTrustEvent');
  const kResistStopPropagation = Symbol('kResistStopPropagation');
  const EMPTY = Object.freeze({ __proto__: null });
  const now = performance.now;
  const enqueue = queueMicrotask;

  const events = new WeakMap();
  const details = new WeakMap();
  const trusted = new WeakSet();
  const targets = new WeakMap();

  function eventState(e) {
    const s = events.get(e);
    if (!s) throw errors.invalidThis('Event');
    return s;
  }
  function targetState(t) {
    const s = targets.get(t);
    if (!s) throw errors.invalidThis('EventTarget');
    return s;
  }
  function enumerable(proto, names) {
    for (const name of names) Object.defineProperty(proto, name, { enumerable: true });
  }
  function tag(proto, name) {
    Object.defineProperty(proto, Symbol.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
  }
  function nested(options) {
    return Object.assign({}, options, { depth: Number.isInteger(options.depth) ? options.depth - 1 : options.depth });
  }

  class Event {
    constructor(type, options = undefined) {
      if (arguments.length === 0) throw errors.missingArgs('type');
      if (options != null) errors.checkObject(options, 'options');
      events.set(this, {
        type: `${type}`,
        bubbles: !!options?.bubbles,
        cancelable: !!options?.cancelable,
        composed: !!options?.composed,
        defaultPrevented: false,
        timestamp: now(),
        propagationStopped: false,
        stop: false,
        target: null,
        dispatching: false,
      });
      if (options?.[kTrustEvent]) trusted.add(this);
    }
    initEvent(type, bubbles = false, cancelable = false) {
      if (arguments.length === 0) throw errors.missingArgs('type');
      const s = eventState(this);
      if (s.dispatching) return;
      s.type = `${type}`;
      s.bubbles = !!bubbles;
      s.cancelable = !!cancelable;
    }
    [CUSTOM](depth, options) {
      const s = eventState(this);
      const name = this.constructor.name;
      if (depth < 0) return name;
      const shown = { type: s.type, defaultPrevented: s.defaultPrevented, cancelable: s.cancelable, timeStamp: s.timestamp };
      return `${name} ${internal.inspect(shown, nested(options))}`;
    }
    stopImmediatePropagation() { const s = eventState(this); s.propagationStopped = true; s.stop = true; }
    preventDefault() { eventState(this).defaultPrevented = true; }
    get target() { return eventState(this).target; }
    get currentTarget() { const s = eventState(this); return s.dispatching ? s.target : null; }
    get srcElement() { return eventState(this).target; }
    get type() { return eventState(this).type; }
    get cancelable() { return eventState(this).cancelable; }
    get defaultPrevented() { const s = eventState(this); return s.cancelable && s.defaultPrevented; }
    get timeStamp() { return eventState(this).timestamp; }
    composedPath() { const s = eventState(this); return s.dispatching ? [s.target] : []; }
    get returnValue() { const s = eventState(this); return !s.cancelable || !s.defaultPrevented; }
    get bubbles() { return eventState(this).bubbles; }
    get composed() { return eventState(this).composed; }
    get eventPhase() { return eventState(this).dispatching ? Event.AT_TARGET : Event.NONE; }
    get cancelBubble() { return eventState(this).propagationStopped; }
    set cancelBubble(value) { const s = eventState(this); if (value) s.propagationStopped = true; }
    stopPropagation() { eventState(this).propagationStopped = true; }
  }
  tag(Event.prototype, 'Event');
  enumerable(Event.prototype, ['initEvent', 'stopImmediatePropagation', 'preventDefault', 'target', 'currentTarget', 'srcElement', 'type', 'cancelable', 'defaultPrevented', 'timeStamp', 'composedPath', 'returnValue', 'bubbles', 'composed', 'eventPhase', 'cancelBubble', 'stopPropagation']);
  Object.defineProperty(Event.prototype, 'isTrusted', {
    get: function isTrusted() { return trusted.has(this); },
    enumerable: true,
    configurable: false,
  });
  ['NONE', 'CAPTURING_PHASE', 'AT_TARGET', 'BUBBLING_PHASE'].forEach((name, value) => {
    Object.defineProperty(Event, name, { value, writable: false, enumerable: true, configurable: false });
  });

  class CustomEvent extends Event {
    constructor(type, options = EMPTY) {
      if (arguments.length === 0) throw errors.missingArgs('type');
      super(type, options);
      details.set(this, options?.detail ?? null);
    }
    get detail() {
      if (!details.has(this)) throw errors.invalidThis('CustomEvent');
      return details.get(this);
    }
  }
  tag(CustomEvent.prototype, 'CustomEvent');
  enumerable(CustomEvent.prototype, ['detail']);

  // One registration: a node of the type's list (whose head is `root`).
  class Listener {
    constructor(previous, listener, once, capture, passive, resist) {
      this.next = undefined;
      if (previous !== undefined) previous.next = this;
      this.previous = previous;
      this.listener = listener;
      this.once = once;
      this.capture = capture;
      this.passive = passive;
      this.resist = resist;
      this.removed = false;
      // An object's handleEvent is looked up at each dispatch, and what it
      // throws surfaces as a rejection, as in Node.
      this.callback = typeof listener === 'function'
        ? listener
        : async (...args) => { if (listener.handleEvent) await Reflect.apply(listener.handleEvent, listener, args); };
    }
    same(listener, capture) { return this.listener === listener && this.capture === capture; }
    remove() {
      if (this.previous !== undefined) this.previous.next = this.next;
      if (this.next !== undefined) this.next.previous = this.previous;
      this.removed = true;
    }
  }

  function warn(name, message) {
    const w = new Error(message);
    w.name = name;
    if (internal.process) internal.process.emitWarning(w);
  }
  function reportUncaught(err) {
    enqueue(() => { throw err; });
  }
  function addCatch(promise) {
    const then = promise.then;
    if (typeof then === 'function') then.call(promise, undefined, reportUncaught);
  }
  function checkListener(listener) {
    if (typeof listener === 'function' || typeof listener?.handleEvent === 'function') return true;
    if (listener == null) return false;
    if (typeof listener === 'object') return true;
    throw errors.invalidArgType('listener', 'an instance of EventListener', listener);
  }
  function checkSignal(signal, name) {
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
      throw errors.invalidArgType(name, 'an instance of AbortSignal', signal);
    }
  }
  function listenerOptions(options) {
    if (typeof options === 'boolean') return { capture: options };
    if (options === null) return EMPTY;
    errors.checkObject(options, 'options', true);
    return {
      once: Boolean(options.once),
      capture: Boolean(options.capture),
      passive: Boolean(options.passive),
      signal: options.signal,
      resist: options[kResistStopPropagation] ?? false,
    };
  }

  class EventTarget {
    static [IS_EVENT_TARGET] = true;

    constructor() {
      targets.set(this, { events: new Map(), handlers: new Map(), maxListeners: 10, warned: false });
    }

    addEventListener(type, listener, options = EMPTY) {
      const st = targetState(this);
      if (arguments.length < 2) throw errors.missingArgs('type', 'listener');
      let once = false;
      let capture = false;
      let passive = false;
      let resist = false;
      if (options !== EMPTY) {
        options = listenerOptions(options);
        ({ once, capture, passive, resist } = options);
        const signal = options.signal;
        checkSignal(signal, 'options.signal');
        if (signal) {
          if (signal.aborted) return;
          signal.addEventListener('abort', () => {
            this.removeEventListener(type, listener, options);
          }, { once: true, [kResistStopPropagation]: true });
        }
      }
      if (!checkListener(listener)) {
        warn('AddEventListenerArgumentTypeWarning', `addEventListener called with ${listener} which has no effect.`);
        return;
      }
      type = `${type}`;
      let root = st.events.get(type);
      if (root === undefined) {
        root = { size: 1, next: undefined, resist: Boolean(resist) };
        new Listener(root, listener, once, capture, passive, resist);
        newListener(this, st, root.size, type);
        st.events.set(type, root);
        return;
      }
      let handler = root.next;
      let previous = root;
      while (handler !== undefined && !handler.same(listener, capture)) {
        previous = handler;
        handler = handler.next;
      }
      if (handler !== undefined) return; // already registered
      new Listener(previous, listener, once, capture, passive, resist);
      root.size++;
      root.resist ||= Boolean(resist);
      newListener(this, st, root.size, type);
    }

    removeEventListener(type, listener, options = EMPTY) {
      const st = targetState(this);
      if (arguments.length < 2) throw errors.missingArgs('type', 'listener');
      if (!checkListener(listener)) return;
      type = `${type}`;
      const capture = options?.capture === true;
      const root = st.events.get(type);
      if (root === undefined || root.next === undefined) return;
      for (let handler = root.next; handler !== undefined; handler = handler.next) {
        if (handler.same(listener, capture)) {
          handler.remove();
          root.size--;
          if (root.size === 0) st.events.delete(type);
          return;
        }
      }
    }

    dispatchEvent(event) {
      const st = targetState(this);
      if (arguments.length < 1) throw errors.missingArgs('event');
      if (!(event instanceof Event)) throw errors.invalidArgType('event', 'an instance of Event', event);
      const es = eventState(event);
      if (es.dispatching) throw errors.coded(Error, 'ERR_EVENT_RECURSION', `The event "${es.type}" is already being dispatched`);
      es.target = this;
      es.dispatching = true;
      const root = st.events.get(es.type);
      if (root !== undefined && root.next !== undefined) {
        let handler = root.next;
        while (handler !== undefined && (root.resist || handler.passive || es.stop !== true)) {
          // The next node is taken first: the listener may remove this one.
          const next = handler.next;
          if (handler.removed || (es.stop === true && !handler.resist)) {
            handler = next;
            continue;
          }
          if (handler.once) {
            handler.remove();
            root.size--;
          }
          try {
            const result = handler.callback.call(this, event);
            es.dispatching = false;
            if (result !== undefined && result !== null) addCatch(result);
          } catch (err) {
            reportUncaught(err);
          }
          handler = next;
        }
      }
      es.dispatching = false;
      return event.defaultPrevented !== true;
    }

    [CUSTOM](depth, options) {
      targetState(this);
      const name = this.constructor.name;
      if (depth < 0) return name;
      return `${name} ${internal.inspect({}, nested(options))}`;
    }
  }
  tag(EventTarget.prototype, 'EventTarget');
  enumerable(EventTarget.prototype, ['addEventListener', 'removeEventListener', 'dispatchEvent']);

  function newListener(target, st, size, type) {
    if (st.maxListeners > 0 && size > st.maxListeners && !st.warned) {
      st.warned = true;
      warn('MaxListenersExceededWarning', `Possible EventTarget memory leak detected. ${size} ${type} listeners added to ${internal.inspect(target, { depth: -1 })}. MaxListeners is ${st.maxListeners}. Use events.setMaxListeners() to increase limit`);
    }
  }

  // `on<name>` attributes: one listener, registered when first set, that
  // calls whatever the attribute holds.
  function defineEventHandler(proto, name, type = name) {
    const prop = `on${name}`;
    function get() {
      return targetState(this).handlers.get(type)?.handler ?? null;
    }
    function set(value) {
      const st = targetState(this);
      let wrapped = st.handlers.get(type);
      if (wrapped) {
        const root = st.events.get(type);
        if (typeof wrapped.handler === 'function' && root) root.size--;
        wrapped.handler = value;
        if (typeof wrapped.handler === 'function' && root) {
          root.size++;
          newListener(this, st, root.size, type);
        }
      } else {
        wrapped = function eventHandler(...args) {
          if (typeof wrapped.handler !== 'function') return;
          return Reflect.apply(wrapped.handler, this, args);
        };
        wrapped.handler = value;
        this.addEventListener(type, wrapped);
      }
      st.handlers.set(type, wrapped);
    }
    Object.defineProperty(get, 'name', { value: `get ${prop}` });
    Object.defineProperty(set, 'name', { value: `set ${prop}` });
    Object.defineProperty(proto, prop, { get, set, configurable: true, enumerable: true });
  }

  for (const [name, value] of [['Event', Event], ['CustomEvent', CustomEvent], ['EventTarget', EventTarget]]) {
    Object.defineProperty(globalThis, name, { value, writable: true, enumerable: false, configurable: true });
  }
  internal.eventTarget = { Event, EventTarget, CustomEvent, kTrustEvent, kResistStopPropagation, defineEventHandler, checkSignal };
})
