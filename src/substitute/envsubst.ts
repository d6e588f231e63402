import { Parser } from 'yaml';
import { TalgenError } from '../core/errors.js';

export type Env = Record<string, string | undefined>;

/** Offsets [start, end) of YAML comments in `text` (talhelper strips comments before substituting). */
export function commentRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const visit = (tok: unknown): void => {
    if (!tok || typeof tok !== 'object') return;
    const t = tok as Record<string, unknown>;
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
      ranges.push([t.offset, t.offset + t.source.length]);
    }
    for (const v of Object.values(t)) {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') visit(v);
    }
  };
  try {
    for (const tok of new Parser().parse(text)) visit(tok);
  } catch {
    // Unparsable YAML: the loader reports it with a position after substitution.
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) {
    line++;
    last = i;
  }
  return { line, col: offset - last };
}

/**
 * talhelper's environment substitution (a8m/envsubst in restricted mode) with its traps fixed:
 * `$VAR`, `${VAR}`, `${VAR-x}`, `${VAR:-x}`, `${VAR=x}`, `${VAR:=x}`, `${VAR+x}`, `${VAR:+x}`, `$$` → `$`.
 * A Talos `$patch` directive is never a variable. An unset or empty variable used without a default is an error
 * naming the variable and file:line:col. Comments are left alone.
 */
export function substitute(text: string, env: Env, file: string, opts: { skipComments?: boolean } = {}): string {
  // Comments only matter where a line has both a '#' and a later '$'; skip the CST pass otherwise.
  const comments = opts.skipComments === false || !/#[^\n]*\$/.test(text) ? [] : commentRanges(text);
  let ci = 0;
  let out = '';
  let i = 0;
  const fail = (offset: number, name: string, problem: string) => {
    const { line, col } = lineCol(text, offset);
    return new TalgenError(`variable \${${name}} ${problem}`, {
      file,
      line,
      col,
      hint: `set ${name} in talenv.yaml (or the environment), give a default with \${${name}:-value}, or write $$ for a literal $`,
    });
  };
  const value = (name: string, offset: number, bare: boolean): string => {
    const v = env[name];
    if (v === undefined) {
      if (bare) throw fail(offset, name, 'is not set');
      return '';
    }
    if (v === '' && bare) throw fail(offset, name, 'is set but empty');
    return v;
  };
  while (i < text.length) {
    while (ci < comments.length && comments[ci]![1] <= i) ci++;
    const inComment = ci < comments.length && comments[ci]![0] <= i && i < comments[ci]![1];
    const ch = text[i]!;
    if (ch !== '$' || inComment) {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = findClose(text, i + 2);
      if (close < 0) throw new TalgenError('unterminated "${"', { file, ...lineCol(text, i) });
      const inner = text.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+])([\s\S]*))?$/.exec(inner);
      if (!m) {
        const { line, col } = lineCol(text, i);
        throw new TalgenError(`bad variable reference "\${${inner}}"`, { file, line, col, hint: 'names use letters, digits and _; write $$ for a literal $' });
      }
      const [, name, op, arg] = m as unknown as [string, string, string | undefined, string | undefined];
      const v = env[name];
      const expand = () => substitute(arg ?? '', env, file, { skipComments: false });
      if (!op) out += value(name, i, true);
      else if (op === '-') out += v === undefined ? expand() : v;
      else if (op === ':-' || op === ':=') out += v === undefined || v === '' ? expand() : v;
      else if (op === '=') out += v === undefined ? expand() : v;
      else if (op === '+') out += v === undefined ? '' : expand();
      else if (op === ':+') out += v === undefined || v === '' ? '' : expand();
      i = close + 1;
      continue;
    }
    NAME.lastIndex = i + 1;
    const nm = NAME.exec(text);
    if (!nm) {
      out += '$';
      i++;
      continue;
    }
    const name = nm[0];
    // `$patch` is Talos's strategic-merge directive, never a variable.
    if (name === 'patch') {
      out += '$patch';
      i += 6;
      continue;
    }
    out += value(name, i, true);
    i += 1 + name.length;
  }
  return out;
}

function findClose(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return j;
    else if (text[j] === '\n') return -1;
  }
  return -1;
}
