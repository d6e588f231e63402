/**
 * A go-yaml v3 `yaml.Marshal` emulation, byte for byte (block style, unlimited width, unicode output).
 *
 * The encoder walks the value and drives a small emitter that keeps the same state go-yaml's emitter keeps
 * while writing (column, "last write was whitespace", "still in indentation", current indent), so indentation,
 * separators and scalar styles come out exactly as Talos prints them.
 *
 * Value model (see ARCHITECTURE.md): plain object = ordered mapping (insertion order, `undefined` values
 * skipped), `Map` = Go map (keys sorted in go-yaml order), arrays, strings, numbers, bigints, booleans,
 * `null`/`undefined` = null.
 */
import { compareGoKeys } from './natural-sort.js';

/**
 * Which go-yaml release to emulate. They differ only in edge cases:
 *  - `v3`     gopkg.in/yaml.v3 v3.0.1 (Talos <= v1.11 through its fork, talhelper): a multi-line string is always
 *             a literal block; the literal header is not followed by its own line break (a leading "\n" of the
 *             text ends the header line, so it is lost); indentation indicator for a leading space or line break;
 *             "0b-1" / "0o+7" style strings count as ints and are quoted.
 *  - `v4-rc4` go.yaml.in/yaml/v4 v4.0.0-rc.4 (Talos v1.13): whitespace-only or 1-byte multi-line strings are
 *             double-quoted instead of literal; the literal header always ends with a line break; the indentation
 *             indicator is only written for a leading space.
 *  - `v4`     go.yaml.in/yaml/v4 from v4.0.0-rc.5 (rc.6 in Talos v1.14 and v1.15; the Image Factory): as rc.4,
 *             but YAML 1.1 bool words, base-60 numbers and `<<` are single-quoted instead of double-quoted.
 *  - `v3-reencode` talhelper's output: Talos's encoder (go-yaml `v4` in talhelper's build) chooses each scalar's
 *             style, then yaml.v3 decodes that text into nodes and encodes them again. A node keeps its style, so
 *             quoting and literal-or-quoted follow `v4`, while layout (literal block headers) follows `v3`.
 */
export type GoYamlFlavor = 'v3' | 'v4-rc4' | 'v4' | 'v3-reencode';

/** The go-yaml release whose encoder picks scalar styles for a flavor. */
const styleFlavor = (f: GoYamlFlavor): Exclude<GoYamlFlavor, 'v3-reencode'> => (f === 'v3-reencode' ? 'v4' : f);
/** Whether yaml.v3's emitter writes the text (block scalar headers). */
const v3Layout = (f: GoYamlFlavor): boolean => f === 'v3' || f === 'v3-reencode';

export interface EncodeOptions {
  /** Indentation step; default 4 (Talos). talhelper output uses 2. */
  indent?: number;
  /** go-yaml release to emulate; default `v4-rc4` (talosctl v1.13). */
  flavor?: GoYamlFlavor;
}

/**
 * A scalar as a custom `MarshalYAML` returning a `*yaml.Node` produces it (e.g. Talos file modes `0o644`,
 * written plain with tag `!!int`). The tag is dropped when the plain text resolves to it; a `!!str` node whose
 * text would resolve to something else is quoted. Tags that would have to be printed are not supported.
 */
export class GoYamlScalar {
  constructor(
    readonly value: string,
    readonly tag: '!!str' | '!!int' | '!!float' | '!!bool' | '!!null' | '!!timestamp' = '!!str',
    readonly style: 'plain' | 'double' | 'single' | 'literal' = 'plain',
  ) {}
}

// ---------------------------------------------------------------------------------------------------------
// Scalar resolution: would the plain form of a string read back as something other than a string?

const RESOLVE_MAP = new Set([
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  '',
  '~',
  'null',
  'Null',
  'NULL',
  '.nan',
  '.NaN',
  '.NAN',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '<<',
]);

