// Blob and File: immutable bytes in memory, built from strings (UTF-8),
// ArrayBuffers, views and other blobs, with Node's validation. There is no
// `stream()`: the environment has no ReadableStream.
(function (host, internal) {
  const { errors } = internal;
  const CUSTOM = Symbol.for('nodejs.util.inspect.custom');
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const enqueue = queueMicrotask;
  const disallowedType = /[^\u0020-\u007E]/;
  const blobs = new WeakMap();
  const files = new WeakMap();

  function state(blob) {
    const s = blobs.get(blob);
    if (!s) throw errors.invalidThis('Blob');
    return s;
  }
  const normalType = (type) => (disallowedType.test(type) ? '' : type.toLowerCase());
  const isArrayBuffer = (v) => v instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer);

  // A part's bytes, as a view: the constructor copies them all into one buffer.
  function partBytes(part, endings) {
    const blob = blobs.get(part);
    if (blob) return blob.bytes;
    if (isArrayBuffer(part)) return new Uint8Array(part);
    if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
    let text = `${part}`;
    if (endings === 'native') text = text.replace(/\n|\r\n/g, '\n');
    return encoder.encode(text);
  }
  function fromBytes(bytes, type) {
    const blob = Object.create(Blob.prototype);
    blobs.set(blob, { bytes, type });
    return blob;
  }
  function nested(options) {
    return { ...options, depth: options.depth == null ? null : options.depth - 1 };
  }

  class Blob {
    constructor(sources = [], options = undefined) {
      if (sources === null || typeof sources[Symbol.iterator] !== 'function' || typeof sources === 'string') {
        throw errors.invalidArgType('sources', 'a sequence', sources);
      }
      if (options != null && typeof options !== 'object' && typeof options !== 'function') {
        throw errors.invalidArgType('options', 'a dictionary', options);
      }
      let { type = '', endings = 'transparent' } = options ?? {};
      endings = `${endings}`;
      if (endings !== 'transparent' && endings !== 'native') throw errors.invalidArgValue('options.endings', endings);
      let length = 0;
      const parts = Array.from(sources, (part) => {
        const bytes = partBytes(part, endings);
        length += bytes.byteLength;
        return bytes;
      });
      const bytes = new Uint8Array(length);
      let at = 0;
      for (const part of parts) {
        bytes.set(part, at);
        at += part.byteLength;
      }
      blobs.set(this, { bytes, type: normalType(`${type}`) });
    }
    [CUSTOM](depth, options) {
      // Past the depth limit: how Node shows its (never empty) object.
      if (depth < 0) return `[${this.constructor.name}]`;
      return `Blob ${internal.inspect({ size: this.size, type: this.type }, nested(options))}`;
    }
    get type() { return state(this).type; }
    get size() { return state(this).bytes.byteLength; }
    slice(start = 0, end = undefined, contentType = '') {
      const { bytes } = state(this);
      const length = bytes.byteLength;
      if (end === undefined) end = length;
      start = start < 0 ? Math.max(length + start, 0) : Math.min(start, length);
      end = end < 0 ? Math.max(length + end, 0) : Math.min(end, length);
      const span = Math.max(end - start, 0) || 0;
      start = Math.trunc(start) || 0;
      return fromBytes(bytes.subarray(start, start + span), normalType(`${contentType}`));
    }
    arrayBuffer() {
      const s = blobs.get(this);
      if (!s) return Promise.reject(errors.invalidThis('Blob'));
      return new Promise((resolve) => enqueue(() => resolve(s.bytes.slice().buffer)));
    }
    async text() {
      state(this);
      return decoder.decode(await this.arrayBuffer());
    }
    bytes() {
      state(this);
      return this.arrayBuffer().then((buffer) => new Uint8Array(buffer));
    }
  }
  for (const name of ['type', 'size', 'slice', 'arrayBuffer', 'text', 'bytes']) {
    Object.defineProperty(Blob.prototype, name, { enumerable: true });
  }
  Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: 'Blob', writable: false, enumerable: false, configurable: true });

  class File extends Blob {
    constructor(fileBits, fileName, options = {}) {
      if (arguments.length < 2) throw errors.missingArgs('fileBits', 'fileName');
      super(fileBits, options);
      let { lastModified } = options ?? {};
      if (lastModified !== undefined) {
        lastModified = +lastModified;
        if (Number.isNaN(lastModified)) lastModified = 0;
      } else lastModified = Date.now();
      files.set(this, { name: `${fileName}`.toWellFormed(), lastModified });
    }
    get name() { return fileState(this).name; }
    get lastModified() { return fileState(this).lastModified; }
    [CUSTOM](depth, options) {
      if (depth < 0) return `[${this.constructor.name}]`;
      const f = fileState(this);
      return `File ${internal.inspect({ size: this.size, type: this.type, name: f.name, lastModified: f.lastModified }, nested(options))}`;
    }
  }
  function fileState(file) {
    const f = files.get(file);
    if (!f) throw new TypeError('Cannot read private member from an object whose class did not declare it');
    return f;
  }
  for (const name of ['name', 'lastModified']) Object.defineProperty(File.prototype, name, { enumerable: true });
  Object.defineProperty(File.prototype, Symbol.toStringTag, { value: 'File', configurable: true });

  for (const [name, value] of [['Blob', Blob], ['File', File]]) {
    Object.defineProperty(globalThis, name, { value, writable: true, enumerable: false, configurable: true });
  }
  internal.blob = { Blob, File };
})
