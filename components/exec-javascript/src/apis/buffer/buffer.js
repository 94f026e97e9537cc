// Buffer: a Uint8Array subclass with Node's encodings and helpers.
(function (host, internal) {
  const ENCODINGS = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'ascii', 'latin1', 'binary', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le'];
  function normEnc(enc) {
    const e = (enc || 'utf8').toLowerCase();
    if (!ENCODINGS.includes(e)) { const err = new TypeError(`Unknown encoding: ${enc}`); err.code = 'ERR_UNKNOWN_ENCODING'; throw err; }
    return e === 'utf-8' ? 'utf8' : e === 'binary' ? 'latin1' : e === 'ucs-2' || e === 'ucs2' || e === 'utf-16le' ? 'utf16le' : e;
  }
  function encode(str, enc) {
    switch (normEnc(enc)) {
      case 'utf8': return host.utf8Encode(str);
      case 'hex': return host.hexDecode(str);
      case 'base64': case 'base64url': return host.base64Decode(str);
      case 'ascii': case 'latin1': return encodeChunked(str, 1, host.latin1EncodeInto);
      case 'utf16le': return encodeChunked(str, 2, host.utf16leEncodeInto);
    }
  }
  // The natives take a chunk per call, so the time limit is polled between.
  const CHUNK = 1 << 20;
  function encodeChunked(str, width, native) {
    const out = new Uint8Array(str.length * width);
    for (let i = 0; i < str.length; i += CHUNK) native(str.slice(i, i + CHUNK), out, i * width);
    return out;
  }
  function decodeChunked(bytes, native, ...rest) {
    if (bytes.length <= CHUNK) return native(bytes, ...rest);
    const parts = [];
    for (let i = 0; i < bytes.length; i += CHUNK) parts.push(native(bytes.subarray(i, i + CHUNK), ...rest));
    return parts.join('');
  }
  function decode(bytes, enc) {
    switch (normEnc(enc)) {
      case 'utf8': return host.utf8Decode(bytes, false);
      case 'hex': return host.hexEncode(bytes);
      case 'base64': return host.base64Encode(bytes, false);
      case 'base64url': return host.base64Encode(bytes, true);
      case 'ascii': return decodeChunked(bytes, host.latin1Decode, 0x7f);
      case 'latin1': return decodeChunked(bytes, host.latin1Decode, 0xff);
      // CHUNK is even, so no code unit is cut between two chunks.
      case 'utf16le': return decodeChunked(bytes, host.utf16leDecode);
    }
  }
  // Node's kMaxLength; QuickJS itself stops at 2 GiB with a RangeError.
  const checkSize = (size) => Math.floor(internal.errors.checkNumber(size, 'size', 0, 2 ** 32));
  function adopt(u8) { return Object.setPrototypeOf(u8, Buffer.prototype); }

  class Buffer extends Uint8Array {
    static from(value, encOrOffset, length) {
      if (typeof value === 'string') return adopt(encode(value, encOrOffset));
      if (value instanceof ArrayBuffer) return adopt(new Uint8Array(value, encOrOffset || 0, length === undefined ? value.byteLength - (encOrOffset || 0) : length));
      if (ArrayBuffer.isView(value)) return adopt(new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)));
      if (Array.isArray(value)) return adopt(Uint8Array.from(value));
      if (value && value.type === 'Buffer' && Array.isArray(value.data)) return adopt(Uint8Array.from(value.data));
      if (value && typeof value.length === 'number') return adopt(Uint8Array.from(value));
      const err = new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    static alloc(size, fill, enc) {
      const b = adopt(new Uint8Array(checkSize(size)));
      if (fill !== undefined) b.fill(fill, 0, b.length, enc);
      return b;
    }
    static allocUnsafe(size) { return adopt(new Uint8Array(checkSize(size))); }
    static allocUnsafeSlow(size) { return adopt(new Uint8Array(checkSize(size))); }
    static isBuffer(v) { return v instanceof Buffer; }
    static isEncoding(e) { return typeof e === 'string' && ENCODINGS.includes(e.toLowerCase()); }
    static byteLength(v, enc) {
      if (typeof v !== 'string') return v.byteLength;
      return encode(v, enc).length;
    }
    static concat(list, total) {
      if (total === undefined) total = list.reduce((n, b) => n + b.length, 0);
      const out = Buffer.alloc(total);
      let off = 0;
      for (const b of list) { if (off >= total) break; const n = Math.min(b.length, total - off); out.set(b.subarray(0, n), off); off += n; }
      return out;
    }
    static compare(a, b) { return a.compare(b); }
    toString(enc, start = 0, end = this.length) { return decode(this.subarray(start, end), enc); }
    toJSON() { return { type: 'Buffer', data: Array.from(this) }; }
    equals(other) { return this.compare(other) === 0; }
    compare(other) {
      const n = Math.min(this.length, other.length);
      for (let i = 0; i < n; i++) if (this[i] !== other[i]) return this[i] < other[i] ? -1 : 1;
      return this.length === other.length ? 0 : this.length < other.length ? -1 : 1;
    }
    slice(start, end) { return this.subarray(start, end); }
    subarray(start, end) { return adopt(new Uint8Array(this.buffer, this.byteOffset, this.length).subarray(start, end)); }
    write(str, offset, length, enc) {
      if (offset === undefined) { offset = 0; length = this.length; }
      else if (length === undefined && typeof offset === 'string') { enc = offset; offset = 0; length = this.length; }
      else {
        checkInteger(offset, 'offset', 0, this.length);
        const remaining = this.length - offset;
        if (length === undefined) length = remaining;
        else if (typeof length === 'string') { enc = length; length = remaining; }
        else { checkInteger(length, 'length', 0, this.length); if (length > remaining) length = remaining; }
      }
      const e = normEnc(enc);
      const bytes = encode(str, e);
      let n = Math.min(bytes.length, length);
      // As Node: never the first bytes of a character that does not fit.
      if (e === 'utf8' && n < bytes.length) while (n > 0 && (bytes[n] & 0xc0) === 0x80) n--;
      if (e === 'utf16le' && n % 2) n--;
      this.set(bytes.subarray(0, n), offset);
      return n;
    }
    fill(value, start, end, enc) {
      if (start === undefined) { start = 0; end = this.length; }
      else if (typeof start === 'string' && typeof value === 'string') { enc = start; start = 0; end = this.length; }
      else {
        checkInteger(start, 'offset', 0, 2 ** 32);
        if (end === undefined || typeof end === 'string') { if (typeof end === 'string') enc = end; end = this.length; }
        else checkInteger(end, 'end', 0, this.length);
        if (start >= end) return this;
      }
      if (typeof value === 'string') {
        const bytes = encode(value, enc);
        if (bytes.length === 0) return super.fill(0, start, end);
        for (let i = start, j = 0; i < end; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
        return this;
      }
      return super.fill(value, start, end);
    }
    indexOf(needle, from = 0, enc) {
      if (typeof needle === 'number') return super.indexOf(needle, from);
      const n = typeof needle === 'string' ? encode(needle, enc) : needle;
      outer: for (let i = from < 0 ? Math.max(0, this.length + from) : from; i <= this.length - n.length; i++) {
        for (let j = 0; j < n.length; j++) if (this[i + j] !== n[j]) continue outer;
        return i;
      }
      return -1;
    }
    includes(needle, from, enc) { return this.indexOf(needle, from, enc) !== -1; }
    copy(target, targetStart, sourceStart, sourceEnd) {
      const E = internal.errors;
      if (!(target instanceof Uint8Array)) throw E.invalidArgType('target', 'an instance of Buffer or Uint8Array', target);
      const toInteger = (n, d) => (Number.isNaN(+n) ? d : Math.floor(+n));
      targetStart = targetStart === undefined ? 0 : toInteger(targetStart, 0);
      if (targetStart < 0) throw E.outOfRange('targetStart', '>= 0', targetStart);
      sourceStart = sourceStart === undefined ? 0 : toInteger(sourceStart, 0);
      if (sourceStart < 0 || sourceStart > this.length) throw E.outOfRange('sourceStart', `>= 0 && <= ${this.length}`, sourceStart);
      sourceEnd = sourceEnd === undefined ? this.length : toInteger(sourceEnd, 0);
      if (sourceEnd < 0) throw E.outOfRange('sourceEnd', '>= 0', sourceEnd);
      if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
      const n = Math.min(sourceEnd, this.length, sourceStart + target.length - targetStart) - sourceStart;
      target.set(new Uint8Array(this.buffer, this.byteOffset + sourceStart, n), targetStart);
      return n;
    }
  }
  const checkInteger = (value, name, min, max) => internal.errors.checkInteger(value, name, min, max);
  // Node's bounds check for the fixed-width reads and writes.
  function checkOffset(buf, offset, size) {
    const E = internal.errors;
    if (typeof offset !== 'number') throw E.invalidArgType('offset', 'of type number', offset);
    if (Math.floor(offset) !== offset) throw E.outOfRange('offset', 'an integer', offset);
    const last = buf.length - size;
    if (last < 0) throw E.coded(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS', 'Attempt to access memory outside buffer bounds');
    if (offset < 0 || offset > last) throw E.outOfRange('offset', `>= 0 and <= ${last}`, offset);
  }
  function checkValue(value, min, max, size) {
    if (!(value > max || value < min)) return;
    const n = typeof min === 'bigint' ? 'n' : '';
    const bits = size * 8;
    let range = `>= ${min}${n} and <= ${max}${n}`;
    if (size > 4) {
      range = min === 0 || min === 0n ? `>= 0${n} and < 2${n} ** ${bits}${n}`
        : `>= -(2${n} ** ${bits - 1}${n}) and < 2${n} ** ${bits - 1}${n}`;
    }
    throw internal.errors.outOfRange('value', range, value);
  }
  const view = (b) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  // [Node's name, DataView's name, bytes, integer range or none]
  const FIXED = [
    ['UInt8', 'Uint8', 1, 0, 255], ['Int8', 'Int8', 1, -128, 127],
    ['UInt16', 'Uint16', 2, 0, 0xffff], ['Int16', 'Int16', 2, -0x8000, 0x7fff],
    ['UInt32', 'Uint32', 4, 0, 0xffffffff], ['Int32', 'Int32', 4, -0x80000000, 0x7fffffff],
    ['Float', 'Float32', 4], ['Double', 'Float64', 8],
    ['BigUInt64', 'BigUint64', 8, 0n, 2n ** 64n - 1n], ['BigInt64', 'BigInt64', 8, -(2n ** 63n), 2n ** 63n - 1n],
  ];
  for (const [name, dv, size, min, max] of FIXED) {
    const get = DataView.prototype[`get${dv}`];
    const set = DataView.prototype[`set${dv}`];
    const big = typeof min === 'bigint';
    for (const end of size === 1 ? [''] : ['LE', 'BE']) {
      const le = end === 'LE';
      const read = function (offset = 0) { checkOffset(this, offset, size); return get.call(view(this), offset, le); };
      const write = function (value, offset = 0) {
        if (!big) value = +value;
        if (min !== undefined) checkValue(value, min, max, size);
        checkOffset(this, offset, size);
        set.call(view(this), offset, big ? value : (value || 0), le);
        return offset + size;
      };
      for (const n of new Set([name, name.replace('UInt', 'Uint')])) {
        Buffer.prototype[`read${n}${end}`] = read;
        Buffer.prototype[`write${n}${end}`] = write;
      }
    }
  }
  // The variable-width integers, 1 to 6 bytes.
  function checkByteLength(byteLength) {
    const E = internal.errors;
    if (typeof byteLength !== 'number') throw E.invalidArgType('byteLength', 'of type number', byteLength);
    if (!Number.isInteger(byteLength) || byteLength < 1 || byteLength > 6) throw E.outOfRange('byteLength', '>= 1 and <= 6', byteLength);
  }
  for (const signed of [false, true]) {
    for (const le of [true, false]) {
      const name = `${signed ? 'Int' : 'UInt'}${le ? 'LE' : 'BE'}`;
      const read = function (offset, byteLength) {
        if (offset === undefined) throw internal.errors.invalidArgType('offset', 'of type number', offset);
        checkByteLength(byteLength);
        checkOffset(this, offset, byteLength);
        let v = 0;
        for (let i = 0; i < byteLength; i++) v += this[offset + (le ? i : byteLength - 1 - i)] * 2 ** (8 * i);
        return signed && v >= 2 ** (8 * byteLength - 1) ? v - 2 ** (8 * byteLength) : v;
      };
      const write = function (value, offset, byteLength) {
        if (offset === undefined) throw internal.errors.invalidArgType('offset', 'of type number', offset);
        checkByteLength(byteLength);
        value = +value;
        const bits = 8 * byteLength;
        const [min, max] = signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
        checkValue(value, min, max, byteLength);
        checkOffset(this, offset, byteLength);
        let v = Math.trunc(value || 0);
        if (v < 0) v += 2 ** bits;
        for (let i = 0; i < byteLength; i++) {
          this[offset + (le ? i : byteLength - 1 - i)] = v % 256;
          v = Math.floor(v / 256);
        }
        return offset + byteLength;
      };
      for (const n of new Set([name, name.replace('UInt', 'Uint')])) {
        Buffer.prototype[`read${n}`] = read;
        Buffer.prototype[`write${n}`] = write;
      }
    }
  }
  Buffer.poolSize = 8192;
  globalThis.Buffer = internal.Buffer = Buffer;
  internal.decodeBytes = decode;
})
