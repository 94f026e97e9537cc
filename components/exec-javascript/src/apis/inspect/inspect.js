// util.inspect / util.format with Node's conventions for the common cases.
(function (host, internal) {
  const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
  const CUSTOM = Symbol.for('nodejs.util.inspect.custom');
  const BREAK = 72;

  function quote(s) {
    const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes('`') ? '`' : "'";
    const esc = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
    return q + (q === "'" ? esc.replace(/'/g, "\\'") : esc) + q;
  }

  function formatKey(k) {
    if (typeof k === 'symbol') return '[' + k.toString() + ']';
    return IDENT.test(k) ? k : quote(k);
  }

  function ctorName(v) {
    try {
      const proto = Object.getPrototypeOf(v);
      if (proto === null) return null;
      const c = proto.constructor;
      return c && typeof c.name === 'string' ? c.name : 'Object';
    } catch (e) { return 'Object'; }
  }

  function formatError(err, ctx, depth) {
    let head;
    try {
      const name = err.name || 'Error';
      const msg = err.message;
      head = msg === undefined || msg === '' ? String(name) : `${name}: ${msg}`;
    } catch (e) { head = 'Error'; }
    const stack = typeof err.stack === 'string' ? err.stack.replace(/\s+$/, '') : '';
    let out = stack && !stack.startsWith(head) ? head + '\n' + stack : (stack || head);
    const keys = Object.keys(err).filter((k) => k !== 'stack' && k !== 'message');
    if (keys.length && depth <= ctx.depth) {
      const parts = keys.map((k) => `${formatKey(k)}: ${fmt(err[k], ctx, depth + 1)}`);
      out += ' {\n' + parts.map((p) => '  ' + p).join(',\n') + '\n}';
    }
    if (err.cause !== undefined && !keys.includes('cause')) {
      out += ' { [cause]: ' + fmt(err.cause, ctx, depth + 1) + ' }';
    }
    return out;
  }

  function wrap(open, parts, close, indent) {
    if (parts.length === 0) return open.trimEnd() + close.trimStart();
    const total = parts.reduce((n, p) => n + p.length + 2, open.length + close.length);
    if (total <= BREAK && !parts.some((p) => p.includes('\n'))) {
      return `${open}${parts.join(', ')}${close}`;
    }
    const pad = '  '.repeat(indent + 1);
    return `${open.trimEnd()}\n${pad}${parts.join(`,\n${pad}`)}\n${'  '.repeat(indent)}${close.trimStart()}`;
  }

  function propEntries(v, ctx, depth, skipIndices) {
    const parts = [];
    for (const k of Reflect.ownKeys(v)) {
      if (skipIndices && typeof k === 'string' && /^(0|[1-9][0-9]*)$/.test(k)) continue;
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (!d || (!d.enumerable && typeof k !== 'symbol')) continue;
      if (typeof k === 'symbol' && !d.enumerable) continue;
      let val;
      if (d.get || d.set) val = d.get && d.set ? '[Getter/Setter]' : d.get ? '[Getter]' : '[Setter]';
      else val = fmt(d.value, ctx, depth + 1);
      parts.push(`${formatKey(k)}: ${val}`);
    }
    return parts;
  }

  // Past the depth limit Node still shows an empty object, array, Map or
  // Set in full (`{}`, `[]`, `Map(0) {}`) rather than as `[Object]`.
  function isEmpty(v) {
    if (v instanceof ArrayBuffer || v instanceof DataView || v instanceof Number || v instanceof String || v instanceof Boolean) return false;
    if (typeof v[Symbol.iterator] === 'function' && typeof v.next === 'function') return false;
    const list = Array.isArray(v) || ArrayBuffer.isView(v);
    const size = list ? v.length : v instanceof Map || v instanceof Set ? v.size : 0;
    if (size !== 0) return false;
    return Reflect.ownKeys(v).every((k) => {
      if (list && k === 'length') return true;
      const d = Object.getOwnPropertyDescriptor(v, k);
      return !d || !d.enumerable;
    });
  }

  // A `[util.inspect.custom](depth, options, inspect)` method, as Node
  // calls it: its result is formatted in place of the value (a string as is).
  function customInspect(v, ctx, depth) {
    let method;
    try {
      method = v[CUSTOM];
      if (typeof method !== 'function' || method === inspect) return v;
      if (v.constructor && v.constructor.prototype === v) return v;
    } catch (e) { return v; }
    const total = ctx.depth === Infinity ? null : ctx.depth;
    const remaining = total === null ? null : total - depth;
    const options = { depth: total, colors: false, customInspect: true, showHidden: false, breakLength: 80, compact: 3, stylize: (s) => String(s) };
    const ret = method.call(v, remaining, options, inspect);
    if (ret === v) return v;
    if (typeof ret !== 'string') return fmt(ret, ctx, depth);
    return ret.replace(/\n/g, `\n${'  '.repeat(ctx.indent)}`);
  }

  function fmt(v, ctx, depth) {
    switch (typeof v) {
      case 'string': return depth === 0 && ctx.top ? v : quote(v);
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint': return `${v}n`;
      case 'boolean': return String(v);
      case 'undefined': return 'undefined';
      case 'symbol': return v.toString();
      case 'function': {
        const isClass = /^class\b/.test(Function.prototype.toString.call(v));
        const base = isClass ? `[class ${v.name || '(anonymous)'}]` : v.name ? `[Function: ${v.name}]` : '[Function (anonymous)]';
        const props = propEntries(v, ctx, depth, false).filter((p) => !p.startsWith('prototype:'));
        return props.length && depth <= ctx.depth ? wrap(base + ' { ', props, ' }', ctx.indent) : base;
      }
    }
    if (v === null) return 'null';
    const custom = customInspect(v, ctx, depth);
    if (custom !== v) return custom;
    if (ctx.seen.includes(v)) return '[Circular *1]';
    if (v instanceof Error) return formatError(v, ctx, depth);
    if (v instanceof Date) return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (typeof internal.Buffer === 'function' && v instanceof internal.Buffer) {
      const hex = Array.from(v.subarray(0, 50), (b) => b.toString(16).padStart(2, '0')).join(' ');
      return `<Buffer ${hex}${v.length > 50 ? ` ... ${v.length - 50} more byte${v.length - 50 > 1 ? 's' : ''}` : ''}>`;
    }
    if (v instanceof Promise) {
      const [state, value] = host.promiseState(v);
      if (state === 'pending') return 'Promise { <pending> }';
      const shown = depth > ctx.depth ? '[Object]' : fmt(value, ctx, depth + 1);
      return state === 'fulfilled' ? `Promise { ${shown} }` : `Promise { <rejected> ${shown} }`;
    }
    if (v instanceof WeakMap || v instanceof WeakSet) return `${ctorName(v)} { <items unknown> }`;
    const name = ctorName(v);
    const complex = Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof Map || v instanceof Set;
    if (depth > ctx.depth && !isEmpty(v)) {
      if (Array.isArray(v)) return '[Array]';
      return `[${name === null ? 'Object: null prototype' : name}]`;
    }
    ctx.seen.push(v);
    ctx.indent++;
    try {
      if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
        const parts = [];
        const shown = Math.min(v.length, 100);
        let holes = 0;
        for (let i = 0; i < shown; i++) {
          if (!Array.isArray(v) || Object.prototype.hasOwnProperty.call(v, i)) {
            if (holes) { parts.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`); holes = 0; }
            parts.push(fmt(v[i], ctx, depth + 1));
          } else holes++;
        }
        if (holes) parts.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
        if (v.length > shown) parts.push(`... ${v.length - shown} more item${v.length - shown > 1 ? 's' : ''}`);
        if (Array.isArray(v)) parts.push(...propEntries(v, ctx, depth, true));
        const prefix = Array.isArray(v) ? (name === 'Array' ? '' : `${name}(${v.length}) `) : `${name}(${v.length}) `;
        return wrap(prefix + '[ ', parts, ' ]', ctx.indent - 1);
      }
      if (v instanceof ArrayBuffer) {
        const bytes = Array.from(new Uint8Array(v, 0, Math.min(v.byteLength, 50)), (b) => b.toString(16).padStart(2, '0'));
        return `ArrayBuffer { [Uint8Contents]: <${bytes.join(' ')}>, byteLength: ${v.byteLength} }`;
      }
      if (v instanceof Map) {
        const parts = [];
        for (const [k, val] of v) parts.push(`${fmt(k, ctx, depth + 1)} => ${fmt(val, ctx, depth + 1)}`);
        return wrap(`${name}(${v.size}) { `, parts, ' }', ctx.indent - 1);
      }
      if (v instanceof Set) {
        const parts = [];
        for (const k of v) parts.push(fmt(k, ctx, depth + 1));
        return wrap(`${name}(${v.size}) { `, parts, ' }', ctx.indent - 1);
      }
      if (typeof v[Symbol.iterator] === 'function' && typeof v.next === 'function') {
        return `Object [${v[Symbol.toStringTag] || 'Iterator'}] {}`;
      }
      const parts = propEntries(v, ctx, depth, false);
      let prefix = '';
      if (name === null) prefix = '[Object: null prototype] ';
      else if (name !== 'Object') prefix = `${name} `;
      const tag = v[Symbol.toStringTag];
      if (typeof tag === 'string' && tag !== name && !complex) prefix = `${prefix || 'Object '}[${tag}] `;
      if (v instanceof Number || v instanceof String || v instanceof Boolean) {
        return `[${name}: ${fmt(v.valueOf(), { ...ctx, top: false }, depth + 1)}]`;
      }
      return wrap(prefix + '{ ', parts, ' }', ctx.indent - 1);
    } finally {
      ctx.seen.pop();
      ctx.indent--;
    }
  }

  function inspect(v, opts) {
    const depth = opts && typeof opts === 'object' && opts.depth !== undefined ? (opts.depth === null ? Infinity : opts.depth) : 2;
    return fmt(v, { depth, seen: [], indent: 0, top: false }, 0);
  }
  inspect.custom = CUSTOM;

  function formatValue(v) {
    return fmt(v, { depth: 2, seen: [], indent: 0, top: true }, 0);
  }

  function format(...args) {
    if (typeof args[0] !== 'string') return args.map(formatValue).join(' ');
    const f = args.shift();
    let out = '';
    let i = 0;
    for (let p = 0; p < f.length; p++) {
      const c = f[p];
      if (c !== '%' || p + 1 >= f.length) { out += c; continue; }
      const n = f[p + 1];
      if (n === '%') { out += '%'; p++; continue; }
      if (!'sdifjoOc'.includes(n)) { out += c; continue; }
      p++;
      if (n === 'c') { i++; continue; }
      if (i >= args.length) { out += '%' + n; continue; }
      const a = args[i++];
      switch (n) {
        case 's': out += typeof a === 'string' ? a : typeof a === 'bigint' ? `${a}n` : typeof a === 'object' && a !== null ? inspect(a, { depth: 1 }) : String(a); break;
        case 'd': case 'i': {
          if (typeof a === 'bigint') { out += `${a}n`; break; }
          const num = Number(a);
          out += n === 'i' ? String(Math.trunc(num)) : String(num);
          break;
        }
        case 'f': out += String(parseFloat(a)); break;
        case 'j': try { out += JSON.stringify(a); } catch (e) { out += '[Circular]'; } break;
        case 'o': case 'O': out += inspect(a, { depth: n === 'o' ? 4 : 2 }); break;
      }
    }
    for (; i < args.length; i++) out += ' ' + formatValue(args[i]);
    return out;
  }

  internal.inspect = inspect;
  internal.format = format;
  internal.formatUncaught = (v) => (v instanceof Error ? formatError(v, { depth: 2, seen: [], indent: 0, top: false }, 0) : inspect(v));
})
