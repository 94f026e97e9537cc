// node:fs: sync, callback and promise forms over the session file store.
(function (host, internal) {
  const n = host.fs;
  const Buffer = internal.Buffer;
  const EventEmitter = internal.EventEmitter;

  function pathArg(p) {
    let path;
    if (typeof p === 'string') path = p;
    else if (p instanceof internal.url.URL) path = internal.url.fileURLToPath(p);
    else if (p instanceof Uint8Array) path = internal.decodeBytes(p, 'utf8');
    if (path !== undefined) {
      if (path.includes('\0')) throw internal.errors.invalidArgValue('path', path, 'must be a string, Uint8Array, or URL without null bytes');
      // Node encodes paths as UTF-8, a lone surrogate as U+FFFD.
      return path.toWellFormed();
    }
    const err = new TypeError(`The "path" argument must be of type string or an instance of Buffer or URL. Received ${internal.inspect(p)}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  const encodingOf = (o) => (typeof o === 'string' ? o : o && o.encoding) || null;
  const flagOf = (o, d) => (o && typeof o === 'object' && o.flag) || d;
  function toBytes(data, options) {
    if (typeof data === 'string') return Buffer.from(data, encodingOf(options) || 'utf8');
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    const err = new TypeError(`The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${internal.inspect(data)}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  function decoded(bytes, options) {
    const enc = encodingOf(options);
    const buf = Object.setPrototypeOf(bytes, Buffer.prototype);
    return enc ? buf.toString(enc) : buf;
  }
  function enoent(syscall, path) {
    const err = new Error(`ENOENT: no such file or directory, ${syscall} '${path}'`);
    Object.assign(err, { errno: -2, code: 'ENOENT', syscall, path });
    return err;
  }
  const isStdin = (p) => p === 0 || p === '/dev/stdin';

  class Stats {
    constructor(s) {
      Object.assign(this, {
        dev: 1, mode: s.isFile ? 0o100644 : 0o40755, nlink: 1, uid: 0, gid: 0, rdev: 0, blksize: 4096,
        ino: 0, size: s.size, blocks: Math.ceil(s.size / 512),
        atimeMs: s.mtimeMs, mtimeMs: s.mtimeMs, ctimeMs: s.mtimeMs, birthtimeMs: s.birthtimeMs,
        atime: new Date(s.mtimeMs), mtime: new Date(s.mtimeMs), ctime: new Date(s.mtimeMs), birthtime: new Date(s.birthtimeMs),
      });
      Object.defineProperty(this, '_file', { value: s.isFile });
    }
    isFile() { return this._file; }
    isDirectory() { return !this._file; }
    isSymbolicLink() { return false; }
    isFIFO() { return false; }
    isSocket() { return false; }
    isBlockDevice() { return false; }
    isCharacterDevice() { return false; }
  }
  class Dirent {
    constructor(name, isDir, parentPath) { this.name = name; this.parentPath = parentPath; this.path = parentPath; Object.defineProperty(this, '_dir', { value: isDir }); }
    isFile() { return !this._dir; }
    isDirectory() { return this._dir; }
    isSymbolicLink() { return false; }
    isFIFO() { return false; }
    isSocket() { return false; }
    isBlockDevice() { return false; }
    isCharacterDevice() { return false; }
  }

  // Node's stringToFlags: the flag strings it knows, or the O_* bits as a number.
  const FLAG_STRINGS = ['r', 'rs', 'sr', 'r+', 'rs+', 'sr+', 'w', 'wx', 'xw', 'w+', 'wx+', 'xw+',
    'a', 'ax', 'xa', 'as', 'sa', 'a+', 'ax+', 'xa+', 'as+', 'sa+'];
  function openFlags(flags) {
    if (flags === null || flags === undefined) return 'r';
    if (typeof flags === 'number' && Number.isInteger(flags)) {
      const excl = flags & 0o200 ? 'x' : '';
      if (flags & 0o2000) return `a${excl}${flags & 2 ? '+' : ''}`;
      if (flags & 0o1000 || flags & 0o100) return `w${excl}${flags & 2 ? '+' : ''}`;
      return flags & 3 ? 'r+' : 'r';
    }
    if (typeof flags !== 'string' || !FLAG_STRINGS.includes(flags)) throw internal.errors.invalidArgValue('flags', flags);
    return `${flags.match(/[rwa]/)[0]}${flags.includes('x') ? 'x' : ''}${flags.includes('+') ? '+' : ''}`;
  }
  // Open files: fd -> { path, pos, flags }. 0-2 are the standard streams.
  const fds = new Map();
  let nextFd = 3;
  const MAX_SAFE = Number.MAX_SAFE_INTEGER;
  // Node's validateInteger: a number, an integer, inside [min, max].
  const checkInteger = (value, name, min, max) => internal.errors.checkInteger(value, name, min, max);
  function checkBounded(value, name, max) {
    checkInteger(value, name, 0, MAX_SAFE);
    if (value > max) throw internal.errors.outOfRange(name, `<= ${max}`, value);
    return value;
  }
  // A read position: null, undefined or -1 mean "the current one".
  function readPosition(position) {
    if (position === null || position === undefined || position === -1) return null;
    if (typeof position === 'bigint') {
      if (position < -(2n ** 63n) || position >= 2n ** 63n) {
        throw internal.errors.outOfRange('position', '>= -9223372036854775808 && <= 9223372036854775807', position);
      }
      if (position < -1n) throw internal.errors.outOfRange('position', `>= -1 && <= ${MAX_SAFE}`, position);
      return position === -1n ? null : Number(position);
    }
    return checkInteger(position, 'position', -1, MAX_SAFE);
  }
  // Node writes at the current position for anything but a position >= 0.
  const writePosition = (position) => (Number.isSafeInteger(position) && position >= 0 ? position : null);
  function fdEntry(fd, syscall) {
    checkInteger(fd, 'fd', 0, 2 ** 31 - 1);
    const f = fds.get(fd);
    if (!f) { const err = new Error(`EBADF: bad file descriptor, ${syscall}`); Object.assign(err, { errno: -9, code: 'EBADF', syscall }); throw err; }
    return f;
  }

  const sync = {
    readFileSync(p, options) {
      if (isStdin(p)) return decoded(host.utf8Encode(internal.readAllStdin()), options);
      if (typeof p === 'number') { const f = fdEntry(p, 'read'); return decoded(n.readFile(f.path), options); }
      return decoded(n.readFile(pathArg(p)), options);
    },
    writeFileSync(p, data, options) {
      if (p === 1 || p === 2) { host.write(p, toBytes(data, options)); return; }
      if (typeof p === 'number') { const f = fdEntry(p, 'write'); n.writeFile(f.path, toBytes(data, options), 'w'); return; }
      n.writeFile(pathArg(p), toBytes(data, options), flagOf(options, 'w'));
    },
    appendFileSync(p, data, options) {
      if (typeof p === 'number') { const f = fdEntry(p, 'write'); n.writeFile(f.path, toBytes(data, options), 'a'); return; }
      n.writeFile(pathArg(p), toBytes(data, options), flagOf(options, 'a'));
    },
    existsSync(p) { try { return n.exists(pathArg(p)); } catch (e) { return false; } },
    accessSync(p) { if (!n.exists(pathArg(p))) throw enoent('access', p); },
    statSync(p, options) {
      try { return new Stats(n.stat(pathArg(p))); } catch (e) { if (options && options.throwIfNoEntry === false && e.code === 'ENOENT') return undefined; throw e; }
    },
    lstatSync(p, options) { return sync.statSync(p, options); },
    fstatSync(fd) { return new Stats(n.stat(fdEntry(fd, 'fstat').path)); },
    mkdirSync(p, options) {
      const recursive = !!(options && typeof options === 'object' && options.recursive);
      const path = pathArg(p);
      let first;
      if (recursive) {
        const abs = internal.path.resolve(path);
        let cur = '';
        for (const part of abs.split('/').filter(Boolean)) { cur += '/' + part; if (!n.exists(cur)) { first = cur; break; } }
      }
      n.mkdir(path, recursive);
      return recursive ? first : undefined;
    },
    mkdtempSync(prefix) {
      const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
      for (;;) {
        let name = prefix;
        for (let i = 0; i < 6; i++) name += chars[Math.floor(Math.random() * chars.length)];
        if (!n.exists(name)) { n.mkdir(name, false); return name; }
      }
    },
    readdirSync(p, options) {
      const path = pathArg(p);
      const withTypes = options && typeof options === 'object' && options.withFileTypes;
      const recursive = options && typeof options === 'object' && options.recursive;
      const out = [];
      const walk = (dir, prefix) => {
        for (const [name, isDir] of n.readdir(dir)) {
          const rel = prefix ? prefix + '/' + name : name;
          out.push(withTypes ? new Dirent(name, isDir, prefix ? path + '/' + prefix : path) : rel);
          if (recursive && isDir) walk(dir + '/' + name, rel);
        }
      };
      walk(path, '');
      return out;
    },
    unlinkSync(p) { n.unlink(pathArg(p)); },
    rmdirSync(p, options) { n.rmdir(pathArg(p), !!(options && options.recursive)); },
    rmSync(p, options) {
      const path = pathArg(p);
      const o = options || {};
      let s;
      try { s = n.stat(path); } catch (e) { if (o.force && e.code === 'ENOENT') return; throw e; }
      if (s.isFile) n.unlink(path);
      else if (o.recursive) n.rmdir(path, true);
      else {
        const err = new Error(`Path is a directory: rm returned EISDIR (is a directory) ${path}`);
        err.code = 'ERR_FS_EISDIR';
        throw err;
      }
    },
    renameSync(a, b) { n.rename(pathArg(a), pathArg(b)); },
    copyFileSync(a, b, mode) {
      if (mode & 1 && n.exists(pathArg(b))) { const err = new Error(`EEXIST: file already exists, copyfile '${a}' -> '${b}'`); Object.assign(err, { errno: -17, code: 'EEXIST', syscall: 'copyfile' }); throw err; }
      n.copyFile(pathArg(a), pathArg(b));
    },
    cpSync(a, b, options) {
      const src = pathArg(a); const dst = pathArg(b);
      if (n.stat(src).isFile) return n.copyFile(src, dst);
      if (!(options && options.recursive)) { const err = new Error(`Recursive option is required to copy a directory: ${src}`); err.code = 'ERR_FS_EISDIR'; throw err; }
      n.mkdir(dst, true);
      for (const [name] of n.readdir(src)) sync.cpSync(src + '/' + name, dst + '/' + name, options);
    },
    realpathSync(p) { return n.realpath(pathArg(p)); },
    truncateSync(p, len = 0) { n.truncate(pathArg(p), Math.max(0, checkInteger(len, 'len', -MAX_SAFE, MAX_SAFE))); },
    ftruncateSync(fd, len = 0) {
      const f = fdEntry(fd, 'ftruncate');
      n.truncate(f.path, Math.max(0, checkInteger(len, 'len', -MAX_SAFE, MAX_SAFE)));
    },
    chmodSync(p) { sync.accessSync(p); },
    chownSync(p) { sync.accessSync(p); },
    utimesSync(p) { sync.accessSync(p); },
    symlinkSync(target, p) {
      const err = new Error(`EPERM: operation not permitted, symlink '${target}' -> '${p}'`);
      Object.assign(err, { errno: -1, code: 'EPERM', syscall: 'symlink' });
      throw err;
    },
    linkSync(a, b) { sync.symlinkSync(a, b); },
    readlinkSync(p) { const err = new Error(`EINVAL: invalid argument, readlink '${p}'`); Object.assign(err, { errno: -22, code: 'EINVAL', syscall: 'readlink' }); throw err; },
    openSync(p, flags = 'r') {
      const path = pathArg(p);
      const f = openFlags(flags);
      if (f.startsWith('r')) { if (!n.exists(path)) throw enoent('open', path); n.stat(path); }
      else if (f.startsWith('w')) n.writeFile(path, new Uint8Array(0), f.includes('x') ? 'wx' : 'w');
      else if (f.startsWith('a')) n.writeFile(path, new Uint8Array(0), f.includes('x') ? 'ax' : 'a');
      const fd = nextFd++;
      fds.set(fd, { path, pos: f.startsWith('a') ? n.stat(path).size : 0, append: f.startsWith('a') });
      return fd;
    },
    closeSync(fd) { fdEntry(fd, 'close'); fds.delete(fd); },
    writeSync(fd, data, a, b, c) {
      let bytes; let position = null;
      if (typeof data === 'string') { bytes = Buffer.from(data, typeof b === 'string' ? b : 'utf8'); position = writePosition(a); }
      else {
        const view = toBytes(data);
        const off = a === undefined || a === null ? 0 : checkBounded(a, 'offset', view.byteLength);
        const len = b === undefined || b === null ? view.byteLength - off : checkBounded(b, 'length', view.byteLength - off);
        bytes = view.subarray(off, off + len);
        position = writePosition(c);
      }
      if (fd === 1 || fd === 2) { host.write(fd, bytes); return bytes.length; }
      const f = fdEntry(fd, 'write');
      const at = f.append ? n.stat(f.path).size : position === null ? f.pos : position;
      n.writeAt(f.path, at, bytes);
      if (position === null) f.pos = at + bytes.length;
      return bytes.length;
    },
    readSync(fd, buffer, offset = 0, length, position = null) {
      if (typeof offset === 'object' && offset !== null) ({ offset = 0, length, position = null } = offset);
      if (!ArrayBuffer.isView(buffer)) throw internal.errors.invalidArgType('buffer', 'an instance of Buffer, TypedArray, or DataView', buffer);
      const f = fdEntry(fd, 'read');
      const view = toBytes(buffer);
      offset = checkBounded(offset, 'offset', view.byteLength);
      length = length === undefined ? view.byteLength - offset : checkBounded(length, 'length', view.byteLength - offset);
      const at = readPosition(position);
      const chunk = n.readRange(f.path, at === null ? f.pos : at, length);
      view.set(chunk, offset);
      if (at === null) f.pos += chunk.length;
      return chunk.length;
    },
    fsyncSync() {},
    fdatasyncSync() {},
  };

  // Callback forms: the work is done now, the callback runs as a macrotask
  // with Node's (err, result) order.
  const fs = { ...sync };
  const later = (cb, ...args) => setImmediate(() => cb(...args));
  for (const name of Object.keys(sync)) {
    if (!name.endsWith('Sync') || name === 'existsSync') continue;
    const base = name.slice(0, -4);
    fs[base] = function (...args) {
      const cb = args.pop();
      if (typeof cb !== 'function') {
        const err = new TypeError(`The "cb" argument must be of type function. Received ${internal.inspect(cb)}`);
        err.code = 'ERR_INVALID_ARG_TYPE';
        throw err;
      }
      let result;
      try { result = sync[name](...args); } catch (e) { later(cb, e); return; }
      if (base === 'read' || base === 'write') later(cb, null, result, args[1]);
      else later(cb, null, result);
    };
  }
  fs.exists = (p, cb) => later(cb, sync.existsSync(p));

  const promises = {};
  for (const name of Object.keys(sync)) {
    if (!name.endsWith('Sync') || ['existsSync', 'openSync', 'closeSync', 'readSync', 'writeSync'].includes(name)) continue;
    const base = name.slice(0, -4);
    promises[base] = async (...args) => sync[name](...args);
  }
  promises.open = async (p, flags) => {
    const fd = sync.openSync(p, flags);
    return {
      fd,
      readFile: async (o) => sync.readFileSync(fd, o),
      writeFile: async (d, o) => sync.writeFileSync(fd, d, o),
      appendFile: async (d, o) => sync.appendFileSync(fd, d, o),
      write: async (d, ...rest) => ({ bytesWritten: sync.writeSync(fd, d, ...rest), buffer: d }),
      read: async (b, ...rest) => ({ bytesRead: sync.readSync(fd, b, ...rest), buffer: b }),
      stat: async () => sync.fstatSync(fd),
      truncate: async (len) => sync.ftruncateSync(fd, len),
      close: async () => sync.closeSync(fd),
      [Symbol.asyncDispose]: async () => { if (fds.has(fd)) sync.closeSync(fd); },
    };
  };
  promises.constants = undefined;
  fs.promises = promises;

  fs.createWriteStream = (p, options) => {
    const path = pathArg(p);
    const s = new EventEmitter();
    let opened = false;
    s.path = path;
    s.bytesWritten = 0;
    s.writable = true;
    s.write = (chunk, enc, cb) => {
      if (typeof enc === 'function') cb = enc;
      const flag = opened ? 'a' : flagOf(options, 'w');
      opened = true;
      const bytes = toBytes(chunk, typeof enc === 'string' ? enc : options);
      n.writeFile(path, bytes, flag);
      s.bytesWritten += bytes.length;
      if (typeof cb === 'function') queueMicrotask(cb);
      return true;
    };
    s.end = (chunk, enc, cb) => {
      if (typeof chunk === 'function') { cb = chunk; chunk = undefined; }
      if (chunk !== undefined && chunk !== null) s.write(chunk, enc);
      else if (!opened) { n.writeFile(path, new Uint8Array(0), flagOf(options, 'w')); opened = true; }
      s.writable = false;
      later(() => { s.emit('finish'); s.emit('close'); if (typeof cb === 'function') cb(); });
      return s;
    };
    s.close = (cb) => s.end(cb);
    later(() => s.emit('open', 3));
    return s;
  };
  fs.createReadStream = (p, options) => {
    const path = pathArg(p);
    const s = new EventEmitter();
    s.path = path;
    s.readable = true;
    let encoding = encodingOf(options);
    s.setEncoding = (e) => { encoding = e; return s; };
    s.pipe = (dest) => { s.on('data', (c) => dest.write(c)); s.on('end', () => { if (dest !== internal.process.stdout && dest !== internal.process.stderr) dest.end(); }); return dest; };
    s.resume = () => s;
    s.pause = () => s;
    s.destroy = () => { s.readable = false; return s; };
    s[Symbol.asyncIterator] = async function* () { const d = sync.readFileSync(path, encoding); if (d.length) yield d; };
    later(() => {
      let data;
      try { data = sync.readFileSync(path, encoding); } catch (e) { s.emit('error', e); return; }
      s.emit('open', 3);
      s.emit('ready');
      if (data.length) s.emit('data', data);
      s.readable = false;
      s.emit('end');
      s.emit('close');
    });
    return s;
  };

  fs.constants = { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024, COPYFILE_EXCL: 1 };
  Object.assign(fs, fs.constants);
  promises.constants = fs.constants;
  fs.Stats = Stats;
  fs.Dirent = Dirent;
  internal.fs = fs;
})
