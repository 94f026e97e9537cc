// node:path (POSIX).
(function (host, internal) {
  function assertPath(p) {
    if (typeof p !== 'string') {
      const err = new TypeError(`The "path" argument must be of type string. Received ${internal.inspect(p)}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
  }
  function normalizeParts(parts, absolute) {
    const out = [];
    for (const p of parts) {
      if (p === '' || p === '.') continue;
      if (p === '..') { if (out.length && out[out.length - 1] !== '..') out.pop(); else if (!absolute) out.push('..'); } else out.push(p);
    }
    return out;
  }
  const path = {
    sep: '/',
    delimiter: ':',
    normalize(p) {
      assertPath(p);
      if (p === '') return '.';
      const abs = p.startsWith('/');
      const trailing = p.endsWith('/');
      let r = normalizeParts(p.split('/'), abs).join('/');
      if (!r && !abs) r = '.';
      if (r && trailing) r += '/';
      return (abs ? '/' : '') + r;
    },
    join(...parts) {
      parts.forEach(assertPath);
      const joined = parts.filter((p) => p !== '').join('/');
      return joined ? path.normalize(joined) : '.';
    },
    resolve(...parts) {
      let resolved = '';
      for (let i = parts.length - 1; i >= 0 && !resolved.startsWith('/'); i--) {
        assertPath(parts[i]);
        if (parts[i]) resolved = parts[i] + (resolved ? '/' + resolved : '');
      }
      if (!resolved.startsWith('/')) resolved = host.cwd() + (resolved ? '/' + resolved : '');
      return '/' + normalizeParts(resolved.split('/'), true).join('/');
    },
    isAbsolute(p) { assertPath(p); return p.startsWith('/'); },
    dirname(p) {
      assertPath(p);
      if (!p) return '.';
      const trimmed = p.replace(/\/+$/, '');
      if (!trimmed) return '/';
      const i = trimmed.lastIndexOf('/');
      if (i < 0) return '.';
      return i === 0 ? '/' : trimmed.slice(0, i).replace(/\/+$/, '') || '/';
    },
    basename(p, ext) {
      assertPath(p);
      const trimmed = p.replace(/\/+$/, '');
      let b = trimmed.slice(trimmed.lastIndexOf('/') + 1);
      if (ext && b.endsWith(ext) && b !== ext) b = b.slice(0, -ext.length);
      return b;
    },
    extname(p) {
      const b = path.basename(p);
      const i = b.lastIndexOf('.');
      return i <= 0 ? '' : b.slice(i);
    },
    relative(from, to) {
      const a = path.resolve(from).split('/').filter(Boolean);
      const b = path.resolve(to).split('/').filter(Boolean);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
    },
    parse(p) {
      const root = p.startsWith('/') ? '/' : '';
      const base = path.basename(p);
      const ext = path.extname(p);
      let dir = path.dirname(p);
      if (dir === '.' && !p.includes('/')) dir = '';
      return { root, dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
    },
    format(o) {
      const dir = o.dir || o.root || '';
      const base = o.base || (o.name || '') + (o.ext || '');
      return dir ? (dir === o.root ? dir + base : dir + '/' + base) : base;
    },
    toNamespacedPath: (p) => p,
  };
  path.posix = path;
  internal.path = path;
})
