import { isAlias, isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import { TalgenError, type SourcePos } from '../core/errors.js';
import { GoYamlError, type GoScalar, resolvePlain } from '../sops/goyaml.js';
import type { JsonPatchOp } from './json-patch.js';
import { goJsonNumber, goJsonString, JsonLiteral, toJsonNode, type JsonNode } from './json-text.js';

/**
 * An RFC 6902 patch written as YAML, read the way Talos's LoadPatch reads it: go-yaml v3 decodes the list into
 * `[]map[string]any`, then every member is re-encoded with Go's json.Marshal. So plain scalars resolve like
 * go-yaml v3 (`0755` is 493, `0b11` is 3, `1_000` is 1000, `yes` stays a string) and an unquoted date becomes
 * a time, written as RFC 3339 (`2024-01-02` → `"2024-01-02T00:00:00Z"`).
 */

const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])|( ))(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?)?$/;

/** go-yaml v3's timestamp forms (date, `T`/`t` with a zone, space without one) as Go's json.Marshal writes the time. */
function goTimestamp(s: string): string | undefined {
  const m = TIMESTAMP.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, t, space, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  if ((t !== undefined && zone === undefined) || (space !== undefined && zone !== undefined)) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)));
  if (
    date.getUTCDate() !== Number(d) ||
    date.getUTCMonth() !== Number(mo) - 1 ||
    date.getUTCHours() !== Number(h) ||
    date.getUTCMinutes() !== Number(mi) ||
    date.getUTCSeconds() !== Number(sec)
  )
    return undefined;
  const two = (n: string) => n.padStart(2, '0');
  const fraction = frac.slice(0, 9).replace(/0+$/, '');
  const offset = zone === undefined || zone === 'Z' || /^[+-]00:00$/.test(zone) ? 'Z' : zone;
  return `"${y}-${two(mo!)}-${two(d!)}T${two(h)}:${two(mi)}:${two(sec)}${fraction ? `.${fraction}` : ''}${offset}"`;
}

function plainScalar(src: string): JsonNode {
  const time = goTimestamp(src);
  if (time) return new JsonLiteral(time);
  let g: GoScalar;
  try {
    g = resolvePlain(src);
  } catch (e) {
    // Beyond int64 go-yaml v3 tries uint64, then float64.
    if (!(e instanceof GoYamlError)) throw e;
    const digits = src.replace(/_/g, '');
    return new JsonLiteral(/^\+?\d+$/.test(digits) && BigInt(digits) < 2n ** 64n ? BigInt(digits).toString() : goJsonNumber(Number(digits)));
  }
  switch (g.type) {
    case 'null':
      return null;
    case 'int':
      return new JsonLiteral(g.value.toString());
    case 'float':
      return new JsonLiteral(goJsonNumber(g.value));
    case 'bool':
      return new JsonLiteral(String(g.value));
    default:
      return new JsonLiteral(goJsonString(String(g.value)));
  }
}

function scalar(n: Scalar): JsonNode {
  if (n.tag === undefined && n.type === 'PLAIN') return plainScalar(String(n.source ?? n.value ?? ''));
  // Quoted and block scalars are strings; an explicit tag keeps the value it names.
  return toJsonNode(n.value);
}

function node(n: unknown, doc: Document): JsonNode {
  if (isAlias(n)) return node(n.resolve(doc), doc);
  if (isScalar(n)) return scalar(n);
  if (isSeq(n)) return n.items.map((x) => node(x, doc));
  if (isMap(n)) return new Map(n.items.map((p) => [isScalar(p.key) ? String(p.key.source ?? p.key.value) : String(p.key), node(p.value, doc)]));
  return null;
}

export const JSON_PATCH_HINT = 'RFC 6902: - op: replace\n  path: /machine/network/hostname\n  value: foo';

/** The operations of a YAML document whose top level is a list; a null item is an operation without members. */
export function yamlOps(doc: Document, source: string, locate: (op: number) => SourcePos | undefined = () => undefined): JsonPatchOp[] {
  const list = isSeq(doc.contents) ? doc.contents.items : [];
  return list.map((item, i) => {
    const op = isAlias(item) ? item.resolve(doc) : item;
    if (isScalar(op) && op.value === null) return new Map();
    if (!isMap(op)) throw new TalgenError(`operation ${i} of the JSON patch is not a mapping`, { file: source, ...locate(i), hint: JSON_PATCH_HINT });
    try {
      return node(op, doc) as Map<string, JsonNode>;
    } catch (e) {
      throw e instanceof TalgenError ? e.withContext({ file: source, ...locate(i), path: `[${i}]` }) : e;
    }
  });
}
