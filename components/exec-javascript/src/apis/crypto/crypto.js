// node:crypto (random values, createHash, createHmac) and the `crypto` global
// (randomUUID, getRandomValues, subtle.digest).
(function (host, internal) {
  const Buffer = internal.Buffer;
  const toBytes = (data, enc) => (typeof data === 'string' ? Buffer.from(data, enc || 'utf8') : internal.toBytes(data));
  function output(bytes, enc) {
    const buf = Buffer.from(bytes);
    return enc ? buf.toString(enc) : buf;
  }

  class Hash {
    constructor(algorithm, key) { this._alg = algorithm; this._key = key; this._parts = []; this._done = false; }
    update(data, enc) {
      if (this._done) { const err = new Error('Digest already called'); err.code = 'ERR_CRYPTO_HASH_FINALIZED'; throw err; }
      this._parts.push(toBytes(data, enc));
      return this;
    }
    digest(enc) {
      this._done = true;
      const data = Buffer.concat(this._parts);
      return output(this._key ? host.hmac(this._alg, this._key, data) : host.digest(this._alg, data), enc);
    }
    copy() { const h = new Hash(this._alg, this._key); h._parts = [...this._parts]; return h; }
  }

  function getRandomValues(array) {
    if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array) {
      throw new DOMException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
    }
    if (array.byteLength > 65536) throw new DOMException('The requested length exceeds 65,536 bytes', 'QuotaExceededError');
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(host.randomBytes(array.byteLength));
    return array;
  }
  function randomUUID() {
    const b = host.randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = host.hexEncode(b);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  function randomBytes(size, cb) {
    internal.errors.checkNumber(size, 'size', 0, 2 ** 31 - 1);
    const buf = Object.setPrototypeOf(host.randomBytes(Math.floor(size)), Buffer.prototype);
    if (typeof cb === 'function') { setImmediate(() => cb(null, buf)); return undefined; }
    return buf;
  }
  function randomInt(min, max, cb) {
    if (max === undefined || typeof max === 'function') { cb = max; max = min; min = 0; }
    const range = max - min;
    if (!(range > 0)) { const err = new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`); err.code = 'ERR_OUT_OF_RANGE'; throw err; }
    const b = host.randomBytes(6);
    const n = b.reduce((acc, x) => acc * 256 + x, 0);
    const value = min + (n % range);
    if (typeof cb === 'function') { setImmediate(() => cb(null, value)); return undefined; }
    return value;
  }
  const subtle = {
    async digest(algorithm, data) {
      const name = typeof algorithm === 'string' ? algorithm : algorithm.name;
      return host.digest(name, internal.toBytes(data)).buffer;
    },
  };
  const webcrypto = { getRandomValues, randomUUID, subtle };
  internal.crypto = {
    createHash: (algorithm) => { host.digest(String(algorithm), new Uint8Array(0)); return new Hash(String(algorithm)); },
    createHmac: (algorithm, key) => new Hash(String(algorithm), toBytes(key)),
    getHashes: () => ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'],
    randomBytes,
    randomUUID,
    randomInt,
    getRandomValues,
    randomFillSync: (buf) => getRandomValues(buf),
    timingSafeEqual: (a, b) => { if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length'); let d = 0; for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i]; return d === 0; },
    webcrypto,
    subtle,
  };
  globalThis.crypto = webcrypto;
})
