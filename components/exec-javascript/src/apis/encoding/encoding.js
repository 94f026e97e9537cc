// TextEncoder / TextDecoder (UTF-8), over native conversions.
(function (host, internal) {
  function toBytes(input) {
    if (input === undefined) return new Uint8Array(0);
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw new TypeError('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView');
  }
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(text = '') { return host.utf8Encode(String(text)); }
    encodeInto(text, dest) {
      const bytes = host.utf8Encode(String(text));
      const n = Math.min(bytes.length, dest.length);
      dest.set(bytes.subarray(0, n));
      return { read: text.length, written: n };
    }
  }
  class TextDecoder {
    constructor(label = 'utf-8', options = {}) {
      const l = String(label).toLowerCase();
      if (l !== 'utf-8' && l !== 'utf8' && l !== 'unicode-1-1-utf-8') {
        throw internal.errors.coded(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${label}" encoding is not supported`);
      }
      this.fatal = !!options.fatal;
      this.ignoreBOM = !!options.ignoreBOM;
    }
    get encoding() { return 'utf-8'; }
    decode(input) {
      const bytes = toBytes(input);
      let s;
      try {
        s = host.utf8Decode(bytes, this.fatal);
      } catch (e) {
        if (this.fatal && e instanceof TypeError) {
          throw internal.errors.coded(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA', e.message);
        }
        throw e;
      }
      if (!this.ignoreBOM && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      return s;
    }
  }
  globalThis.TextEncoder = TextEncoder;
  globalThis.TextDecoder = TextDecoder;
  internal.toBytes = toBytes;
})
