// URL and URLSearchParams (WHATWG shapes; parsing covers hierarchical
// special schemes, opaque schemes like mailto:, and relative references).
(function (host, internal) {
  const SPECIAL = { 'http:': '80', 'https:': '443', 'ftp:': '21', 'ws:': '80', 'wss:': '443', 'file:': '' };

  function invalid(input) {
    const err = new TypeError(`Invalid URL${input === undefined ? '' : ': ' + input}`);
    err.code = 'ERR_INVALID_URL';
    err.input = input;
    return err;
  }
  const encodePart = (s, keep) => s.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@\/%]/g, (c) => (keep && keep.includes(c) ? c : encodeURIComponent(c)));

  function normalizePath(path) {
    const out = [];
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i];
      if (p === '..') { out.pop(); if (i === parts.length - 1) out.push(''); } else if (p === '.') { if (i === parts.length - 1) out.push(''); } else out.push(p);
    }
    return '/' + out.join('/');
  }

  function parse(input, base) {
    input = String(input).trim();
    const m = /^([a-zA-Z][a-zA-Z0-9+.\-]*):(.*)$/s.exec(input);
    const r = { protocol: '', username: '', password: '', hostname: '', port: '', pathname: '', search: '', hash: '', opaque: false };
    let rest;
    if (m) {
      r.protocol = m[1].toLowerCase() + ':';
      rest = m[2];
      if (!(r.protocol in SPECIAL) && !rest.startsWith('/')) {
        r.opaque = true;
      } else if (r.protocol in SPECIAL && !rest.startsWith('/') && base && base.protocol === r.protocol) {
        return parse(rest, base);
      }
    } else {
      if (!base) throw invalid(input);
      r.protocol = base.protocol;
      if (input.startsWith('//')) rest = input;
      else {
        Object.assign(r, { username: base.username, password: base.password, hostname: base.hostname, port: base.port });
        let path = input;
        const hashAt = path.indexOf('#');
        if (hashAt >= 0) { r.hash = path.slice(hashAt); path = path.slice(0, hashAt); }
        const qAt = path.indexOf('?');
        if (qAt >= 0) { r.search = path.slice(qAt); path = path.slice(0, qAt); }
        if (path === '') { r.pathname = base.pathname; if (qAt < 0) r.search = base.search; }
        else if (path.startsWith('/')) r.pathname = normalizePath(path);
        else r.pathname = normalizePath(base.pathname.replace(/[^/]*$/, '') + path);
        r.pathname = encodePart(r.pathname);
        return finish(r, input);
      }
    }
    const hashAt = rest.indexOf('#');
    if (hashAt >= 0) { r.hash = rest.slice(hashAt); rest = rest.slice(0, hashAt); }
    const qAt = rest.indexOf('?');
    if (qAt >= 0) { r.search = rest.slice(qAt); rest = rest.slice(0, qAt); }
    if (r.opaque) { r.pathname = rest; return finish(r, input); }
    if (rest.startsWith('//')) {
      rest = rest.slice(2);
      const slash = rest.indexOf('/');
      const authority = slash >= 0 ? rest.slice(0, slash) : rest;
      rest = slash >= 0 ? rest.slice(slash) : '';
      const at = authority.lastIndexOf('@');
      let hostport = authority;
      if (at >= 0) {
        const cred = authority.slice(0, at);
        hostport = authority.slice(at + 1);
        const colon = cred.indexOf(':');
        r.username = colon >= 0 ? cred.slice(0, colon) : cred;
        r.password = colon >= 0 ? cred.slice(colon + 1) : '';
      }
      const pm = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostport);
      if (!pm) throw invalid(input);
      r.hostname = pm[1].toLowerCase();
      r.port = pm[2] || '';
      if (r.port !== '' && Number(r.port) > 65535) throw invalid(input);
      if (SPECIAL[r.protocol] === r.port) r.port = '';
      if (!r.hostname && r.protocol !== 'file:' && r.protocol in SPECIAL) throw invalid(input);
      if (/[\s<>^|%]/.test(r.hostname)) throw invalid(input);
    }
    r.pathname = encodePart(normalizePath(rest || '/'));
    if (!(r.protocol in SPECIAL) && !rest) r.pathname = '';
    return finish(r, input);
  }
  function finish(r, input) {
    if (r.search === '?') r.search = '';
    if (r.hash === '#') r.hash = '';
    r.search = r.search.replace(/[ "<>`#]/g, (c) => encodeURIComponent(c));
    r.hash = r.hash.replace(/[ "<>`]/g, (c) => encodeURIComponent(c));
    return r;
  }

  class URLSearchParams {
    constructor(init = '') {
      this._list = [];
      this._url = null;
      if (typeof init === 'string') this._parse(init);
      else if (init instanceof URLSearchParams) this._list = init._list.map((p) => [...p]);
      else if (init && typeof init[Symbol.iterator] === 'function') for (const [k, v] of init) this._list.push([String(k), String(v)]);
      else if (init && typeof init === 'object') for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
    }
    _parse(s) {
      this._list = [];
      if (s.startsWith('?')) s = s.slice(1);
      for (const part of s.split('&')) {
        if (!part) continue;
        const eq = part.indexOf('=');
        const dec = (x) => { try { return decodeURIComponent(x.replace(/\+/g, ' ')); } catch (e) { return x; } };
        this._list.push(eq >= 0 ? [dec(part.slice(0, eq)), dec(part.slice(eq + 1))] : [dec(part), '']);
      }
    }
    _update() { if (this._url) { const s = this.toString(); this._url._r.search = s ? '?' + s : ''; } }
    get size() { return this._list.length; }
    append(k, v) { this._list.push([String(k), String(v)]); this._update(); }
    delete(k) { this._list = this._list.filter(([n]) => n !== k); this._update(); }
    get(k) { const e = this._list.find(([n]) => n === k); return e ? e[1] : null; }
    getAll(k) { return this._list.filter(([n]) => n === k).map(([, v]) => v); }
    has(k) { return this._list.some(([n]) => n === k); }
    set(k, v) {
      const i = this._list.findIndex(([n]) => n === k);
      if (i < 0) this._list.push([String(k), String(v)]);
      else { this._list[i][1] = String(v); this._list = this._list.filter(([n], j) => n !== k || j === i); }
      this._update();
    }
    sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._update(); }
    forEach(fn, thisArg) { for (const [k, v] of this._list) fn.call(thisArg, v, k, this); }
    keys() { return this._list.map(([k]) => k)[Symbol.iterator](); }
    values() { return this._list.map(([, v]) => v)[Symbol.iterator](); }
    entries() { return this._list.map((p) => [...p])[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() {
      const enc = (x) => encodeURIComponent(x).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
      return this._list.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
    }
    get [Symbol.toStringTag]() { return 'URLSearchParams'; }
  }

  class URL {
    constructor(input, base) {
      const b = base === undefined ? undefined : (base instanceof URL ? base._r : parse(base));
      this._r = parse(input, b);
      this._params = new URLSearchParams(this._r.search);
      this._params._url = this;
    }
    static canParse(input, base = undefined) {
      if (arguments.length === 0) throw internal.errors.missingArgs('url');
      try { new URL(input, base); return true; } catch (e) { return false; }
    }
    static parse(input, base) { try { return new URL(input, base); } catch (e) { return null; } }
    get protocol() { return this._r.protocol; }
    set protocol(v) { this._r.protocol = String(v).replace(/:?$/, ':'); }
    get username() { return this._r.username; }
    set username(v) { this._r.username = String(v); }
    get password() { return this._r.password; }
    set password(v) { this._r.password = String(v); }
    get hostname() { return this._r.hostname; }
    set hostname(v) { this._r.hostname = String(v); }
    get port() { return this._r.port; }
    set port(v) { this._r.port = SPECIAL[this._r.protocol] === String(v) ? '' : String(v); }
    get host() { return this._r.hostname + (this._r.port ? ':' + this._r.port : ''); }
    set host(v) { const [h, p] = String(v).split(':'); this._r.hostname = h; this._r.port = p || ''; }
    get origin() { return this._r.protocol in SPECIAL && this._r.protocol !== 'file:' ? `${this._r.protocol}//${this.host}` : 'null'; }
    get pathname() { return this._r.pathname; }
    set pathname(v) { v = String(v); this._r.pathname = encodePart(v.startsWith('/') ? v : '/' + v); }
    get search() { return this._r.search; }
    set search(v) { v = String(v); this._r.search = v && v !== '?' ? (v.startsWith('?') ? v : '?' + v) : ''; this._params._parse(this._r.search); }
    get searchParams() { return this._params; }
    get hash() { return this._r.hash; }
    set hash(v) { v = String(v); this._r.hash = v && v !== '#' ? (v.startsWith('#') ? v : '#' + v) : ''; }
    get href() {
      const r = this._r;
      if (r.opaque) return `${r.protocol}${r.pathname}${r.search}${r.hash}`;
      const cred = r.username || r.password ? `${r.username}${r.password ? ':' + r.password : ''}@` : '';
      const auth = r.hostname || r.protocol in SPECIAL ? `//${cred}${this.host}` : '';
      return `${r.protocol}${auth}${r.pathname}${r.search}${r.hash}`;
    }
    set href(v) { this._r = parse(v); this._params._parse(this._r.search); }
    toString() { return this.href; }
    toJSON() { return this.href; }
    get [Symbol.toStringTag]() { return 'URL'; }
  }
  globalThis.URL = URL;
  globalThis.URLSearchParams = URLSearchParams;
  internal.url = {
    URL,
    URLSearchParams,
    fileURLToPath: (u) => decodeURIComponent((typeof u === 'string' ? new URL(u) : u).pathname),
    pathToFileURL: (p) => new URL('file://' + encodePart(internal.path.resolve(p))),
  };
})