const OLD_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const DIGITS_BY_BASE: Record<number, RegExp> = {
  2: /^[01]+$/,
  8: /^[0-7]+$/,
  10: /^[0-9]+$/,
  16: /^[0-9a-fA-F]+$/,
};

function bigFromDigits(digits: string, base: number): bigint {
  const prefix = base === 2 ? '0b' : base === 8 ? '0o' : base === 16 ? '0x' : '';
  return BigInt(prefix + digits);
}

/** Go strconv.ParseInt / ParseUint (bitSize 64, underscores already removed) success check. */
function goParseInt(s: string, base: number, signed: boolean): boolean {
  let neg = false;
  let body = s;
  if (signed && (body.startsWith('+') || body.startsWith('-'))) {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  if (body === '') return false;
  let b = base;
  if (b === 0) {
    b = 10;
    if (body[0] === '0') {
      if (body.length >= 3 && (body[1] === 'x' || body[1] === 'X')) {
        b = 16;
        body = body.slice(2);
      } else if (body.length >= 3 && (body[1] === 'o' || body[1] === 'O')) {
        b = 8;
        body = body.slice(2);
      } else if (body.length >= 3 && (body[1] === 'b' || body[1] === 'B')) {
        b = 2;
        body = body.slice(2);
      } else {
        b = 8;
        body = body.slice(1);
        if (body === '') return true; // "0"
      }
    }
  }
  if (!DIGITS_BY_BASE[b]!.test(body)) return false;
  const v = bigFromDigits(body, b);
  if (!signed) return v <= UINT64_MAX;
  const sv = neg ? -v : v;
  return sv >= INT64_MIN && sv <= INT64_MAX;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go strconv.ParseFloat(s, 64) succeeds (decimal forms only; overflow to ±Inf is an error). */
function goParseDecimalFloat(s: string): boolean {
  if (!/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return false;
  return Number.isFinite(Number(s));
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const TS_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TS_T = /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[+-](\d\d):(\d\d))$/;
const TS_SPACE = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?$/;

/** go-yaml parseTimestamp: Go time.Parse with the four accepted layouts (incl. range checks). */
function isTimestamp(s: string): boolean {
  const m = TS_DATE.exec(s) ?? TS_T.exec(s) ?? TS_SPACE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > daysIn(month, year)) return false;
  if (m[4] !== undefined) {
    if (Number(m[4]) >= 24 || Number(m[5]) >= 60 || Number(m[6]) >= 60) return false;
  }
  if (m[7] !== undefined && (Number(m[7]) > 24 || Number(m[8]) > 60)) return false;
  return true;
}

const MAP_TAGS: [string[], string][] = [
  [['true', 'True', 'TRUE', 'false', 'False', 'FALSE'], '!!bool'],
  [['', '~', 'null', 'Null', 'NULL'], '!!null'],
  [['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'], '!!float'],
  [['<<'], '!!merge'],
];

/**
 * The tag go-yaml's resolver gives the plain scalar `s` (`!!str`, `!!null`, `!!bool`, `!!int`, `!!float`,
 * `!!timestamp`, `!!merge`).
 */
export function resolveGoYamlTag(s: string, flavor: GoYamlFlavor = 'v4-rc4'): string {
  if (RESOLVE_MAP.has(s)) return MAP_TAGS.find(([words]) => words.includes(s))![1];
  const c = s[0]!;
  if (c === '.') return goParseDecimalFloat(s) ? '!!float' : '!!str';
  const isSign = c === '+' || c === '-';
  const isDigitStart = c >= '0' && c <= '9';
  if (!isSign && !isDigitStart) return '!!str'; // hint 'M' (not in the map) or no hint
  if (isTimestamp(s)) return '!!timestamp';
  const plain = s.replaceAll('_', '');
  if (goParseInt(plain, 0, true) || goParseInt(plain, 0, false)) return '!!int';
  if (YAML_STYLE_FLOAT.test(plain) && goParseDecimalFloat(plain)) return '!!float';
  if (flavor === 'v3') {
    // v3 retries the text after a 0b/0o prefix with a sign-accepting ParseInt ("0b-1" is an int).
    if (plain.startsWith('0b')) {
      if (goParseInt(plain.slice(2), 2, true) || goParseInt(plain.slice(2), 2, false)) return '!!int';
    } else if (plain.startsWith('-0b')) {
      if (goParseInt('-' + plain.slice(3), 2, true)) return '!!int';
    }
    if (plain.startsWith('0o')) {
      if (goParseInt(plain.slice(2), 8, true) || goParseInt(plain.slice(2), 8, false)) return '!!int';
    } else if (plain.startsWith('-0o')) {
      if (goParseInt('-' + plain.slice(3), 8, true)) return '!!int';
    }
  }
  return '!!str';
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function isBase60Float(s: string): boolean {
  return s.includes(':') && BASE60_FLOAT.test(s);
}

/** encoder.stringv: may the string be written plain as far as tag resolution goes? */
function canUsePlain(s: string, flavor: GoYamlFlavor): boolean {
  return resolveGoYamlTag(s, flavor) === '!!str' && !isBase60Float(s) && !OLD_BOOLS.has(s);
}

/** Go unicode.IsSpace. */
function isGoSpace(cp: number): boolean {
  if (cp <= 0xff) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0xa0;
  return cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

/** v4 shouldUseLiteralStyle: a multi-line string of at least 2 bytes with a non-space character. */
function v4LiteralAllowed(s: string): boolean {
  if (Buffer.byteLength(s, 'utf8') < 2) return false;
  for (const ch of s) if (!isGoSpace(ch.codePointAt(0)!)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Scalar analysis (emitter side): which styles can represent the text.

enum Style {
  Plain,
  Single,
  Double,
  Literal,
}

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
  /** Characters (code points): go-yaml's emitter moves its column one per character it writes. */
  width: number;
  /** Length in UTF-8 bytes (go-yaml's simple-key limit counts bytes). */
  bytes: number;
}

function isBreakCp(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

function isPrintableCp(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

function isBlankCp(cp: number): boolean {
  return cp === 0x20 || cp === 0x09;
}

function isBlankzCp(cp: number): boolean {
  return isBlankCp(cp) || isBreakCp(cp) || cp === 0;
}

/** The indicators that make a plain scalar impossible when they start it. */
const LEADING_INDICATORS = new Set([...'#,[]{}&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));

const EMPTY_ANALYSIS: Analysis = { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false, width: 0, bytes: 0 };

/** The code point of `s` at UTF-16 index `i` (a surrogate pair read as one); a lone surrogate is Go's invalid UTF-8. */
function codePointAt(s: string, i: number): number {
  const cp = s.charCodeAt(i);
  if (cp < 0xd800 || cp > 0xdfff) return cp;
  const lo = s.charCodeAt(i + 1);
  if (cp <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) return 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
  throw new TypeError('goyaml: string contains a lone UTF-16 surrogate (invalid UTF-8 in Go)');
}

/** go-yaml's yaml_emitter_analyze_scalar, one pass over the UTF-16 text. */
function analyze(s: string): Analysis {
  const len = s.length;
  if (len === 0) return EMPTY_ANALYSIS;
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  let width = 0;
  let bytes = 0;

  for (let i = 0; i < len; ) {
    const cp = codePointAt(s, i);
    const next = cp > 0xffff ? i + 2 : i + 1;
    const first = i === 0;
    const last = next >= len;
    const followedByWhitespace = last || isBlankCp(s.charCodeAt(next));
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    width++;
    if (first) {
      if (LEADING_INDICATORS.has(cp)) blockIndicators = true;
      else if ((cp === 0x3f || cp === 0x3a || cp === 0x2d) && followedByWhitespace) blockIndicators = true; // ? : -
    } else {
      if (cp === 0x3a && followedByWhitespace) blockIndicators = true;
      else if (cp === 0x23 && precededByWhitespace) blockIndicators = true;
    }

    if (cp === 0x09) tabCharacters = true;
    else if (!isPrintableCp(cp)) specialCharacters = true;

    if (cp === 0x20) {
      if (first) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCp(cp)) {
      lineBreaks = true;
      if (first) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankzCp(cp);
    i = next;
  }

  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) blockAllowed = false;
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed, width, bytes };
}

// ---------------------------------------------------------------------------------------------------------
// Value → scalar text and requested style (go-yaml encoder side)

interface Scalar {
  text: string;
  /** The style the encoder asks for; the emitter may fall back to another (see `Emitter.scalar`). */
  style: Style;
  analysis: Analysis;
}

/** strconv.FormatFloat(x, 'g', -1, 64) as go-yaml prints a float (`1e+06`, `0.5`, `1.5e-07`), YAML's words for NaN and infinities. */
export function formatGoFloat(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // Shortest round-trip digits (same digit string as Go's shortest formatting).
  const [mant, expStr] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(expStr);
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    // Go %e: d.ddde±XX with at least two exponent digits.
    const frac = digits.length > 1 ? '.' + digits.slice(1) : '';
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : String(e)}`;
  }
  const dp = exp + 1; // position of the decimal point relative to the digit string
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return `${sign}${digits}${'0'.repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

/**
 * A Go float64 as talgen carries it for the encoder: a JS number, unless the number would print differently from
 * go-yaml's float text — a whole number in exponent form (`1e+06`, which a JS number prints as 1000000) and `-0`.
 */
export function goFloatScalar(x: number): number | GoYamlScalar {
  const text = formatGoFloat(x);
  if (text === '-0') return new GoYamlScalar(text, '!!int'); // `-0` reads back as an integer; a JS -0 prints 0
  return formatNumber(x) === text ? x : new GoYamlScalar(text, '!!float');
}

function formatNumber(x: number): string {
  if (Number.isSafeInteger(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 2 ** 63) return BigInt(x).toString(); // every digit, as Go prints an int64
  return formatGoFloat(x);
}

function stringStyle(s: string, emitted: GoYamlFlavor): Style {
  const flavor = styleFlavor(emitted);
  if (s.includes('\n')) return flavor === 'v3' || v4LiteralAllowed(s) ? Style.Literal : Style.Double;
  if (flavor === 'v4' && (OLD_BOOLS.has(s) || isBase60Float(s) || s === '<<')) return Style.Single;
  return canUsePlain(s, flavor) ? Style.Plain : Style.Double;
}

/** String scalars per flavor, made once: the same keys and values (certificates too) recur in every document of a run. */
const stringScalars = new Map<GoYamlFlavor, Map<string, Scalar>>();
/** Distinct strings remembered per flavor before the memory starts over. */
const STRING_SCALARS_MAX = 1 << 16;

function stringScalar(s: string, flavor: GoYamlFlavor): Scalar {
  let seen = stringScalars.get(flavor);
  if (!seen) stringScalars.set(flavor, (seen = new Map()));
  let sc = seen.get(s);
  if (!sc) {
    sc = { text: s, style: stringStyle(s, flavor), analysis: analyze(s) };
    if (seen.size >= STRING_SCALARS_MAX) seen.clear();
    seen.set(s, sc);
  }
  return sc;
}

/** encoder.node for a scalar node: tag elision and style. */
function nodeScalar(n: GoYamlScalar, emitted: GoYamlFlavor): Scalar {
  const flavor = styleFlavor(emitted);
  const text = n.value;
  let forceQuoting = false;
  if (!(n.tag === '!!str' && n.style !== 'plain')) {
    const rtag = resolveGoYamlTag(text, flavor);
    if (rtag !== n.tag) {
      if (n.tag !== '!!str') {
        throw new TypeError(`goyaml: ${JSON.stringify(text)} does not resolve to ${n.tag}; explicit tags are not supported`);
      }
      forceQuoting = true;
    }
  }
  let style = Style.Plain;
  if (n.style === 'double') style = Style.Double;
  else if (n.style === 'single') style = Style.Single;
  else if (n.style === 'literal' || text.includes('\n')) style = Style.Literal;
  else if (forceQuoting) style = Style.Double;
  return { text, style, analysis: analyze(text) };
}

const plainScalar = (text: string): Scalar => ({ text, style: Style.Plain, analysis: analyze(text) });

function scalarOf(v: unknown, flavor: GoYamlFlavor): Scalar | undefined {
  if (v === null || v === undefined) return plainScalar('null');
  if (v instanceof GoYamlScalar) return nodeScalar(v, flavor);
  switch (typeof v) {
    case 'string':
      return stringScalar(v, flavor);
    case 'number':
      return plainScalar(formatNumber(v));
    case 'bigint':
      return plainScalar(v.toString());
    case 'boolean':
      return plainScalar(v ? 'true' : 'false');
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The emitter

/** Text that goes between double quotes as it is: printable ASCII other than `"` and `\`. */
const DOUBLE_QUOTED_AS_IS = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** The number of characters (code points) of a text without lone surrogates. */
function widthOf(s: string): number {
  let w = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) w--;
  }
  return w;
}

class Emitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;

  constructor(
    private readonly best: number,
    private readonly flavor: GoYamlFlavor,
  ) {}

  result(): string {
    return this.out;
  }

  /** Text without line breaks, `width` characters long. */
  private put(s: string, width: number): void {
    this.out += s;
    this.column += width;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }

  private writeBreak(cp: number): void {
    if (cp === 0x0a) {
      this.putBreak();
      return;
    }
    this.out += String.fromCodePoint(cp);
    this.column = 0;
    this.indention = true;
  }

  private writeIndent(indent: number): void {
    const ind = indent < 0 ? 0 : indent;
    if (!this.indention || this.column > ind || (this.column === ind && !this.whitespace)) this.putBreak();
    if (this.column < ind) {
      this.out += ' '.repeat(ind - this.column);
      this.column = ind;
    }
    this.whitespace = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ', 1);
    this.put(indicator, indicator.length);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** Indent for a nested node (emitter increase_indent). `inSeqItem`: the parent state is a block sequence item. */
  private increaseIndent(parent: number, flow: boolean, inSeqItem: boolean): number {
    if (parent < 0) return flow ? this.best : 0;
    if (inSeqItem) return parent + 2;
    return this.best * Math.floor((parent + this.best) / this.best);
  }

  document(value: unknown): void {
    this.node(value, -1, false, false, new Set());
    this.writeIndent(0); // document end
  }

  private node(value: unknown, parentIndent: number, inSeqItem: boolean, simpleKey: boolean, path: Set<object>): void {
    const scalar = scalarOf(value, this.flavor);
    if (scalar) {
      this.scalar(scalar, parentIndent, inSeqItem, simpleKey);
      return;
    }
    if (typeof value !== 'object') throw new TypeError(`goyaml: cannot encode a value of type ${typeof value}`);
    const obj = value as object;
    if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) {
      throw new TypeError('goyaml: byte arrays must be converted (e.g. to base64 strings) before encoding');
    }
    if (obj instanceof Date || obj instanceof RegExp || obj instanceof Set || obj instanceof WeakMap || obj instanceof Promise) {
      throw new TypeError(`goyaml: cannot encode a ${obj.constructor.name}`);
    }
    if (path.has(obj)) throw new TypeError('goyaml: cannot encode a circular structure');
    path.add(obj);
    try {
      if (Array.isArray(obj)) {
        if (obj.length === 0) this.emptyFlow('[', ']');
        else this.blockSequence(obj, parentIndent, inSeqItem, path);
        return;
      }
      let entries: [unknown, unknown][];
      if (obj instanceof Map) {
        entries = [...obj.entries()].sort((a, b) => compareGoKeys(a[0], b[0]));
      } else {
        entries = Object.entries(obj).filter(([, v]) => v !== undefined);
      }
      if (entries.length === 0) this.emptyFlow('{', '}');
      else this.blockMapping(entries, parentIndent, inSeqItem, path);
    } finally {
      path.delete(obj);
    }
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private blockSequence(items: unknown[], parentIndent: number, inSeqItem: boolean, path: Set<object>): void {
    const indent = this.increaseIndent(parentIndent, false, inSeqItem);
    for (const item of items) {
      this.writeIndent(indent);
      this.writeIndicator('-', true, false, true);
      this.node(item, indent, true, false, path);
    }
  }

  private blockMapping(entries: [unknown, unknown][], parentIndent: number, inSeqItem: boolean, path: Set<object>): void {
    const indent = this.increaseIndent(parentIndent, false, inSeqItem);
    for (const [key, value] of entries) {
      const keyScalar = scalarOf(key, this.flavor);
      if (!keyScalar) throw new TypeError('goyaml: only scalar mapping keys are supported');
      this.writeIndent(indent);
      if (!keyScalar.analysis.multiline && keyScalar.analysis.bytes <= 128) {
        this.scalar(keyScalar, indent, false, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.scalar(keyScalar, indent, false, false);
        this.writeIndent(indent);
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, indent, false, false, path);
    }
  }

  private scalar(sc: Scalar, parentIndent: number, inSeqItem: boolean, simpleKey: boolean): void {
    const a = sc.analysis;
    let style = sc.style;
    if (simpleKey && a.multiline) style = Style.Double;
    if (style === Style.Plain) {
      if (!a.blockPlainAllowed) style = Style.Single;
      if (a.width === 0 && simpleKey) style = Style.Single;
    }
    if (style === Style.Single && !a.singleQuotedAllowed) style = Style.Double;
    if (style === Style.Literal && (!a.blockAllowed || simpleKey)) style = Style.Double;

    const indent = this.increaseIndent(parentIndent, true, inSeqItem);
    switch (style) {
      case Style.Plain:
        this.writePlain(sc.text, a);
        break;
      case Style.Single:
        this.writeSingleQuoted(sc.text, a, indent);
        break;
      case Style.Double:
        this.writeDoubleQuoted(sc.text, a);
        break;
      case Style.Literal:
        this.writeLiteral(sc.text, a, indent);
        break;
    }
  }

  /** Plain style is only chosen for text without line breaks (blockPlainAllowed). */
  private writePlain(s: string, a: Analysis): void {
    if (a.width > 0) {
      if (!this.whitespace) this.put(' ', 1);
      this.put(s, a.width);
      this.whitespace = false;
    }
    this.indention = false;
  }

  private writeSingleQuoted(s: string, a: Analysis, indent: number): void {
    this.writeIndicator("'", true, false, false);
    if (!a.multiline) {
      const quoted = s.replaceAll("'", "''");
      this.put(quoted, a.width + quoted.length - s.length);
    } else {
      let breaks = false;
      for (const ch of s) {
        const cp = ch.codePointAt(0)!;
        if (cp === 0x20) {
          this.put(' ', 1);
        } else if (isBreakCp(cp)) {
          if (!breaks && cp === 0x0a) this.putBreak();
          this.writeBreak(cp);
          breaks = true;
        } else {
          if (breaks) this.writeIndent(indent);
          this.put(cp === 0x27 ? "''" : ch, cp === 0x27 ? 2 : 1);
          this.indention = false;
          breaks = false;
        }
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(s: string, a: Analysis): void {
    this.writeIndicator('"', true, false, false);
    // go-yaml checks for a BOM at the start of the whole value for every character: with a leading
    // U+FEFF every character is escaped.
    const bom = s.charCodeAt(0) === 0xfeff;
    if (!bom && DOUBLE_QUOTED_AS_IS.test(s)) {
      this.put(s, a.width);
    } else {
      let text = '';
      for (const ch of s) {
        const cp = ch.codePointAt(0)!;
        if (!isPrintableCp(cp) || bom || isBreakCp(cp) || cp === 0x22 || cp === 0x5c) {
          const esc = SHORT_ESCAPES.get(cp);
          if (esc !== undefined) text += `\\${esc}`;
          else {
            const [letter, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
            text += `\\${letter}${cp.toString(16).toUpperCase().padStart(width, '0')}`;
          }
        } else text += ch;
      }
      this.put(text, widthOf(text));
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(s: string, a: Analysis, indent: number): void {
    this.writeIndicator('|', true, false, false);
    // Block scalar hints: indentation indicator (the emitter's indent step) and chomping.
    const n = s.length;
    const first = s.charCodeAt(0);
    const hintOnBreak = v3Layout(this.flavor);
    if (n > 0 && (first === 0x20 || (hintOnBreak && isBreakCp(first)))) {
      this.writeIndicator(String(this.best), false, false, false);
    }
    // Line breaks are single UTF-16 units, so the last characters can be read as units.
    let chomp = '';
    if (n === 0 || !isBreakCp(s.charCodeAt(n - 1))) chomp = '-';
    else if (n === 1 || isBreakCp(s.charCodeAt(n - 2))) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    // v4 ends the header line itself (go-yaml issue #755); v3 relies on the text's first line break.
    if (!v3Layout(this.flavor)) this.putBreak();
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < n; ) {
      const cp = s.charCodeAt(i);
      if (isBreakCp(cp)) {
        this.writeBreak(cp);
        breaks = true;
        i++;
        continue;
      }
      let end = i + 1;
      while (end < n && !isBreakCp(s.charCodeAt(end))) end++;
      if (breaks) this.writeIndent(indent);
      const line = s.slice(i, end);
      this.put(line, a.width === n ? line.length : widthOf(line));
      this.indention = false;
      breaks = false;
      i = end;
    }
  }
}

const SHORT_ESCAPES = new Map<number, string>([
  [0x00, '0'],
  [0x07, 'a'],
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0b, 'v'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x1b, 'e'],
  [0x22, '"'],
  [0x5c, '\\'],
  [0x85, 'N'],
  [0xa0, '_'],
  [0x2028, 'L'],
  [0x2029, 'P'],
]);

function bestIndent(opts?: EncodeOptions): number {
  const indent = opts?.indent ?? 4;
  if (!Number.isInteger(indent) || indent < 0) throw new RangeError(`goyaml: invalid indent ${indent}`);
  if (indent === 0) return 4; // go-yaml: 0 means the default
  if (indent < 2 || indent > 9) return 2; // emitter clamps out-of-range indents to 2
  return indent;
}

/** One YAML document as go-yaml `yaml.Marshal` writes it, ending in "\n". */
export function encodeYaml(value: unknown, opts?: EncodeOptions): string {
  const flavor = opts?.flavor ?? 'v4-rc4';
  if (flavor !== 'v3' && flavor !== 'v4-rc4' && flavor !== 'v4' && flavor !== 'v3-reencode') throw new RangeError(`goyaml: unknown flavor ${String(flavor)}`);
  const e = new Emitter(bestIndent(opts), flavor);
  e.document(value);
  return e.result();
}

/** Documents joined like Talos: each encoded separately, separated by "---\n", no leading "---". */
export function encodeDocuments(values: unknown[], opts?: EncodeOptions): string {
  return values.map((v) => encodeYaml(v, opts)).join('---\n');
}
