import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TalgenError } from '../core/errors.js';
import { LineIndex } from '../load/sourcemap.js';
import { parseDocumentWithinDepth } from '../load/yaml-depth.js';
import { hasSopsMetadata, readMaybeEncrypted, type SecretSink } from '../sops/index.js';
import type { Env } from './envsubst.js';

const SPACE = /[\t\v\f\r \u0085\u00a0]/;
/** A character of a variable name beyond ASCII: a letter or a number (compiled on first use, ~1 ms: see isKeyChar). */
const KEY_CHAR = /[\p{L}\p{N}_.]/u;

/**
 * A character of a variable name (godotenv): a letter, a number, `_` or `.`. ASCII is decided by code, so the
 * Unicode-class regexp, whose compilation alone costs ~1 ms of a start, is compiled only for a name that needs it.
 */
function isKeyChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code >= 0x80) return KEY_CHAR.test(c);
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code === 0x2e;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
/** Where JavaScript's multiline `^` matches: after \n, \r, U+2028 and U+2029. */
const isLineTerminator = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';

/** A variable name (one key character or more) from `i`, then `=`; by code points, as the `u` flag reads. */
function nameThenEquals(src: string, i: number): boolean {
  let k = i;
  while (k < src.length) {
    const c = String.fromCodePoint(src.codePointAt(k)!);
    if (!isKeyChar(c)) break;
    k += c.length;
  }
  return k > i && src[k] === '=';
}

