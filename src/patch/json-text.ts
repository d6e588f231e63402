import { TalgenError } from '../core/errors.js';
import { LIMITS, limitError } from '../core/limits.js';
import { LineIndex } from '../load/sourcemap.js';
import { goFloatScalar, GoYamlScalar } from '../emit/goyaml.js';
import { isObj } from './plain.js';

/**
 * JSON as evanphx/json-patch holds it: every scalar is kept as its JSON text, so `1` and `1.0` (or `"<"` and
 * `"\u003c"`) are different values for the `test` operation; objects are Go maps; `null` is Go's nil.
 * Talos hands the library its config converted by ghodss/yaml (Go's json.Marshal: canonical text), while a patch
 * written as JSON keeps the text its author typed.
 */
export class JsonLiteral {
  constructor(readonly text: string) {}
}

export type JsonNode = JsonLiteral | JsonNode[] | JsonObject | null;
export type JsonObject = Map<string, JsonNode>;

/** Go's json.Marshal escapes for a string (HTML characters and line/paragraph separators included). */
const GO_STRING_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A UTF-16 surrogate without its partner: not a character, and invalid UTF-8 for Go. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A JSON string literal's value as Go's encoding/json decodes it: a lone surrogate escape becomes U+FFFD. */
function goJsonDecode(literal: string): string {
  return (JSON.parse(literal) as string).replace(LONE_SURROGATE, '\ufffd');
}

export function goJsonString(s: string): string {
  // Lone surrogates are invalid UTF-8 for Go, which writes U+FFFD instead.
  const text = s.replace(LONE_SURROGATE, '\ufffd');
  return `"${text.replace(/["\\<>&\u2028\u2029\u0000-\u001f]/g, (c) => GO_STRING_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** Go's json.Marshal for a float64 (the same shortest form as JavaScript, but negative zero keeps its sign). */
export function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) {
    throw new TalgenError(`json: unsupported value: ${Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf'}`, {
      hint: 'JSON has no infinity or NaN (.inf/.nan in YAML): quote the value if it is text, or write a number',
    });
  }
  return Object.is(n, -0) ? '-0' : String(n);
}

/** The value of an integer scalar as go-yaml v2 (ghodss/yaml) reads it: Go's base prefixes and old octal. */
function goYamlInt(text: string): string {
  const m = /^([-+]?)0([obx])?([0-9a-fA-F_]+)$/.exec(text);
  if (!m) return text.replace(/^\+/, '').replace(/_/g, '');
  const base = { o: 8, b: 2, x: 16 }[m[2] ?? 'o']!;
  const digits = m[3]!.replace(/_/g, '');
  const n = [...digits].reduce((acc, d) => acc * BigInt(base) + BigInt(parseInt(d, 16)), 0n);
  return `${m[1] === '-' ? '-' : ''}${n}`;
}

/** A Talos-encoded scalar with an explicit YAML form (e.g. a file mode `0o644`) as JSON text. */
function goYamlScalarJson(s: GoYamlScalar): JsonNode {
  switch (s.tag) {
    case '!!int':
      return new JsonLiteral(goYamlInt(s.value));
    case '!!float':
      return new JsonLiteral(goJsonNumber(Number(s.value)));
    case '!!bool':
      return new JsonLiteral(String(s.value === 'true'));
    case '!!null':
      return null;
    default:
      return new JsonLiteral(goJsonString(s.value));
  }
}

/** A decoded value (a config document or a YAML-written patch value) as Go's json.Marshal writes it. */
export function toJsonNode(v: unknown): JsonNode {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return new JsonLiteral(goJsonString(v));
  if (typeof v === 'number') return new JsonLiteral(goJsonNumber(v));
  if (typeof v === 'boolean') return new JsonLiteral(String(v));
  if (v instanceof GoYamlScalar) return goYamlScalarJson(v);
  if (Array.isArray(v)) return v.map(toJsonNode);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [String(k), toJsonNode(x)]));
  if (isObj(v)) return new Map(Object.entries(v).map(([k, x]) => [k, toJsonNode(x)]));
  throw new TalgenError(`json: unsupported type: ${Object.prototype.toString.call(v)}`);
}

