import { existsSync, lstatSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { TalgenError } from '../core/errors.js';
import type { Locator } from '../core/issue.js';

/** kustomize's load restrictor: `rootOnly` confines every read to the load root, `none` lifts the restriction. */
export const LOAD_RESTRICTORS = ['rootOnly', 'none'] as const;
export type LoadRestrictor = (typeof LOAD_RESTRICTORS)[number];

export const LOAD_RESTRICTOR_HINT = 'files must lie inside the repository; pass --load-restrictor none to read files outside it';

/** Where reads are confined: `dir` (a real path), or nowhere (`undefined`) with `--load-restrictor none`. */
export interface LoadRoot {
  dir?: string;
}

/**
 * The git top-level above the talconfig (a `.git` directory or file). Outside git: the talconfig's directory, or the
 * working directory when talgen runs above it (`-c cluster/talconfig.yaml` with talenv/talsecret beside `cluster/`).
 */
export function loadRootFor(configFile: string, restrictor: LoadRestrictor = 'rootOnly', cwd = process.cwd()): LoadRoot {
  if (restrictor === 'none') return {};
  const start = realOrSelf(dirname(resolve(configFile)));
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return { dir: d };
    if (dirname(d) === d) break;
  }
  const work = realOrSelf(cwd);
  return { dir: inside(work, start) && dirname(work) !== work ? work : start };
}

/** A parsed `--load-restrictor` value. */
export function parseLoadRestrictor(value: string | undefined): LoadRestrictor {
  const v = value ?? 'rootOnly';
  if (!(LOAD_RESTRICTORS as readonly string[]).includes(v)) {
    throw new TalgenError(`unknown load restrictor "${v}"`, { hint: `use ${LOAD_RESTRICTORS.join(' or ')}`, exitCode: 2 });
  }
  return v as LoadRestrictor;
}

/** The path with every symlink resolved (for a missing file: its nearest existing ancestor's, plus the rest). */
function realOrSelf(path: string): string {
  let rest = '';
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      return join(realpathSync(p), rest);
    } catch {
      if (dirname(p) === p) return resolve(path);
      rest = rest ? join(p.slice(dirname(p).length + 1), rest) : p.slice(dirname(p).length + 1);
    }
  }
}

function inside(dir: string, path: string): boolean {
  const r = relative(dir, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/**
 * Refuse `file` when it (or the target of a symlink on its way) lies outside the load root. `at` is where the file
 * was named: the talconfig entry, or the flag.
 */
export function assertInsideRoot(root: LoadRoot, file: string, at: Locator, what: string): void {
  if (root.dir === undefined) return;
  const abs = resolve(file);
  const real = realOrSelf(abs);
  if (inside(root.dir, real)) return;
  const via = inside(root.dir, abs) ? ` through a symlink to ${real}` : '';
  throw new TalgenError(`${what} ${abs} is outside the load root ${root.dir}${via}`, { ...at, hint: LOAD_RESTRICTOR_HINT });
}

/**
 * Read an existing file of the output directory, never through a symlink (a link there could expose any file in a
 * dry-run diff or lend an outside client certificate). A missing file is `undefined`.
 */
export function readOutputFile(path: string): string | undefined {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink())
    throw new TalgenError('output file is a symlink; talgen does not read or replace files through links in the output directory', {
      file: path,
      hint: 'remove the link',
    });
  if (!st.isFile()) throw new TalgenError('output path exists and is not a regular file', { file: path, hint: 'remove it or choose another --out-dir' });
  return readFileSync(path, 'utf8');
}

/** The existing files among `files` (relative to `cwd`, as a flag names them), each checked against the root. */
export function existingInsideRoot(root: LoadRoot, files: string[], cwd: string, flag: string, what: string): string[] {
  const found = files.map((f) => resolve(cwd, f)).filter((p) => existsSync(p));
  for (const f of found) assertInsideRoot(root, f, { file: f, path: flag }, what);
  return found;
}
