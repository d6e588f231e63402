import { TalgenError } from '../core/errors.js';
import type { GoScalar } from './goyaml.js';
import { INT64_MAX, INT64_MIN } from './value.js';

/**
 * JSON as sops reads it (Go `encoding/json` tokens with UseNumber): object order kept, integers that fit int64
 * are ints, every other number is a float64. `JSON.parse` would reorder integer-like keys and lose int64 precision.
 */
export type JNode = { t: 'obj'; items: [string, JNode][] } | { t: 'arr'; items: JNode[] } | { t: 'leaf'; v: GoScalar };

export function parseJson(text: string, file: string): JNode {
  let i = 0;
  const fail = (what: string): never => {
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    const col = i - before.lastIndexOf('\n');
    throw new TalgenError(`not JSON sops could have written: ${what}`, { file, line, col });
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const string = (): string => {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/.exec(text.slice(i));
    if (!m) return fail('bad string');
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  const value = (): JNode => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const items: [string, JNode][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'obj', items };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a string key');
        const k = string();
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        items.push([k, value()]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { t: 'obj', items };
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const items: JNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'arr', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { t: 'arr', items };
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return { t: 'leaf', v: { type: 'str', value: string() } };
    for (const [lit, v] of [
      ['true', { type: 'bool', value: true }],
      ['false', { type: 'bool', value: false }],
      ['null', { type: 'null' }],
    ] as const) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return { t: 'leaf', v: v as GoScalar };
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) return fail('unexpected character');
    i += m[0].length;
    if (!m[2] && !m[3]) {
      const n = BigInt(m[0]);
      if (n >= INT64_MIN && n <= INT64_MAX) return { t: 'leaf', v: { type: 'int', value: n } };
    }
    return { t: 'leaf', v: { type: 'float', value: Number(m[0]) } };
  };
  const root = value();
  ws();
  if (i < text.length) fail('trailing data after the top-level value');
  if (root.t !== 'obj') throw new TalgenError('sops supports only JSON files whose top level is an object', { file });
  return root;
}

function leafJson(v: GoScalar): string {
  switch (v.type) {
    case 'null':
      return 'null';
    case 'int':
      return v.value.toString();
    case 'bool':
      return String(v.value);
    case 'float':
      if (!Number.isFinite(v.value)) throw new TalgenError('NaN and infinity cannot be written as JSON');
      return JSON.stringify(v.value);
    default:
      return JSON.stringify(v.value);
  }
}

/** Emit like sops (Go json.Indent with a tab). */
export function emitJson(node: JNode, indent = '\t', depth = 0): string {
  const pad = indent.repeat(depth + 1);
  const end = indent.repeat(depth);
  if (node.t === 'leaf') return leafJson(node.v);
  if (node.t === 'arr') {
    if (!node.items.length) return '[]';
    return `[\n${node.items.map((x) => pad + emitJson(x, indent, depth + 1)).join(',\n')}\n${end}]`;
  }
  if (!node.items.length) return '{}';
  return `{\n${node.items.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${emitJson(x, indent, depth + 1)}`).join(',\n')}\n${end}}`;
}

/** Plain JS → JNode (for the metadata block). */
export function toJNode(v: unknown): JNode {
  if (Array.isArray(v)) return { t: 'arr', items: v.map(toJNode) };
  if (v && typeof v === 'object') return { t: 'obj', items: Object.entries(v).map(([k, x]) => [k, toJNode(x)]) };
  if (typeof v === 'boolean') return { t: 'leaf', v: { type: 'bool', value: v } };
  if (v === null || v === undefined) return { t: 'leaf', v: { type: 'null' } };
  return { t: 'leaf', v: { type: 'str', value: String(v) } };
}

/** JNode → plain JS (for reading the metadata). */
export function fromJNode(n: JNode): unknown {
  if (n.t === 'arr') return n.items.map(fromJNode);
  if (n.t === 'obj') return Object.fromEntries(n.items.map(([k, x]) => [k, fromJNode(x)]));
  return n.v.type === 'null' ? null : n.v.type === 'int' ? n.v.value.toString() : n.v.value;
}

/** Walk data leaves in order (`sops` at the top is skipped), replacing them with `fn`'s result. */
export function walkJson(node: JNode, path: string[], fn: (path: string[], v: GoScalar) => GoScalar, top = true): void {
  if (node.t === 'obj') {
    for (const item of node.items) {
      if (top && item[0] === 'sops') continue;
      const p = [...path, item[0]];
      if (item[1].t === 'leaf') item[1] = { t: 'leaf', v: fn(p, item[1].v) };
      else walkJson(item[1], p, fn, false);
    }
  } else if (node.t === 'arr') {
    node.items = node.items.map((x) => (x.t === 'leaf' ? { t: 'leaf', v: fn(path, x.v) } : (walkJson(x, path, fn, false), x)));
  }
}
