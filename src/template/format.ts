import { LIMITS, limitError } from '../core/limits.js';
import { isMap, isStruct, mapGet, mapKeys, MISSING, typeName, NilPointer } from './values.js';

/** Go's `strconv.FormatFloat(f, 'g', -1, 64)`, which `%v` and `print` use: shortest digits, exponent outside [-4, 6). */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, e] = f.toExponential().split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}

/** `%e` with a precision: exponent with a sign and at least two digits. */
function formatExp(f: number, prec: number): string {
  const [mant, e] = f.toExponential(prec).split('e') as [string, string];
  const exp = Number(e);
  return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Go's `strconv.Quote`: double quotes, Go escapes, `\x`/`\u`/`\U` for non-printable characters. */
export function goQuote(s: string): string {
  const named: Record<string, string> = {
    '\x07': '\\a',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\v': '\\v',
    '"': '\\"',
    '\\': '\\\\',
  };
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (named[ch]) out += named[ch];
    else if (cp === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else if (isPrintable(cp)) out += ch;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Go's `unicode.IsPrint` for the ranges that occur in configs: controls, DEL, C1 controls and separators are not. */
function isPrintable(cp: number): boolean {
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || cp === 0xad) return false;
  return !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(String.fromCodePoint(cp)) && !(cp !== 0x20 && /\p{Zs}/u.test(String.fromCodePoint(cp)));
}

/** A value as Go's `%v` prints it (the template's own output uses this, with `<no value>` for missing keys). */
export function formatValue(v: unknown): string {
  if (v === MISSING) return '<no value>';
  if (v instanceof NilPointer) return '<nil>';
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return formatFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x)).join(' ')}]`;
  if (isStruct(v)) {
    const printed = v.print?.();
    if (printed === undefined) throw new FormatError(`talgen cannot print a whole ${v.goType} value (Go prints its pointers as memory addresses)`);
    return printed;
  }
  if (isMap(v))
    return `map[${mapKeys(v)
      .map((k) => `${k}:${formatValue(mapGet(v, k))}`)
      .join(' ')}]`;
  return String(v);
}

/** A value that Go's fmt cannot print in a way talgen can reproduce (or past one of talgen's limits). */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A width or precision past its limit (the templateSize limit; the templatePrecision limit of JavaScript's digits). */
function checkSpec(spec: Spec): void {
  const over = (spec.width ?? 0) > LIMITS.templateSize.max ? 'templateSize' : (spec.prec ?? 0) > LIMITS.templatePrecision.max ? 'templatePrecision' : undefined;
  if (!over) return;
  const e = limitError(over);
  throw new FormatError(e.message, e.hint);
}

/** `fmt.Sprint`: operands joined, with a space between two operands when neither is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

/** `fmt.Sprintln`: operands always separated by spaces, newline appended. */
export function sprintln(args: unknown[]): string {
  return `${args.map((a) => formatValue(a)).join(' ')}\n`;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  space: boolean;
  zero: boolean;
  sharp: boolean;
  width?: number;
  prec?: number;
}

const SPEC = /%([-+# 0]*)(\d+)?(?:\.(\d*))?(.)?/y;

/** `fmt.Sprintf` for the verbs configs use: %v %s %d %q %x %X %f %F %e %t %c %o %b %%, flags `-+ 0#`, width, precision. */
export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    SPEC.lastIndex = pct;
    const m = SPEC.exec(format)!;
    i = SPEC.lastIndex;
    const flags = m[1] ?? '';
    const verb = m[4];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    const spec: Spec = {
      minus: flags.includes('-'),
      plus: flags.includes('+'),
      space: flags.includes(' '),
      zero: flags.includes('0') && !flags.includes('-'),
      sharp: flags.includes('#'),
      width: m[2] === undefined ? undefined : Number(m[2]),
      prec: m[3] === undefined ? undefined : Number(m[3] || '0'),
    };
    checkSpec(spec);
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argi++], verb, spec);
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => `${typeName(a)}=${formatValue(a)}`)
      .join(', ')})`;
  }
  return out;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  const w = spec.width ?? 0;
  const len = [...s].length;
  if (len >= w) return s;
  if (spec.minus) return s + ' '.repeat(w - len);
  if (spec.zero && numeric) {
    const sign = /^[-+ ]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(w - len) + s.slice(sign.length);
  }
  return ' '.repeat(w - len) + s;
}

function signed(s: string, negative: boolean, spec: Spec): string {
  if (negative) return `-${s}`;
  if (spec.plus) return `+${s}`;
  if (spec.space) return ` ${s}`;
  return s;
}

function badVerb(v: unknown, verb: string): string {
  return `%!${verb}(${typeName(v)}=${formatValue(v)})`;
}

function hexOf(s: string, upper: boolean): string {
  const h = Buffer.from(s, 'utf8').toString('hex');
  return upper ? h.toUpperCase() : h;
}

function formatInt(n: bigint, verb: string, spec: Spec): string | undefined {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const digits: Record<string, () => string> = {
    d: () => abs.toString(10),
    v: () => abs.toString(10),
    x: () => (spec.sharp ? '0x' : '') + abs.toString(16),
    X: () => (spec.sharp ? '0X' : '') + abs.toString(16).toUpperCase(),
    o: () => (spec.sharp ? '0' : '') + abs.toString(8),
    b: () => abs.toString(2),
  };
  if (verb === 'c') return pad(String.fromCodePoint(Number(n)), spec, false);
  if (verb === 'q') return pad(`'${String.fromCodePoint(Number(n))}'`, spec, false);
  const d = digits[verb];
  if (!d) return undefined;
  let s = d();
  if (spec.prec !== undefined) s = s.padStart(spec.prec, '0');
  return pad(signed(s, neg, spec), spec, spec.prec === undefined);
}

function formatFloatVerb(f: number, verb: string, spec: Spec): string | undefined {
  const neg = f < 0 || Object.is(f, -0);
  const abs = Math.abs(f);
  let s: string;
  if (verb === 'v' || verb === 'g' || verb === 'G') s = spec.prec === undefined ? formatFloat(abs) : formatFloatPrec(abs, spec.prec);
  else if (verb === 'f' || verb === 'F') s = Number.isFinite(abs) ? abs.toFixed(spec.prec ?? 6) : formatFloat(abs);
  else if (verb === 'e' || verb === 'E') s = Number.isFinite(abs) ? formatExp(abs, spec.prec ?? 6) : formatFloat(abs);
  else return undefined;
  if (verb === 'E' || verb === 'G') s = s.toUpperCase();
  return pad(signed(s, neg, spec), spec, Number.isFinite(abs));
}

/** `%.Ng`: N significant digits, exponent form when the exponent is < -4 or >= N, trailing zeros removed. */
function formatFloatPrec(f: number, prec: number): string {
  const p = prec === 0 ? 1 : prec;
  if (f === 0) return '0';
  const exp = Math.floor(Math.log10(f));
  if (exp < -4 || exp >= p) return formatExp(f, p - 1).replace(/\.?0+e/, 'e');
  return f
    .toPrecision(p)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** One operand: slices and maps format element by element with the same verb, width and flags (as Go's fmt). */
function formatArg(v: unknown, verb: string, spec: Spec): string {
  const arg = v === MISSING ? null : v;
  if (verb === 'T') return pad(typeName(arg), spec, false);
  if (Array.isArray(arg)) return `[${arg.map((x) => formatArg(x, verb, spec)).join(' ')}]`;
  if (isMap(arg))
    return `map[${mapKeys(arg)
      .map((k) => `${formatArg(k, verb, spec)}:${formatArg(mapGet(arg, k), verb, spec)}`)
      .join(' ')}]`;
  if (typeof arg === 'string') {
    if (verb === 's' || verb === 'v') return pad(spec.prec === undefined ? arg : [...arg].slice(0, spec.prec).join(''), spec, false);
    if (verb === 'q') return pad(goQuote(arg), spec, false);
    if (verb === 'x' || verb === 'X') return pad(hexOf(arg, verb === 'X'), spec, false);
    return badVerb(arg, verb);
  }
  if (typeof arg === 'bigint') return formatInt(arg, verb, spec) ?? badVerb(arg, verb);
  if (typeof arg === 'number') return formatFloatVerb(arg, verb, spec) ?? badVerb(arg, verb);
  if (typeof arg === 'boolean') return verb === 't' || verb === 'v' ? pad(String(arg), spec, false) : badVerb(arg, verb);
  if (arg === null) return verb === 'v' ? pad('<nil>', spec, false) : `%!${verb}(<nil>)`;
  return pad(formatValue(arg), spec, false);
}
