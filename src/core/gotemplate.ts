import { TalgenError } from './errors.js';

/**
 * A subset of Go `text/template` as talhelper users write it: `{{ .A.B }}`, `{{- … -}}` trimming, pipelines
 * (`{{ .X | default "a" | quote }}`), `if / else if / else / end`, and the functions listed in FUNCS.
 * Anything outside the subset is an error naming the construct — never passed through as text.
 */
export type Resolver = (path: string[]) => unknown;

type Node =
  | { t: 'text'; s: string }
  | { t: 'out'; expr: string }
  | { t: 'if'; branches: { cond: string | undefined; body: Node[] }[] };

const FUNCS: Record<string, (...a: unknown[]) => unknown> = {
  and: (...a) => a.reduce((acc, x) => (truthy(acc) ? x : acc)),
  or: (...a) => a.find(truthy) ?? a[a.length - 1],
  not: (a) => !truthy(a),
  eq: (a, ...b) => b.some((x) => String(x) === String(a)),
  ne: (a, b) => String(a) !== String(b),
  default: (d, v) => (truthy(v) ? v : d),
  quote: (v: unknown) => JSON.stringify(str(v)),
  squote: (v) => `'${str(v)}'`,
  lower: (v) => str(v).toLowerCase(),
  upper: (v) => str(v).toUpperCase(),
  trim: (v) => str(v).trim(),
  trimPrefix: (p, v) => (str(v).startsWith(str(p)) ? str(v).slice(str(p).length) : str(v)),
  trimSuffix: (s, v) => (str(v).endsWith(str(s)) ? str(v).slice(0, -str(s).length) : str(v)),
  replace: (a, b, v) => str(v).split(str(a)).join(str(b)),
  toString: (v: unknown) => str(v),
  // sprig string helpers talhelper users reach for
  contains: (sub, v) => str(v).includes(str(sub)),
  hasPrefix: (p, v) => str(v).startsWith(str(p)),
  hasSuffix: (p, v) => str(v).endsWith(str(p)),
  repeat: (n, v) => str(v).repeat(Number(n)),
  b64enc: (v) => Buffer.from(str(v)).toString('base64'),
  b64dec: (v) => Buffer.from(str(v), 'base64').toString('utf8'),
  indent: (n, v) => str(v).split('\n').map((l) => ' '.repeat(Number(n)) + l).join('\n'),
  nindent: (n, v) => '\n' + str(v).split('\n').map((l) => ' '.repeat(Number(n)) + l).join('\n'),
  ternary: (a, b, c) => (truthy(c) ? a : b),
  empty: (v) => !truthy(v),
  coalesce: (...a) => a.find(truthy) ?? '',
  len: (v) => (Array.isArray(v) ? v.length : v instanceof Map ? v.size : v && typeof v === 'object' ? Object.keys(v).length : str(v).length),
  join: (sep, v) => (Array.isArray(v) ? v.map(str).join(str(sep)) : str(v)),
  printf: (f, ...a) => {
    let i = 0;
    return str(f).replace(/%[svdq%]/g, (m) => (m === '%%' ? '%' : m === '%q' ? JSON.stringify(str(a[i++])) : str(a[i++])));
  },
};

function truthy(v: unknown): boolean {
  if (v instanceof Map) return v.size > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return Boolean(v);
}

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v instanceof Map ? Object.fromEntries(v) : v);
  return String(v);
}

export function hasTemplate(text: string): boolean {
  return text.includes('{{');
}

