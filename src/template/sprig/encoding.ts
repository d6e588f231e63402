import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { fn, FuncError, type FuncMap } from '../funcs.js';
import { formatFloat, FormatError } from '../format.js';
import { isMap, isStruct, mapGet, mapKeys, MISSING, typeName } from '../values.js';

/** Go's encoding/json: maps with sorted keys, `<`, `>`, `&` escaped unless `raw`, floats in Go's shortest form. */
function toJSON(v: unknown, raw: boolean, indent = '', level = 0): string {
  const nl = indent ? `\n${indent.repeat(level + 1)}` : '';
  const end = indent ? `\n${indent.repeat(level)}` : '';
  const sep = indent ? ': ' : ':';
  if (v === null || v === MISSING) return 'null';
  if (typeof v === 'string') {
    const s = JSON.stringify(v)
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
    return raw ? s : s.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  }
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new FuncError(`json: unsupported value: ${formatFloat(v)}`);
    const abs = Math.abs(v);
    return abs !== 0 && (abs < 1e-6 || abs >= 1e21) ? formatFloat(v).replace(/e([+-])0(\d)$/, 'e$1$2') : String(v);
  }
  if (Array.isArray(v)) return v.length ? `[${v.map((x) => nl + toJSON(x, raw, indent, level + 1)).join(',')}${end}]` : '[]';
  if (isMap(v)) {
    const keys = mapKeys(v);
    return keys.length ? `{${keys.map((k) => `${nl}${toJSON(k, raw)}${sep}${toJSON(mapGet(v, k), raw, indent, level + 1)}`).join(',')}${end}}` : '{}';
  }
  if (isStruct(v)) throw new FormatError(`talgen cannot encode a whole ${v.goType} value as JSON`);
  throw new FuncError(`json: unsupported type: ${typeName(v)}`);
}

/** JSON text → Go values as encoding/json decodes into interface{}: numbers are float64, objects are maps. */
function fromJSONValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJSONValue);
  if (v && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, fromJSONValue(x)]));
  return v;
}

function mustFromJSON(s: string): unknown {
  try {
    return fromJSONValue(JSON.parse(s));
  } catch (e) {
    throw new FuncError((e as Error).message);
  }
}

/** toJson and friends return "" when encoding fails; the must* forms fail the template. */
function orEmpty(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof FuncError) return '';
    throw e;
  }
}

const hash = (alg: string) => (s: string) => createHash(alg).update(s, 'utf8').digest('hex');

function adler32(s: string): string {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String((b * 65536 + a) >>> 0);
}

function b64dec(s: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return `illegal base64 data at input byte ${Math.max(0, s.search(/[^A-Za-z0-9+/=]/))}`;
  return Buffer.from(s, 'base64').toString('utf8');
}

/** Go `path.Clean`. */
function clean(p: string): string {
  if (p === '') return '.';
  const c = posix.normalize(p);
  return c.length > 1 ? c.replace(/\/$/, '') : c;
}

function base(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function dir(p: string): string {
  return clean(p.slice(0, p.lastIndexOf('/') + 1));
}

function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

/** sprig JSON, base64, hashing and path functions. */
export const ENCODING_FUNCS: FuncMap = {
  toJson: fn(['any'], (v: unknown) => orEmpty(() => toJSON(v, false))),
  toRawJson: fn(['any'], (v: unknown) => orEmpty(() => toJSON(v, true))),
  toPrettyJson: fn(['any'], (v: unknown) => orEmpty(() => toJSON(v, false, '  '))),
  mustToJson: fn(['any'], (v: unknown) => toJSON(v, false)),
  mustToRawJson: fn(['any'], (v: unknown) => toJSON(v, true)),
  mustToPrettyJson: fn(['any'], (v: unknown) => toJSON(v, false, '  ')),
  fromJson: fn(['string'], (s: string) => {
    try {
      return mustFromJSON(s);
    } catch {
      return null;
    }
  }),
  mustFromJson: fn(['string'], mustFromJSON),
  b64enc: fn(['string'], (s: string) => Buffer.from(s, 'utf8').toString('base64')),
  b64dec: fn(['string'], b64dec),
  sha1sum: fn(['string'], hash('sha1')),
  sha256sum: fn(['string'], hash('sha256')),
  sha512sum: fn(['string'], hash('sha512')),
  adler32sum: fn(['string'], adler32),
  base: fn(['string'], base),
  dir: fn(['string'], dir),
  clean: fn(['string'], clean),
  ext: fn(['string'], ext),
  isAbs: fn(['string'], (p: string) => p.startsWith('/')),
};
