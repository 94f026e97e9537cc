// process: argv, env, exit, cwd, stdin, stdout/stderr.
(function (host, internal) {
  const EventEmitter = internal.EventEmitter;
  const started = performance.now();

  function writable(fd) {
    const s = new EventEmitter();
    s.fd = fd;
    s.isTTY = false;
    s.writable = true;
    s.columns = 80;
    s.write = (chunk, enc, cb) => {
      if (typeof enc === 'function') cb = enc;
      if (typeof chunk === 'string') host.write(fd, chunk);
      else if (ArrayBuffer.isView(chunk)) host.write(fd, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      else {
        const err = new TypeError('The "chunk" argument must be of type string or an instance of Buffer or Uint8Array.');
        err.code = 'ERR_INVALID_ARG_TYPE';
        throw err;
      }
      if (typeof cb === 'function') queueMicrotask(cb);
      return true;
    };
    s.end = (chunk, enc, cb) => { if (typeof chunk === 'function') cb = chunk; else if (chunk !== undefined && chunk !== null) s.write(chunk, enc); if (typeof cb === 'function') queueMicrotask(cb); s.emit('finish'); return s; };
    s.cork = s.uncork = () => {};
    s.getWindowSize = () => [80, 24];
    s.hasColors = () => false;
    return s;
  }

  // stdin: the run's `stdin` option, delivered as one chunk once someone
  // listens (or reads it synchronously through fs.readFileSync(0)).
  const stdin = new EventEmitter();
  stdin.fd = 0;
  stdin.isTTY = false;
  stdin.readable = true;
  let encoding = null;
  let flowing = false;
  let ended = false;
  function chunk(text) { return encoding ? text : internal.Buffer.from(text); }
  function startFlowing() {
    if (flowing || ended) return;
    flowing = true;
    setImmediate(() => {
      const text = host.readStdin();
      if (text.length) stdin.emit('data', chunk(text));
      ended = true;
      stdin.readable = false;
      stdin.emit('end');
      stdin.emit('close');
    });
  }
  stdin.on = function (name, fn) {
    EventEmitter.prototype.on.call(this, name, fn);
    if (name === 'data' || name === 'readable' || name === 'end') startFlowing();
    return this;
  };
  stdin.addListener = stdin.on;
  stdin.once = function (name, fn) {
    EventEmitter.prototype.once.call(this, name, fn);
    if (name === 'data' || name === 'readable' || name === 'end') startFlowing();
    return this;
  };
  stdin.setEncoding = (enc) => { encoding = enc || 'utf8'; return stdin; };
  stdin.resume = () => { startFlowing(); return stdin; };
  stdin.pause = () => stdin;
  stdin.read = () => { if (ended) return null; const t = host.readStdin(); ended = true; return t.length ? chunk(t) : null; };
  stdin.unref = stdin.ref = () => stdin;
  stdin[Symbol.asyncIterator] = async function* () {
    if (ended) return;
    ended = true;
    const t = host.readStdin();
    if (t.length) yield chunk(t);
  };
  internal.readAllStdin = () => { ended = true; return host.readStdin(); };

  const process = new EventEmitter();
  Object.assign(process, {
    title: 'node',
    version: 'v20.0.0',
    versions: { node: '20.0.0', quickjs: 'quickjs-ng' },
    platform: 'linux',
    arch: 'wasm32',
    pid: 1,
    ppid: 0,
    execPath: '/usr/local/bin/node',
    execArgv: [],
    exitCode: undefined,
    release: { name: 'node' },
    config: {},
    features: {},
    stdout: writable(1),
    stderr: writable(2),
    stdin,
    cwd: () => host.cwd(),
    chdir: (dir) => host.chdir(String(dir)),
    exit: (code) => {
      const n = code === undefined ? (process.exitCode === undefined ? 0 : process.exitCode) : code;
      process.emit('exit', Number(n) | 0);
      host.exit(Number(n) | 0);
    },
    abort: () => host.abort('process.abort()'),
    kill: (pid, signal = 'SIGTERM') => {
      if (Number(pid) === 1 || Number(pid) === 0) host.abort(`process.kill(${pid}, ${signal})`);
      const err = new Error('kill ESRCH');
      err.code = 'ESRCH';
      err.errno = -3;
      err.syscall = 'kill';
      throw err;
    },
    nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)),
    uptime: () => (performance.now() - started) / 1000,
    hrtime: Object.assign((prev) => {
      const t = performance.now();
      let s = Math.floor(t / 1000);
      let ns = Math.round((t % 1000) * 1e6);
      if (prev) { s -= prev[0]; ns -= prev[1]; if (ns < 0) { s--; ns += 1e9; } }
      return [s, ns];
    }, { bigint: () => BigInt(Math.round(performance.now() * 1e6)) }),
    memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 }),
    cpuUsage: () => ({ user: Math.round((performance.now() - started) * 1000), system: 0 }),
    emitWarning: (w) => host.write(2, `(node:1) ${w instanceof Error ? `${w.name}: ${w.message}` : `Warning: ${w}`}\n`),
    umask: () => 0o22,
    getuid: () => 0,
    getgid: () => 0,
    binding: () => { throw new Error('No such module'); },
  });
  // argv and env are per run: read them when accessed.
  Object.defineProperty(process, 'argv', {
    get: () => ['/usr/local/bin/node', host.cwd().replace(/\/$/, '') + '/<snippet>', ...host.args()],
    enumerable: true, configurable: true,
  });
  Object.defineProperty(process, 'argv0', { value: 'node', enumerable: true });
  let env = null;
  let envRun = 0;
  // A session keeps its interpreter between runs; these belong to one run.
  internal.beginRun = () => {
    envRun++;
    process.exitCode = undefined;
    encoding = null;
    flowing = false;
    ended = false;
    stdin.readable = true;
    stdin.removeAllListeners();
  };
  Object.defineProperty(process, 'env', {
    get: () => { if (env === null || env.__run !== envRun) { env = host.env(); Object.defineProperty(env, '__run', { value: envRun }); } return env; },
    set: (v) => { env = v; },
    enumerable: true, configurable: true,
  });
  internal.exitCode = () => process.exitCode;
  globalThis.process = internal.process = process;
})