function tokenize(src: string, where: string): Node[] {
  const out: { kind: 'text' | 'action'; s: string }[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ kind: 'text', s: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src[start] === '-' && /\s/.test(src[start + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    out.push({ kind: 'text', s: text });
    const close = src.indexOf('}}', start);
    if (close < 0) throw new TalgenError('unclosed "{{" in template', { path: where });
    let action = src.slice(start, close);
    i = close + 2;
    if (/\s-$/.test(action)) {
      action = action.slice(0, -1);
      const m = /^\s*/.exec(src.slice(i))!;
      i += m[0].length;
    }
    out.push({ kind: 'action', s: action.trim() });
  }
  // Build the tree.
  let pos = 0;
  const parse = (stopAt: string[]): { nodes: Node[]; stop?: string; arg?: string } => {
    const nodes: Node[] = [];
    while (pos < out.length) {
      const tok = out[pos++]!;
      if (tok.kind === 'text') {
        if (tok.s) nodes.push({ t: 'text', s: tok.s });
        continue;
      }
      const a = tok.s;
      if (a.startsWith('/*')) continue;
      const word = a.split(/\s+/)[0]!;
      if (stopAt.includes(word)) return { nodes, stop: word, arg: a.slice(word.length).trim() };
      if (word === 'if') {
        const branches: { cond: string | undefined; body: Node[] }[] = [];
        let cond: string | undefined = a.slice(2).trim();
        for (;;) {
          const r = parse(['else', 'end']);
          branches.push({ cond, body: r.nodes });
          if (r.stop === 'end') break;
          if (r.stop === undefined) throw new TalgenError('"if" without "end" in template', { path: where });
          cond = r.arg?.startsWith('if ') ? r.arg.slice(3).trim() : undefined;
          if (cond === undefined && r.arg) throw new TalgenError(`unsupported template construct "else ${r.arg}"`, { path: where });
        }
        nodes.push({ t: 'if', branches });
        continue;
      }
      if (['range', 'with', 'define', 'template', 'block', 'end', 'else'].includes(word)) {
        throw new TalgenError(`unsupported template action "${word}"`, {
          path: where,
          hint: 'talgen templates support field references, pipelines and if/else',
        });
      }
      nodes.push({ t: 'out', expr: a });
    }
    return { nodes };
  };
  const r = parse([]);
  return r.nodes;
}

/** Split at `sep` characters that are outside quotes and parentheses (`sep` = ' ' splits on any whitespace). */
function splitTop(expr: string, sep: string, where: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i]!;
    if (quote) {
      cur += ch;
      if (ch === '\\' && quote === '"') cur += expr[++i] ?? '';
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === '`') quote = ch;
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw new TalgenError(`unbalanced ")" in template expression "${expr}"`, { path: where });
    const isSep = sep === ' ' ? /\s/.test(ch) : ch === sep;
    if (depth === 0 && isSep) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quote || depth !== 0) throw new TalgenError(`cannot parse template expression "${expr}"`, { path: where });
  parts.push(cur);
  return sep === ' ' ? parts.filter((p) => p !== '') : parts;
}

function splitArgs(expr: string, where: string): string[] {
  return splitTop(expr, ' ', where);
}

function evalArg(tok: string, resolve: Resolver, where: string): unknown {
  if (tok.startsWith('"')) return JSON.parse(tok) as string;
  if (tok.startsWith('`')) return tok.slice(1, -1);
  if (tok.startsWith('(')) return evalPipeline(tok.slice(1, -1), resolve, where);
  if (tok === '.') return resolve([]);
  if (tok.startsWith('.')) return resolve(tok.slice(1).split('.'));
  if (tok === 'true' || tok === 'false') return tok === 'true';
  if (/^-?\d+$/.test(tok)) return Number(tok);
  if (tok in FUNCS) return FUNCS[tok]!();
  throw new TalgenError(`unknown template function or value "${tok}"`, { path: where, hint: `supported functions: ${Object.keys(FUNCS).join(', ')}` });
}

function evalCommand(cmd: string, resolve: Resolver, where: string, piped?: { v: unknown }): unknown {
  const parts = splitArgs(cmd.trim(), where);
  const [head, ...rest] = parts;
  if (head === undefined) throw new TalgenError('empty template command', { path: where });
  if (/^[A-Za-z_]\w*$/.test(head) && !['true', 'false'].includes(head)) {
    const fn = FUNCS[head];
    if (!fn) throw new TalgenError(`unknown template function "${head}"`, { path: where, hint: `supported functions: ${Object.keys(FUNCS).join(', ')}` });
    const args = rest.map((t) => evalArg(t, resolve, where));
    if (piped) args.push(piped.v);
    return fn(...args);
  }
  if (rest.length || piped) throw new TalgenError(`"${head}" is not a function`, { path: where });
  return evalArg(head, resolve, where);
}

function evalPipeline(expr: string, resolve: Resolver, where: string): unknown {
  const stages = splitTop(expr, '|', where);
  let v: unknown = evalCommand(stages[0]!, resolve, where);
  for (const s of stages.slice(1)) v = evalCommand(s, resolve, where, { v });
  return v;
}

function run(nodes: Node[], resolve: Resolver, where: string): string {
  let s = '';
  for (const n of nodes) {
    if (n.t === 'text') s += n.s;
    else if (n.t === 'out') s += str(evalPipeline(n.expr, resolve, where));
    else {
      const b = n.branches.find((br) => br.cond === undefined || truthy(evalPipeline(br.cond, resolve, where)));
      if (b) s += run(b.body, resolve, where);
    }
  }
  return s;
}

/** Render `text` with data reached through `resolve` (a path of field names → value). */
export function renderGoTemplate(text: string, resolve: Resolver, where: string): string {
  return run(tokenize(text, where), resolve, where);
}
