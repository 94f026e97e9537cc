// A small Intl: QuickJS has none, and generated scripts format numbers,
// money and dates with it. Locale data covers English separators plus the
// common European conventions; the time zone is UTC.
(function (host, internal) {
  const SYMBOLS = { USD: '$', EUR: '€', GBP: '£', JPY: '¥', INR: '₹', CNY: 'CN¥', CAD: 'CA$', AUD: 'A$', KRW: '₩', BRL: 'R$', MXN: 'MX$', CHF: 'CHF' };
  const NO_DECIMALS = new Set(['JPY', 'KRW']);
  const pick = (locales) => (Array.isArray(locales) ? locales[0] : locales) || 'en-US';

  function conventions(locale) {
    const l = String(locale).toLowerCase();
    if (/^(de|es|it|pt|nl|id|tr|da)\b/.test(l)) return { group: '.', decimal: ',', suffix: true };
    if (/^(fr|ru|pl|cs|sv|nb|fi|uk)\b/.test(l)) return { group: '\u202f', decimal: ',', suffix: true };
    if (/^en-in\b/.test(l)) return { group: ',', decimal: '.', suffix: false, indian: true };
    return { group: ',', decimal: '.', suffix: false };
  }

  class NumberFormat {
    constructor(locales, options = {}) {
      const style = options.style || 'decimal';
      const currency = options.currency === undefined ? undefined : String(options.currency).toUpperCase();
      if (style === 'currency' && !currency) throw new TypeError('Currency code is required with currency style.');
      const currencyDigits = NO_DECIMALS.has(currency) ? 0 : 2;
      const defMin = style === 'currency' ? currencyDigits : 0;
      const defMax = style === 'currency' ? currencyDigits : style === 'percent' ? 0 : 3;
      let min = options.minimumFractionDigits;
      let max = options.maximumFractionDigits;
      if (min === undefined) min = max === undefined ? defMin : Math.min(defMin, max);
      if (max === undefined) max = Math.max(defMax, min);
      if (!(min >= 0 && max <= 100 && min <= max)) throw new RangeError('maximumFractionDigits value is out of range.');
      this._locale = pick(locales);
      this._c = conventions(this._locale);
      this._o = {
        locale: this._locale, numberingSystem: 'latn', style, currency, currencyDisplay: options.currencyDisplay || 'symbol',
        minimumIntegerDigits: options.minimumIntegerDigits || 1, minimumFractionDigits: min, maximumFractionDigits: max,
        useGrouping: options.useGrouping === false ? false : 'auto', notation: 'standard', signDisplay: options.signDisplay || 'auto',
      };
    }
    format(value) {
      const o = this._o;
      const c = this._c;
      let n = typeof value === 'bigint' ? Number(value) : Number(value);
      if (Number.isNaN(n)) return 'NaN';
      if (o.style === 'percent') n *= 100;
      const negative = n < 0 || Object.is(n, -0);
      let body;
      if (!Number.isFinite(n)) body = '∞';
      else {
        // toFixed switches to exponent notation from 1e21 on.
        const abs = Math.abs(n);
        let [int, frac = ''] = abs >= 1e21 ? [BigInt(abs).toString(), ''] : abs.toFixed(o.maximumFractionDigits).split('.');
        frac = frac.replace(/0+$/, '');
        while (frac.length < o.minimumFractionDigits) frac += '0';
        int = int.padStart(o.minimumIntegerDigits, '0');
        if (o.useGrouping) {
          int = c.indian && int.length > 3
            ? int.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, c.group) + c.group + int.slice(-3)
            : int.replace(/\B(?=(\d{3})+(?!\d))/g, c.group);
        }
        body = frac ? int + c.decimal + frac : int;
      }
      const zero = !Number.isFinite(n) ? false : Number(Math.abs(n).toFixed(o.maximumFractionDigits)) === 0;
      let sign = '';
      if (o.signDisplay === 'never' || (o.signDisplay === 'exceptZero' && zero)) sign = '';
      else if (negative) sign = '-';
      else if (o.signDisplay === 'always' || o.signDisplay === 'exceptZero') sign = '+';
      if (o.style === 'percent') body += c.suffix ? '\u00a0%' : '%';
      if (o.style === 'currency') {
        const local = o.currency === 'JPY' && /^ja\b/i.test(this._locale) ? '￥' : SYMBOLS[o.currency];
        const symbol = o.currencyDisplay === 'code' ? o.currency + '\u00a0' : local || o.currency + '\u00a0';
        if (c.suffix) return `${sign}${body}\u00a0${symbol.trim()}`;
        return `${sign}${symbol}${body}`;
      }
      return sign + body;
    }
    formatToParts(value) { return [{ type: 'literal', value: this.format(value) }]; }
    resolvedOptions() { return { ...this._o }; }
    static supportedLocalesOf(locales) { return Array.isArray(locales) ? locales : [locales]; }
  }

  const pad = (n) => String(n).padStart(2, '0');
  class DateTimeFormat {
    constructor(locales, options = {}) { this._locale = pick(locales); this._o = options; }
    format(date = new Date()) {
      const d = date instanceof Date ? date : new Date(date);
      const o = this._o;
      const dateText = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
      const h = d.getUTCHours();
      const timeText = `${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
      const wantsTime = o.timeStyle || o.hour !== undefined || o.minute !== undefined;
      const wantsDate = o.dateStyle || o.year !== undefined || o.month !== undefined || o.day !== undefined || !wantsTime;
      return [wantsDate ? dateText : null, wantsTime ? timeText : null].filter(Boolean).join(', ');
    }
    formatToParts(date) { return [{ type: 'literal', value: this.format(date) }]; }
    resolvedOptions() { return { locale: this._locale, calendar: 'gregory', numberingSystem: 'latn', timeZone: 'UTC' }; }
    static supportedLocalesOf(locales) { return Array.isArray(locales) ? locales : [locales]; }
  }

  class Collator {
    constructor(locales, options = {}) { this._o = options; }
    compare = (a, b) => {
      let x = String(a);
      let y = String(b);
      if (this._o.sensitivity === 'base' || this._o.sensitivity === 'accent') { x = x.toLowerCase(); y = y.toLowerCase(); }
      if (this._o.numeric) {
        const re = /(\d+)|(\D+)/g;
        const xs = x.match(re) || [];
        const ys = y.match(re) || [];
        for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
          const c = /^\d/.test(xs[i]) && /^\d/.test(ys[i]) ? Number(xs[i]) - Number(ys[i]) : xs[i].localeCompare(ys[i]);
          if (c) return Math.sign(c);
        }
        return Math.sign(xs.length - ys.length);
      }
      return x.localeCompare(y);
    };
    resolvedOptions() { return { locale: 'en-US', usage: 'sort', sensitivity: this._o.sensitivity || 'variant' }; }
  }
  class PluralRules {
    constructor(locales, options = {}) { this._ordinal = options.type === 'ordinal'; }
    select(n) {
      if (!this._ordinal) return n === 1 ? 'one' : 'other';
      const t = n % 10;
      const h = n % 100;
      return t === 1 && h !== 11 ? 'one' : t === 2 && h !== 12 ? 'two' : t === 3 && h !== 13 ? 'few' : 'other';
    }
  }
  class ListFormat {
    constructor(locales, options = {}) { this._word = options.type === 'disjunction' ? 'or' : 'and'; }
    format(list) {
      const items = [...list].map(String);
      if (items.length < 3) return items.join(` ${this._word} `);
      return `${items.slice(0, -1).join(', ')}, ${this._word} ${items[items.length - 1]}`;
    }
  }

  globalThis.Intl = {
    NumberFormat, DateTimeFormat, Collator, PluralRules, ListFormat,
    getCanonicalLocales: (l) => (l === undefined ? [] : Array.isArray(l) ? l : [l]),
  };
  Number.prototype.toLocaleString = function (locales, options) { return new NumberFormat(locales, options).format(Number(this)); };
  BigInt.prototype.toLocaleString = function (locales, options) { return new NumberFormat(locales, options).format(this); };
  Date.prototype.toLocaleString = function (l, o) { return new DateTimeFormat(l, { dateStyle: 'short', timeStyle: 'medium', ...o }).format(this); };
  Date.prototype.toLocaleDateString = function (l, o) { return new DateTimeFormat(l, { dateStyle: 'short', ...o }).format(this); };
  Date.prototype.toLocaleTimeString = function (l, o) { return new DateTimeFormat(l, { timeStyle: 'medium', ...o }).format(this); };
})
