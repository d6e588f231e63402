import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { TalgenError } from '../core/errors.js';
import type { Env } from './envsubst.js';

const KEY = /^[A-Za-z0-9_.]+$/;

/**
 * An env file as talhelper reads it, without its silent failures: YAML `KEY: value` or dotenv `KEY=value`
 * (`export`, quotes, `#` comments). A line that is neither is an error naming file:line — never ignored.
 */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const body = text.replace(/^---[ \t]*$/gm, '');
  const lines = body.split('\n');
  const looksDotenv = lines.some((l) => /^\s*(export\s+)?[A-Za-z0-9_.]+=/.test(l));
  if (!looksDotenv) {
    const lc = new LineCounter();
    const doc = parseDocument(body, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
    const err = doc.errors[0];
    if (err) {
      const p = err.linePos?.[0] ?? (err.pos ? lc.linePos(err.pos[0]) : undefined);
      throw new TalgenError(`env file does not parse: ${err.message.split('\n')[0]}`, { file, line: p?.line, col: p?.col, hint: 'use KEY: value (YAML) or KEY=value (dotenv) lines' });
    }
    if (doc.contents === null) return {};
    if (!isMap(doc.contents)) throw new TalgenError('env file must be a mapping of KEY: value', { file, line: 1, col: 1 });
    const out: Record<string, string> = {};
    for (const item of doc.contents.items) {
      const k = isScalar(item.key) ? String(item.key.value) : '';
      const pos = item.key && (item.key as { range?: number[] }).range ? lc.linePos((item.key as { range: number[] }).range[0]!) : undefined;
      if (!KEY.test(k)) throw new TalgenError(`invalid variable name "${k}"`, { file, line: pos?.line, col: pos?.col, hint: 'names use letters, digits, _ and .' });
      if (k === 'sops') continue;
      const v = item.value;
      if (v !== null && !isScalar(v)) {
        throw new TalgenError(`variable ${k} must be a plain value, not a nested structure`, { file, line: pos?.line, col: pos?.col, hint: 'env files hold KEY: value pairs only' });
      }
      const raw = isScalar(v) ? v.value : '';
      out[k] = raw === null || raw === undefined ? '' : String(raw);
    }
    return out;
  }
  const out: Record<string, string> = {};
  lines.forEach((line, idx) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z0-9_.]+)\s*[=:]\s*(.*)$/.exec(t);
    if (!m) throw new TalgenError(`cannot read this line as KEY=value`, { file, line: idx + 1, col: 1, hint: 'env files hold KEY=value (or KEY: value) lines' });
    let v = m[2]!;
    if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2) || (v.startsWith("'") && v.endsWith("'") && v.length >= 2)) {
      const q = v[0];
      v = v.slice(1, -1);
      if (q === '"') v = v.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      v = v.replace(/\s+#.*$/, '');
    }
    out[m[1]!] = v;
  });
  return out;
}

/** Process env overridden by each env file in order (later files win), like talhelper. */
export function buildEnv(processEnv: NodeJS.ProcessEnv, files: Record<string, string>[]): Env {
  const env: Env = { ...processEnv };
  for (const f of files) Object.assign(env, f);
  return env;
}
