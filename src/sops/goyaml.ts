import type { Scalar } from 'yaml';
import { INT64_MAX, INT64_MIN, type Leaf } from './value.js';

/**
 * How sops sees a YAML scalar: sops decodes every scalar with go-yaml v3 into `interface{}`, so an unquoted
 * `0777` is the int 511, `1_000` is 1000, `08` is the float 8, `yes` is a string and timestamps stay strings.
 * The MAC hashes that Go value, so talgen must type plain scalars exactly the same way (facts: yaml.v3 resolve.go).
 */
export type GoScalar = Leaf | { type: 'null' };

export class GoYamlError extends Error {}

const MAP: Record<string, GoScalar> = {};
for (const s of ['true', 'True', 'TRUE']) MAP[s] = { type: 'bool', value: true };
for (const s of ['false', 'False', 'FALSE']) MAP[s] = { type: 'bool', value: false };
for (const s of ['', '~', 'null', 'Null', 'NULL']) MAP[s] = { type: 'null' };
for (const s of ['.nan', '.NaN', '.NAN']) MAP[s] = { type: 'float', value: NaN };
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) MAP[s] = { type: 'float', value: Infinity };
for (const s of ['-.inf', '-.Inf', '-.INF']) MAP[s] = { type: 'float', value: -Infinity };

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go `strconv.ParseInt(s, 0, 64)` / `ParseUint(s, 0, 64)` (underscores already removed). */
function goParseInt0(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  let v: bigint;
  if (/^0[oO]/.test(body)) v = BigInt(`0o${body.slice(2)}`);
  else if (/^0[0-7]+$/.test(body)) v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  return m[1] === '-' ? -v : v;
}

/** Resolve an untagged plain scalar's source text like go-yaml v3 decoding into interface{}. */
export function resolvePlain(src: string): GoScalar {
  const hint = src[0];
  const numeric = hint !== undefined && /[0-9+\-.]/.test(hint);
  const mapHint = hint === undefined || /[yYnNtTfFoO~0-9+\-.]/.test(hint);
  if (mapHint && src in MAP) return MAP[src]!;
  if (!numeric) return { type: 'str', value: src };
  if (hint === '.') {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(src)) return { type: 'float', value: Number(src) };
    return { type: 'str', value: src };
  }
  const plain = src.replace(/_/g, '');
  const int = goParseInt0(plain);
  if (int !== undefined) {
    if (int < INT64_MIN || int > INT64_MAX) throw new GoYamlError('integer out of the int64 range (sops cannot handle it)');
    return { type: 'int', value: int };
  }
  if (YAML_FLOAT.test(plain)) {
    const f = Number(plain);
    if (Number.isFinite(f)) return { type: 'float', value: f };
  }
  return { type: 'str', value: src };
}

const TAG = 'tag:yaml.org,2002:';

/** The Go value sops sees for a parsed YAML scalar node. */
export function goScalar(node: Scalar): GoScalar {
  const tag = node.tag;
  if (tag === `${TAG}str` || tag === '!!str') return { type: 'str', value: String(node.value) };
  if (tag && ![`${TAG}int`, `${TAG}float`, `${TAG}bool`, `${TAG}null`].includes(tag)) {
    throw new GoYamlError(`YAML tag ${tag.replace(TAG, '!!')} is not supported in a sops file`);
  }
  if (node.type === 'PLAIN' || node.type === undefined) {
    const src = typeof node.source === 'string' ? node.source : node.value === null ? '' : String(node.value);
    return resolvePlain(src);
  }
  return { type: 'str', value: String(node.value) };
}
