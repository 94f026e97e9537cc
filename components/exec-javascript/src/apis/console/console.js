// console: log/info/debug to stdout, warn/error/trace to stderr.
(function (host, internal) {
  let groupIndent = '';
  const counts = new Map();
  const timers = new Map();
  function emit(fd, args) {
    let text = internal.format(...args);
    if (groupIndent) text = text.split('\n').map((l) => groupIndent + l).join('\n');
    host.write(fd, text + '\n');
  }
  const console = {
    log: (...a) => emit(1, a),
    info: (...a) => emit(1, a),
    debug: (...a) => emit(1, a),
    warn: (...a) => emit(2, a),
    error: (...a) => emit(2, a),
    trace: (...a) => {
      const e = new Error(internal.format(...a));
      emit(2, ['Trace: ' + e.message + '\n' + (e.stack || '').replace(/^.*\n/, '')]);
    },
    dir: (v, opts) => host.write(1, internal.inspect(v, opts) + '\n'),
    assert: (cond, ...a) => { if (!cond) emit(2, ['Assertion failed' + (a.length ? ': ' + internal.format(...a) : '')]); },
    count: (label = 'default') => { const n = (counts.get(label) || 0) + 1; counts.set(label, n); emit(1, [`${label}: ${n}`]); },
    countReset: (label = 'default') => counts.delete(label),
    time: (label = 'default') => timers.set(label, performance.now()),
    timeLog: (label = 'default', ...a) => emit(1, [`${label}: ${(performance.now() - (timers.get(label) || 0)).toFixed(3)}ms`, ...a]),
    timeEnd: (label = 'default') => { emit(1, [`${label}: ${(performance.now() - (timers.get(label) || 0)).toFixed(3)}ms`]); timers.delete(label); },
    group: (...a) => { if (a.length) emit(1, a); groupIndent += '  '; },
    groupCollapsed: (...a) => console.group(...a),
    groupEnd: () => { groupIndent = groupIndent.slice(2); },
    table: (data) => {
      if (data === null || typeof data !== 'object') return emit(1, [data]);
      const rows = Object.keys(data);
      const cols = [];
      for (const r of rows) {
        const v = data[r];
        if (v !== null && typeof v === 'object') for (const c of Object.keys(v)) if (!cols.includes(c)) cols.push(c);
      }
      const hasValues = rows.some((r) => data[r] === null || typeof data[r] !== 'object');
      const header = ['(index)', ...cols, ...(hasValues ? ['Values'] : [])];
      const cell = (v) => (v === undefined ? '' : internal.inspect(v));
      const table = rows.map((r) => {
        const v = data[r];
        const obj = v !== null && typeof v === 'object';
        return [r, ...cols.map((c) => (obj ? cell(v[c]) : '')), ...(hasValues ? [obj ? '' : cell(v)] : [])];
      });
      const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)) + 2);
      const line = (l, m, r) => l + widths.map((w) => '─'.repeat(w)).join(m) + r;
      const fmtRow = (row) => '│' + row.map((c, i) => {
        const space = widths[i] - c.length;
        const left = Math.floor(space / 2);
        return ' '.repeat(left) + c + ' '.repeat(space - left);
      }).join('│') + '│';
      host.write(1, [line('┌', '┬', '┐'), fmtRow(header), line('├', '┼', '┤'), ...table.map(fmtRow), line('└', '┴', '┘')].join('\n') + '\n');
    },
  };
  globalThis.console = console;
})