/**
 * A JSON number as it comes out of ghodss/yaml's JSONToYAML and Talos's decode of that YAML: go-yaml v2 reads
 * an integer literal that fits 64 bits as an int, anything else (`1.0`, `1e3`, a larger integer) as a float64
 * printed `strconv.FormatFloat(f, 'g', -1, 64)`, and that text is what the typed field then reads: `1.0` is 1,
 * `1000000.0` is `1e+06` (a string field takes that text, an integer field the whole value). A literal no
 * float64 holds (`1e400`) stays text.
 */
function jsonNumber(text: string): unknown {
  if (/^-?\d+$/.test(text)) {
    const v = BigInt(text);
    if (v >= -(2n ** 63n) && v < 2n ** 64n)
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : new GoYamlScalar(v.toString(), '!!int');
  }
  const f = Number(text);
  if (!Number.isFinite(f)) return text;
  return goFloatScalar(f);
}

/** Back to plain values (what ghodss/yaml's JSONToYAML hands on): objects in their current key order. */
export function fromJsonNode(n: JsonNode): unknown {
  if (n === null) return null;
  if (n instanceof JsonLiteral)
    return /^[-\d]/.test(n.text) ? jsonNumber(n.text) : n.text.startsWith('"') ? goJsonDecode(n.text) : (JSON.parse(n.text) as unknown);
  if (Array.isArray(n)) return n.map(fromJsonNode);
  const o: Record<string, unknown> = {};
  for (const [k, x] of n) Object.defineProperty(o, k, { value: fromJsonNode(x), enumerable: true, writable: true, configurable: true });
  return o;
}

/** A private copy (the library decodes an operation's value afresh each time it inserts it). */
export function cloneJsonNode(n: JsonNode): JsonNode {
  if (n === null || n instanceof JsonLiteral) return n;
  if (Array.isArray(n)) return n.map(cloneJsonNode);
  return new Map([...n].map(([k, x]) => [k, cloneJsonNode(x)]));
}

/** The library's equality: same structure, member order ignored, scalars compared by their JSON text. */
export function jsonEqual(a: JsonNode, b: JsonNode): boolean {
  if (a === null || b === null) return a === b;
  if (a instanceof JsonLiteral || b instanceof JsonLiteral) return a instanceof JsonLiteral && b instanceof JsonLiteral && a.text === b.text;
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i] ?? null));
  if (a.size !== b.size) return false;
  for (const [k, x] of a) {
    if (!b.has(k) || !jsonEqual(x, b.get(k) ?? null)) return false;
  }
  return true;
}

/**
 * JSON text (already known to be valid, e.g. by JSON.parse) with every scalar kept as written, minus the
 * whitespace around it (the library compares compacted text). Nesting past the jsonDepth limit is refused at the
 * bracket that goes over it (`file` names the text in that error).
 */
const SCALAR = /[^\s,\]}]+/y;

export function parseJsonText(text: string, file: string): JsonNode {
  let i = 0;
  let depth = 0;
  const enter = () => {
    if (++depth > LIMITS.jsonDepth.max) throw limitError('jsonDepth', { file, ...new LineIndex(text).pos(i) });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return text.slice(start, i);
  };
  const value = (): JsonNode => {
    ws();
    const c = text[i];
    if (c === '{') {
      enter();
      i++;
      const m: JsonObject = new Map();
      ws();
      if (text[i] === '}') i++;
      else {
        for (;;) {
          ws();
          const key = goJsonDecode(str());
          ws();
          i++; // ':'
          m.set(key, value());
          ws();
          if (text[i++] === '}') break;
        }
      }
      depth--;
      return m;
    }
    if (c === '[') {
      enter();
      i++;
      const a: JsonNode[] = [];
      ws();
      if (text[i] === ']') i++;
      else {
        for (;;) {
          a.push(value());
          ws();
          if (text[i++] === ']') break;
        }
      }
      depth--;
      return a;
    }
    if (c === '"') return new JsonLiteral(str());
    SCALAR.lastIndex = i;
    const word = SCALAR.exec(text)![0];
    i += word.length;
    return word === 'null' ? null : new JsonLiteral(word);
  };
  return value();
}
