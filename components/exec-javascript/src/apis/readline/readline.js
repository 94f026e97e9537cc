// node:readline and node:readline/promises over a readable stream (stdin).
// Lines are delivered one per macrotask, so a 'line' handler that calls
// close() or asks a question sees the same order as in Node.
(function (host, internal) {
  const EventEmitter = internal.EventEmitter;

  class Interface extends EventEmitter {
    constructor(input, output, options = {}) {
      super();
      if (input && typeof input === 'object' && !input.on && input.input) ({ input, output } = input, options = arguments[0]);
      this.input = input;
      this.output = output;
      this.terminal = false;
      this.line = '';
      this.closed = false;
      this._prompt = options.prompt === undefined ? '> ' : options.prompt;
      this._lines = null;
      this._questions = [];
      this._paused = false;
      this._iterQueue = [];
      this._iterWaiters = [];
      this._scheduled = false;
      this._schedule();
    }
    _load() {
      if (this._lines !== null) return;
      let text = '';
      if (this.input === internal.process.stdin) text = internal.readAllStdin();
      else if (this.input && typeof this.input.read === 'function') { const d = this.input.read(); text = d === null ? '' : String(d); }
      const lines = text.split(/\r?\n/);
      if (lines.length && lines[lines.length - 1] === '') lines.pop();
      this._lines = lines;
    }
    _schedule() {
      if (this._scheduled || this.closed) return;
      this._scheduled = true;
      setImmediate(() => { this._scheduled = false; this._deliver(); });
    }
    _deliver() {
      if (this.closed || this._paused) return;
      this._load();
      if (this._lines.length === 0) { this.close(); return; }
      const line = this._lines.shift();
      const q = this._questions.shift();
      if (q) q(line);
      else {
        this.emit('line', line);
        if (this._iterWaiters.length) this._iterWaiters.shift()({ value: line, done: false });
        else if (this._iterating) this._iterQueue.push(line);
      }
      this._schedule();
    }
    setPrompt(p) { this._prompt = p; }
    getPrompt() { return this._prompt; }
    prompt() { if (this.output) this.output.write(this._prompt); }
    write(data) { if (this.output && typeof data === 'string') this.output.write(data); }
    question(query, options, cb) {
      if (typeof options === 'function') cb = options;
      if (this.closed) { const err = new Error('readline was closed'); err.code = 'ERR_USE_AFTER_CLOSE'; throw err; }
      if (this.output) this.output.write(query);
      this._questions.push(cb);
      this._schedule();
    }
    pause() { this._paused = true; this.emit('pause'); return this; }
    resume() { this._paused = false; this.emit('resume'); this._schedule(); return this; }
    close() {
      if (this.closed) return;
      this.closed = true;
      this.emit('close');
      for (const w of this._iterWaiters.splice(0)) w({ value: undefined, done: true });
    }
    [Symbol.asyncIterator]() {
      this._iterating = true;
      this._schedule();
      return {
        next: () => {
          if (this._iterQueue.length) return Promise.resolve({ value: this._iterQueue.shift(), done: false });
          if (this.closed) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => this._iterWaiters.push(resolve));
        },
        return: () => { this.close(); return Promise.resolve({ value: undefined, done: true }); },
        [Symbol.asyncIterator]() { return this; },
      };
    }
  }

  class PromisesInterface extends Interface {
    question(query, options) {
      return new Promise((resolve) => super.question(query, options, resolve));
    }
  }

  internal.readline = {
    Interface,
    createInterface: (...args) => new Interface(...args),
    clearLine: (s, d, cb) => { if (cb) cb(); return true; },
    clearScreenDown: (s, cb) => { if (cb) cb(); return true; },
    cursorTo: (s, x, y, cb) => { if (typeof y === 'function') y(); else if (cb) cb(); return true; },
    moveCursor: (s, dx, dy, cb) => { if (cb) cb(); return true; },
    emitKeypressEvents: () => {},
  };
  internal.readlinePromises = {
    Interface: PromisesInterface,
    createInterface: (...args) => new PromisesInterface(...args),
  };
  internal.readline.promises = internal.readlinePromises;
})