/** Does a line read `KEY=…` or `export KEY=…` (blanks first allowed): godotenv's syntax rather than YAML's `KEY: …`? */
export function hasDotenvLine(src: string): boolean {
  for (let start = 0; start < src.length; start++) {
    if (start > 0 && !isLineTerminator(src[start - 1])) continue;
    let i = start;
    while (isBlank(src[i])) i++;
    if (nameThenEquals(src, i)) return true;
    if (src.startsWith('export', i) && isBlank(src[i + 6])) {
      let j = i + 6;
      while (isBlank(src[j])) j++;
      if (nameThenEquals(src, j)) return true;
    }
  }
  return false;
}
/** godotenv's in-value expansion: `$NAME`/`${NAME}` (upper-case names) from earlier keys of the same file; `\$` escapes. */
const EXPAND = /(\\)?(\$)(\()?\{?([A-Z0-9_]+)?\}?/g;

function expandValue(v: string, vars: Record<string, string>): string {
  return v.replace(EXPAND, (s, esc: string | undefined, _d: string, paren: string | undefined, name: string | undefined) => {
    if (esc === '\\' || paren === '(') return s.slice(1);
    if (name) return vars[name] ?? '';
    return s;
  });
}

function unescapeDouble(v: string): string {
  return v.replace(/\\./g, (m) => (m[1] === 'n' ? '\n' : m[1] === 'r' ? '\r' : m)).replace(/\\([^$])/g, '$1');
}

/**
 * An env file as talhelper reads it (godotenv: `KEY=value` or `KEY: value`, `export`, `#` comments, single/double
 * quotes, `$VAR` expansion from earlier keys in unquoted and double-quoted values) — but where talhelper silently
 * ignores a file that does not parse, this is an error naming file:line:col. `decrypted`: the file is known to
 * parse (it is the plaintext of a SOPS file, which SOPS has read), so that check is not made again.
 */
export function parseEnvFile(text: string, file: string, opts: { decrypted?: boolean } = {}): Record<string, string> {
  if (hasSopsMetadata(text, 'yaml') || hasSopsMetadata(text, 'dotenv')) {
    throw new TalgenError('env file is SOPS-encrypted, decryption not available here', {
      file,
      hint: 'read it with readEnvFile()/loadEnv() so it is decrypted first (needs SOPS_AGE_KEY_FILE or SOPS_AGE_KEY)',
    });
  }
  // talhelper blanks YAML document markers first (#220).
  const src = text.replace(/\r\n/g, '\n').replace(/^---[ \t]*$/gm, (m) => ' '.repeat(m.length));
  const lines = new LineIndex(src);
  const err = (offset: number, message: string, hint: string) => new TalgenError(message, { file, ...lines.pos(offset), hint });
  // talhelper parses every env file as YAML first (to look for SOPS metadata) and stops when that fails.
  // (Files in dotenv syntax are read as dotenv even where YAML would not parse them, e.g. with inline comments.)
  const yamlErr = opts.decrypted || hasDotenvLine(src) ? undefined : parseDocumentWithinDepth(src, file, { prettyErrors: false, uniqueKeys: false }).errors[0];
  if (yamlErr) {
    throw err(
      yamlErr.pos[0],
      `env file does not parse: ${yamlErr.message.split('\n')[0]}`,
      'env files are YAML KEY: value (or dotenv KEY=value) lines; quote values with special characters',
    );
  }
  const vars: Record<string, string> = {};
  let i = 0;
  while (i < src.length) {
    // Start of a statement: skip blanks, newlines and comment lines.
    const c = src[i]!;
    if (c === '\n' || SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl + 1;
      continue;
    }
    // Indentation means nothing to godotenv: the keys of a nested YAML mapping (`cluster:` then `  id: x`) are read as
    // flat variables (`cluster` = "", `id` = "x"), which is how talhelper sees an env file that also holds other data.
    let k = i;
    if (src.startsWith('export', k) && SPACE.test(src[k + 6] ?? '')) {
      k += 6;
      while (SPACE.test(src[k] ?? '')) k++;
    }
    const keyStart = k;
    while (k < src.length && isKeyChar(src[k]!)) k++;
    const sep = src[k];
    if (k === keyStart || (sep !== '=' && sep !== ':')) {
      const what =
        sep === undefined || sep === '\n' ? `"${src.slice(keyStart, k)}" has no value` : `unexpected character ${JSON.stringify(sep)} in variable name`;
      throw err(
        k === keyStart ? keyStart : k,
        `env file does not parse: ${what}`,
        'env files hold KEY=value or KEY: value lines (letters, digits, _ and . in names)',
      );
    }
    const key = src.slice(keyStart, k);
    k++;
    while (SPACE.test(src[k] ?? '')) k++;
    const q = src[k];
    let value: string;
    if (q === '"' || q === "'") {
      let close = -1;
      for (let j = k + 1; j < src.length; j++) {
        if (src[j] === q && src[j - 1] !== '\\') {
          close = j;
          break;
        }
      }
      if (close < 0) throw err(k, `env file does not parse: unterminated quoted value of ${key}`, `close the ${q === '"' ? 'double' : 'single'} quote`);
      value = src.slice(k + 1, close);
      if (q === '"') value = expandValue(unescapeDouble(value), vars);
      i = close + 1;
    } else {
      const nl = src.indexOf('\n', k);
      const lineEnd = nl < 0 ? src.length : nl;
      let raw = src.slice(k, lineEnd);
      // godotenv: the last " #" on the line starts a comment.
      for (let j = raw.length - 1; j > 0; j--) {
        if (raw[j] === '#' && SPACE.test(raw[j - 1]!)) {
          raw = raw.slice(0, j);
          break;
        }
      }
      raw = raw.replace(/^[\t\v\f\r \u0085\u00a0]+|[\t\v\f\r \u0085\u00a0]+$/g, '');
      if (sep === ':' && (raw === '|' || raw === '>' || /^[|>][-+]?\d*$/.test(raw))) {
        throw err(k, `env file does not parse: ${key} uses a YAML block scalar`, 'write the value on one line, in double quotes with \\n for newlines');
      }
      value = expandValue(raw, vars);
      i = lineEnd + 1;
    }
    vars[key] = value;
  }
  return vars;
}

/** Read one env file, decrypting it first when it carries SOPS metadata. */
export async function readEnvFile(path: string, onSecret?: SecretSink): Promise<Record<string, string>> {
  const { text, encrypted } = await readMaybeEncrypted(path, { onSecret });
  return parseEnvFile(text, path, { decrypted: encrypted });
}

export interface LoadedEnv {
  env: Env;
  /** The env files that existed and were read, in order. */
  files: string[];
}

/**
 * talhelper's env loading: every *existing* file of `files` (relative to `baseDir`), in order, each overriding the
 * process env and the files before it. Missing files are skipped like talhelper does.
 */
export async function loadEnv(files: string[], opts: { baseDir?: string; processEnv?: NodeJS.ProcessEnv; onSecret?: SecretSink } = {}): Promise<LoadedEnv> {
  const read: Record<string, string>[] = [];
  const used: string[] = [];
  for (const f of files) {
    const p = resolve(opts.baseDir ?? process.cwd(), f);
    if (!existsSync(p)) continue;
    read.push(await readEnvFile(p, opts.onSecret));
    used.push(p);
  }
  return { env: buildEnv(opts.processEnv ?? process.env, read), files: used };
}

/** Process env overridden by each env file in order (later files win), like talhelper. */
export function buildEnv(processEnv: NodeJS.ProcessEnv, files: Record<string, string>[]): Env {
  const env: Env = { ...processEnv };
  for (const f of files) Object.assign(env, f);
  return env;
}
