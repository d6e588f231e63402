/**
 * Go value types whose YAML form Talos rewrites when it decodes and re-encodes a config: `time.Duration`
 * (parsed with time.ParseDuration, printed with Duration.String) and Talos `DiskSize` (parsed and printed with
 * go-humanize's SI byte sizes). Implemented from their documented behaviour.
 */

const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** time.ParseDuration: `[-+]` then one or more `<decimal><unit>`; a bare `0` is allowed. Nanoseconds, or undefined. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  const re = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_NS[m[2]!]!;
    s = s.slice(m[0].length);
  }
  return sign * Math.round(total);
}

/** `<int>[.<frac>]` of v / unit with trailing zeros of the fraction removed (Go's fmtFrac + fmtInt). */
function fractional(v: number, digits: number): string {
  const unit = 10 ** digits;
  const whole = Math.floor(v / unit);
  const frac = v % unit;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** Duration.String(): `1h30m0s`, `25s`, `1.5s`, `300ms`, `0s`. */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  const u = Math.abs(ns);
  let out: string;
  if (u < 1e9) {
    if (u < 1e3) out = `${u}ns`;
    else if (u < 1e6) out = `${fractional(u, 3)}µs`;
    else out = `${fractional(u, 6)}ms`;
  } else {
    const hours = Math.floor(u / 3600e9);
    const minutes = Math.floor((u % 3600e9) / 60e9);
    const secs = `${fractional(u % 60e9, 9)}s`;
    out = hours > 0 ? `${hours}h${minutes}m${secs}` : minutes > 0 ? `${minutes}m${secs}` : secs;
  }
  return neg ? `-${out}` : out;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1 };
for (const [i, p] of ['k', 'm', 'g', 't', 'p', 'e'].entries()) {
  const si = 1000 ** (i + 1);
  const iec = 1024 ** (i + 1);
  SIZE_UNITS[p] = si;
  SIZE_UNITS[`${p}b`] = si;
  SIZE_UNITS[`${p}i`] = iec;
  SIZE_UNITS[`${p}ib`] = iec;
}

/** go-humanize ParseBytes: a decimal number (commas allowed) and an optional SI/IEC unit, case-insensitive. */
export function parseHumanBytes(text: string): number | undefined {
  const m = /^[\d.,]*/.exec(text)!;
  const num = Number(m[0].replace(/,/g, ''));
  if (m[0] === '' || Number.isNaN(num)) return undefined;
  const unit = SIZE_UNITS[text.slice(m[0].length).trim().toLowerCase()];
  if (unit === undefined) return undefined;
  return Math.floor(num * unit);
}

const SI_NAMES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** go-humanize Bytes: SI units with one decimal below 10 (`1.5 GB`, `100 GB`, `5 B`). */
export function formatHumanBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  if (val < 10) return `${val.toFixed(1)} ${SI_NAMES[e]}`;
  // Go's %.0f rounds an exact half to even (10.5 → 10), toFixed would round it up.
  const t = Math.trunc(val);
  const whole = val - t === 0.5 ? (t % 2 === 0 ? t : t + 1) : Math.round(val);
  return `${whole} ${SI_NAMES[e]}`;
}

/** Talos DiskSize marshaling: the human form when it is exact and the size is a multiple of 1000, else bytes. */
export function diskSizeValue(bytes: number): string | number {
  if (bytes % 1000 === 0) {
    const text = formatHumanBytes(bytes);
    if (parseHumanBytes(text) === bytes) return text;
  }
  return bytes;
}

const GO_TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?(Z|[+-]\d\d:\d\d))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?))?$/;

/**
 * A YAML timestamp (one of go-yaml's four layouts) as a Go time.Time re-encodes it: RFC 3339 with nanoseconds,
 * trailing zeros of the fraction dropped, `Z` for UTC (no zone given, or a zero offset).
 */
export function formatGoTimestamp(text: string): string | undefined {
  const m = GO_TIMESTAMP.exec(text);
  if (!m) return undefined;
  const two = (s: string | undefined) => (s ?? '0').padStart(2, '0');
  const [hh, mi, ss, frac] = m[4] !== undefined ? [m[4], m[5], m[6], m[7]] : [m[9], m[10], m[11], m[12]];
  const fraction = (frac ?? '').slice(0, 9).replace(/0+$/, '');
  const zone = m[8] === undefined || /^[+-]00:00$/.test(m[8]) ? 'Z' : m[8];
  return `${m[1]}-${two(m[2])}-${two(m[3])}T${two(hh)}:${two(mi)}:${two(ss)}${fraction ? `.${fraction}` : ''}${zone}`;
}
