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
      case 'ascii': case 'latin1': return Uint8Array.from(str, (c) => c.charCodeAt(0) & 0xff);
      case 'utf16le': {
        const out = new Uint8Array(str.length * 2);
        for (let i = 0; i < str.length; i++) { const c = str.charCodeAt(i); out[2 * i] = c & 0xff; out[2 * i + 1] = c >> 8; }
        return out;
      }
    }
  }
  function decode(bytes, enc) {
    switch (normEnc(enc)) {
      case 'utf8': return host.utf8Decode(bytes, false);
      case 'hex': return host.hexEncode(bytes);
      case 'base64': return host.base64Encode(bytes, false);
      case 'base64url': return host.base64Encode(bytes, true);
      case 'ascii': { let s = ''; for (const b of bytes) s += String.fromCharCode(b & 0x7f); return s; }
      case 'latin1': { let s = ''; for (const b of bytes) s += String.fromCharCode(b); return s; }
      case 'utf16le': { let s = ''; for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8)); return s; }
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
      if (fill !== undefined) b.fill(fill, 0, size, enc);
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
    write(str, offset = 0, length, enc) {
      if (typeof offset === 'string') { enc = offset; offset = 0; }
      const bytes = encode(str, enc);
      const n = Math.min(bytes.length, this.length - offset, length === undefined ? Infinity : length);
      this.set(bytes.subarray(0, n), offset);
      return n;
    }
    fill(value, start = 0, end = this.length, enc) {
      if (typeof start === 'string') { enc = start; start = 0; end = this.length; }
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
    copy(target, targetStart = 0, start = 0, end = this.length) {
      const src = this.subarray(start, Math.min(end, start + target.length - targetStart));
      target.set(src, targetStart);
      return src.length;
    }
    readUInt8(o = 0) { return this[o]; }
    readInt8(o = 0) { return (this[o] << 24) >> 24; }
    readUInt16LE(o = 0) { return new DataView(this.buffer, this.byteOffset).getUint16(o, true); }
    readUInt16BE(o = 0) { return new DataView(this.buffer, this.byteOffset).getUint16(o, false); }
    readUInt32LE(o = 0) { return new DataView(this.buffer, this.byteOffset).getUint32(o, true); }
    readUInt32BE(o = 0) { return new DataView(this.buffer, this.byteOffset).getUint32(o, false); }
    readInt32LE(o = 0) { return new DataView(this.buffer, this.byteOffset).getInt32(o, true); }
    readInt32BE(o = 0) { return new DataView(this.buffer, this.byteOffset).getInt32(o, false); }
    readDoubleLE(o = 0) { return new DataView(this.buffer, this.byteOffset).getFloat64(o, true); }
    writeUInt8(v, o = 0) { this[o] = v; return o + 1; }
    writeUInt16LE(v, o = 0) { new DataView(this.buffer, this.byteOffset).setUint16(o, v, true); return o + 2; }
    writeUInt32LE(v, o = 0) { new DataView(this.buffer, this.byteOffset).setUint32(o, v, true); return o + 4; }
    writeUInt32BE(v, o = 0) { new DataView(this.buffer, this.byteOffset).setUint32(o, v, false); return o + 4; }
    writeInt32LE(v, o = 0) { new DataView(this.buffer, this.byteOffset).setInt32(o, v, true); return o + 4; }
    writeDoubleLE(v, o = 0) { new DataView(this.buffer, this.byteOffset).setFloat64(o, v, true); return o + 8; }
  }
  Buffer.prototype.readUint8 = Buffer.prototype.readUInt8;
  Buffer.prototype.writeUint8 = Buffer.prototype.writeUInt8;
  Buffer.poolSize = 8192;
  globalThis.Buffer = internal.Buffer = Buffer;
  internal.decodeBytes = decode;
})
