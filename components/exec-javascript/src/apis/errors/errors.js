// Node's coded errors (`TypeError [ERR_X]: ...`) for the builtins that
// validate their arguments as Node does: the same messages, a `code`
// property, and Node's `toString`.
(function (host, internal) {
  // As in Node, a coded error's prototype sits between it and its base's:
  // `instanceof` and `constructor` are the base's, `toString` shows the code.
  const protos = new Map();
  function coded(Base, code, message) {
    let proto = protos.get(Base);
    if (!proto) {
      proto = Object.create(Base.prototype, {
        toString: { value() { return `${this.name} [${this.code}]: ${this.message}`; }, writable: true, configurable: true },
      });
      protos.set(Base, proto);
    }
    const err = new Base(message);
    Object.setPrototypeOf(err, proto);
    err.code = code;
    return err;
  }

  // `Received ...`: how Node describes the value it rejected.
  function describe(value) {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    switch (typeof value) {
      case 'bigint': return `type bigint (${value}n)`;
      case 'number': return `type number (${Object.is(value, -0) ? '-0' : String(value)})`;
      case 'boolean': return `type boolean (${value})`;
      case 'symbol': return `type symbol (${String(value)})`;
      case 'function': return `function ${value.name}`;
      case 'string': {
        const s = value.length > 28 ? `${value.slice(0, 25)}...` : value;
        return s.includes("'") ? `type string (${JSON.stringify(s)})` : `type string ('${s}')`;
      }
    }
    if (value.constructor && 'name' in value.constructor) return `an instance of ${value.constructor.name}`;
    return internal.inspect(value, { depth: -1 });
  }

  const list = (items, type = 'and') => (items.length < 3
    ? items.join(` ${type} `)
    : `${items.slice(0, -1).join(', ')}, ${type} ${items[items.length - 1]}`);
  const what = (name) => (name.includes('.') ? 'property' : 'argument');

  internal.errors = {
    coded,
    describe,
    // `expected` is Node's phrase: 'of type number', 'an instance of Event'.
    invalidArgType: (name, expected, value) => coded(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "${name}" ${what(name)} must be ${expected}. Received ${describe(value)}`),
    invalidArgValue: (name, value, reason = 'is invalid') => {
      let shown = internal.inspect(value);
      if (shown.length > 128) shown = `${shown.slice(0, 128)}...`;
      return coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The ${what(name)} '${name}' ${reason}. Received ${shown}`);
    },
    missingArgs: (...names) => coded(TypeError, 'ERR_MISSING_ARGS',
      `The ${list(names.map((n) => `"${n}"`))} argument${names.length > 1 ? 's' : ''} must be specified`),
    outOfRange: (name, range, value) => {
      let shown;
      const separated = (digits) => digits.replace(/(\d)(?=(\d{3})+$)/g, '$1_');
      if (typeof value === 'bigint') {
        shown = `${value > 2n ** 32n || value < -(2n ** 32n) ? separated(String(value)) : value}n`;
      } else if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
        shown = String(value).replace(/(\d)(?=(\d{3})+$)/g, '$1_');
      } else shown = internal.inspect(value);
      return coded(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`);
    },
    invalidThis: (type) => coded(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`),
    illegalConstructor: () => coded(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor'),
    // validateObject: a non-null, non-array object (functions too when allowed).
    checkObject(value, name, allowArrayAndFunction = false) {
      const ok = allowArrayAndFunction
        ? value !== null && (typeof value === 'object' || typeof value === 'function')
        : value !== null && typeof value === 'object' && !Array.isArray(value);
      if (!ok) throw internal.errors.invalidArgType(name, 'of type object', value);
    },
    // validateNumber: a number and, when bounds are given, inside them (NaN is not).
    checkNumber(value, name, min, max) {
      if (typeof value !== 'number') throw internal.errors.invalidArgType(name, 'of type number', value);
      if (min !== undefined && !(value >= min && value <= max)) {
        throw internal.errors.outOfRange(name, `>= ${min} && <= ${max}`, value);
      }
      return value;
    },
    // validateInteger: a number, an integer and inside [min, max].
    checkInteger(value, name, min, max) {
      internal.errors.checkNumber(value, name);
      if (!Number.isInteger(value)) throw internal.errors.outOfRange(name, 'an integer', value);
      return internal.errors.checkNumber(value, name, min, max);
    },
    checkString(value, name) {
      if (typeof value !== 'string') throw internal.errors.invalidArgType(name, 'of type string', value);
    },
  };
})
