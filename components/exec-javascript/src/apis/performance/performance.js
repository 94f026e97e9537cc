// `performance` as Node's Performance (an EventTarget): `now` (QuickJS's
// native clock, from the context's start), `timeOrigin` in epoch
// milliseconds, user timing (mark, measure, the entry buffer and its
// queries) and the PerformanceEntry/Mark/Measure classes, with Node's
// validation. Node's `nodeTiming`, observers and resource timing are absent.
(function (host, internal) {
  const { errors } = internal;
  const CUSTOM = Symbol.for('nodejs.util.inspect.custom');
  const SKIP = Symbol('kSkipThrow');
  const now = globalThis.performance.now;
  const timeOrigin = Date.now() - now();
  const clone = globalThis.structuredClone;
  const DOMException = globalThis.DOMException;
  // Node's startup milestones, readable by name; here the run's context
  // starts at 0 and its loop has not exited.
  const nodeTiming = { __proto__: null, nodeStart: 0, v8Start: 0, environment: 0, bootstrapComplete: 0, loopStart: 0, loopExit: -1 };
  const entries = new WeakMap();
  const markTimings = new Map();
  let markBuffer = [];
  let measureBuffer = [];

  function field(entry, className) {
    const e = entries.get(entry);
    if (!e) throw errors.invalidArgType('this', `an instance of ${className}`, entry);
    return e;
  }
  const invalidTimestamp = (t) => errors.coded(TypeError, 'ERR_PERFORMANCE_INVALID_TIMESTAMP', `${t} is not a valid timestamp`);
  const invalidOptions = (m) => errors.coded(TypeError, 'ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS', m);
  const withDetail = (e) => ({ name: e.name, entryType: e.entryType, startTime: e.startTime, duration: e.duration, detail: e.detail });
  function enumerable(proto, names) {
    for (const name of names) Object.defineProperty(proto, name, { enumerable: true });
  }
  function tag(proto, name) {
    Object.defineProperty(proto, Symbol.toStringTag, { value: name, configurable: true });
  }

  class PerformanceEntry {
    constructor(skip = undefined, name = undefined, type = undefined, start = undefined, duration = undefined) {
      if (skip !== SKIP) throw errors.illegalConstructor();
      entries.set(this, { name, entryType: type, startTime: start, duration, detail: null });
    }
    get name() { return field(this, 'PerformanceEntry').name; }
    get entryType() { return field(this, 'PerformanceEntry').entryType; }
    get startTime() { return field(this, 'PerformanceEntry').startTime; }
    get duration() { return field(this, 'PerformanceEntry').duration; }
    [CUSTOM](depth, options) {
      // Past the depth limit: how Node shows its (never empty) object.
      if (depth < 0) return `[${this.constructor.name}]`;
      const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
      return `${this.constructor.name} ${internal.inspect(this.toJSON(), opts)}`;
    }
    toJSON() {
      const e = field(this, 'PerformanceEntry');
      return { name: e.name, entryType: e.entryType, startTime: e.startTime, duration: e.duration };
    }
  }
  enumerable(PerformanceEntry.prototype, ['name', 'entryType', 'startTime', 'duration', 'toJSON']);

  class PerformanceMark extends PerformanceEntry {
    constructor(name, options = undefined) {
      if (arguments.length === 0) throw errors.missingArgs('name');
      name = `${name}`;
      if (name in nodeTiming) throw errors.invalidArgValue('name', name);
      if (options != null) errors.checkObject(options, 'options');
      const startTime = options?.startTime ?? now();
      errors.checkNumber(startTime, 'startTime');
      if (startTime < 0) throw invalidTimestamp(startTime);
      markTimings.set(name, startTime);
      const detail = options?.detail;
      const cloned = detail != null ? clone(detail) : null;
      super(SKIP, name, 'mark', startTime, 0);
      entries.get(this).detail = cloned;
    }
    get detail() { return field(this, 'PerformanceMark').detail; }
    toJSON() { return withDetail(field(this, 'PerformanceMark')); }
  }
  enumerable(PerformanceMark.prototype, ['detail']);
  tag(PerformanceMark.prototype, 'PerformanceMark');

  class PerformanceMeasure extends PerformanceEntry {
    constructor(skip = undefined, name = undefined, type = undefined, start = undefined, duration = undefined) {
      if (skip !== SKIP) throw errors.illegalConstructor();
      super(skip, name, type, start, duration);
    }
    get detail() { return field(this, 'PerformanceMeasure').detail; }
    toJSON() { return withDetail(field(this, 'PerformanceMeasure')); }
  }
  enumerable(PerformanceMeasure.prototype, ['detail']);
  tag(PerformanceMeasure.prototype, 'PerformanceMeasure');

  function getMark(name) {
    if (name === undefined) return undefined;
    if (typeof name === 'number') {
      if (name < 0) throw invalidTimestamp(name);
      return name;
    }
    name = `${name}`;
    if (name in nodeTiming) return nodeTiming[name];
    const ts = markTimings.get(name);
    if (ts === undefined) throw new DOMException(`The "${name}" performance mark has not been set`, 'SyntaxError');
    return ts;
  }

  function startAndDuration(startOrOptions, endMark) {
    startOrOptions ??= 0;
    let start;
    let end;
    let duration;
    let optionsValid = false;
    if (typeof startOrOptions === 'object') {
      ({ start, end, duration } = startOrOptions);
      optionsValid = start !== undefined || end !== undefined;
    }
    if (optionsValid) {
      if (endMark !== undefined) throw invalidOptions('endMark must not be specified');
      if (start !== undefined && end !== undefined && duration !== undefined) {
        throw invalidOptions('Must not have options.start, options.end, and options.duration specified');
      }
    }
    if (endMark !== undefined) end = getMark(endMark);
    else if (optionsValid && end !== undefined) end = getMark(end);
    else if (optionsValid && start !== undefined && duration !== undefined) end = getMark(start) + getMark(duration);
    else end = now();

    if (typeof startOrOptions === 'string') start = getMark(startOrOptions);
    else if (optionsValid && start !== undefined) start = getMark(start);
    else if (optionsValid && duration !== undefined && end !== undefined) start = end - getMark(duration);
    else start = 0;
    return { start, duration: end - start };
  }

  function select(name, type) {
    let list;
    if (type === 'mark') list = markBuffer;
    else if (type === 'measure') list = measureBuffer;
    else if (type !== undefined) return [];
    else list = [...markBuffer, ...measureBuffer];
    if (name !== undefined) list = list.filter((e) => e.name === name);
    else if (type !== undefined) list = list.slice();
    return list.sort((a, b) => a.startTime - b.startTime);
  }
  function clear(type, name) {
    const keep = (list) => (name === undefined ? [] : list.filter((e) => e.name !== name));
    if (type === 'mark') markBuffer = keep(markBuffer);
    else measureBuffer = keep(measureBuffer);
  }

  const performances = new WeakSet();
  function brand(p) {
    if (!performances.has(p)) throw errors.invalidArgType('this', 'an instance of Performance', p);
  }

  class Performance extends internal.eventTarget.EventTarget {
    constructor(key = undefined) {
      if (key !== SKIP) throw errors.illegalConstructor();
      super();
      performances.add(this);
    }
    now() {
      brand(this);
      return now();
    }
    get timeOrigin() {
      brand(this);
      return timeOrigin;
    }
    toJSON() {
      brand(this);
      return { timeOrigin };
    }
    [CUSTOM](depth, options) {
      if (depth < 0) return '[Performance]';
      const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
      return `Performance ${internal.inspect({ timeOrigin }, opts)}`;
    }
    mark(name, options = undefined) {
      brand(this);
      if (arguments.length === 0) throw errors.missingArgs('name');
      const mark = new PerformanceMark(name, options);
      markBuffer.push(mark);
      return mark;
    }
    measure(name, startOrOptions = {}, endMark = undefined) {
      brand(this);
      if (arguments.length === 0) throw errors.missingArgs('name');
      errors.checkString(name, 'name');
      const { start, duration } = startAndDuration(startOrOptions, endMark);
      const detail = startOrOptions?.detail;
      const measure = new PerformanceMeasure(SKIP, name, 'measure', start, duration);
      entries.get(measure).detail = detail != null ? clone(detail) : null;
      measureBuffer.push(measure);
      return measure;
    }
    clearMarks(name = undefined) {
      brand(this);
      if (name !== undefined) {
        name = `${name}`;
        if (name in nodeTiming) throw errors.invalidArgValue('name', name);
        markTimings.delete(name);
      } else markTimings.clear();
      clear('mark', name);
    }
    clearMeasures(name = undefined) {
      brand(this);
      clear('measure', name === undefined ? undefined : `${name}`);
    }
    getEntries() {
      brand(this);
      return select();
    }
    getEntriesByName(name, type = undefined) {
      brand(this);
      if (arguments.length === 0) throw errors.missingArgs('name');
      return select(`${name}`, type === undefined ? undefined : `${type}`);
    }
    getEntriesByType(type) {
      brand(this);
      if (arguments.length === 0) throw errors.missingArgs('type');
      return select(undefined, `${type}`);
    }
  }
  for (const name of ['now', 'timeOrigin', 'toJSON', 'mark', 'measure', 'clearMarks', 'clearMeasures', 'getEntries', 'getEntriesByName', 'getEntriesByType']) {
    Object.defineProperty(Performance.prototype, name, { enumerable: true });
  }
  tag(Performance.prototype, 'Performance');
  const perf = new Performance(SKIP);
  globalThis.performance = perf;

  for (const [name, value] of [['Performance', Performance], ['PerformanceEntry', PerformanceEntry], ['PerformanceMark', PerformanceMark], ['PerformanceMeasure', PerformanceMeasure]]) {
    Object.defineProperty(globalThis, name, { value, writable: true, enumerable: false, configurable: true });
  }
  internal.performance = { Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure, performance: perf };
})
