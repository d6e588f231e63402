import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { TalgenError } from '../core/errors.js';
import { DEFAULT_ENV_FILES, DEFAULT_SECRET_FILES } from '../talconfig/defaults.js';
import type { ClusterTarget } from './types.js';

/** talhelper's talconfig names, its default output directory, and directories no cluster source lives in. */
const TALCONFIG = /^talconfig\.ya?ml$/;
const DEFAULT_OUT_DIR = 'clusterconfig';
const NOT_SOURCES = new Set(['node_modules', '.git', '.talgen-tmp', DEFAULT_OUT_DIR]);

/**
 * A file that holds secrets and belongs in git only SOPS-encrypted: a talsecret, or any `NAME.sops.EXT`
 * (talenv.sops.yaml); sops's own `.sops.yaml` (creation rules) is not one.
 */
export function isSecretFileName(name: string): boolean {
  return /^talsecret.*\.(?:ya?ml|json)$/.test(name) || /.\.sops\.[^.]+$/.test(name);
}

/** Every regular file under `dir`, directories that hold no cluster sources left out (symlinked directories are not followed). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && !NOT_SOURCES.has(e.name)) stack.push(join(d, e.name));
      else if (e.isFile()) out.push(join(d, e.name));
    }
  }
  return out.sort();
}

/** The secret files among `paths` (files as given, directories searched). */
export function secretFilesIn(paths: string[]): string[] {
  const found = new Set<string>();
  for (const p of paths.map((x) => resolve(x))) {
    if (!existsSync(p)) throw new TalgenError('no such file or directory', { file: p, hint: 'pass files or directories that exist' });
    if (!statSync(p).isDirectory()) found.add(p);
    else for (const f of filesUnder(p)) if (isSecretFileName(basename(f))) found.add(f);
  }
  return [...found].sort();
}

function target(talconfig: string): ClusterTarget {
  const dir = dirname(talconfig);
  const existing = (names: readonly string[]) => names.map((n) => join(dir, n)).filter((f) => existsSync(f));
  return {
    dir,
    talconfig,
    envFiles: existing(DEFAULT_ENV_FILES),
    secretFile: existing(DEFAULT_SECRET_FILES).pop(),
    outDir: join(dir, DEFAULT_OUT_DIR),
    secretFiles: filesUnder(dir).filter((f) => isSecretFileName(basename(f))),
  };
}

/** Every talconfig under `paths` (a talconfig file given directly counts too); none at all is an error. */
export function findClusters(paths: string[]): ClusterTarget[] {
  const found = new Set<string>();
  for (const p of paths.map((x) => resolve(x))) {
    if (!existsSync(p)) throw new TalgenError('no such file or directory', { file: p, hint: 'pass the directories that hold talconfig.yaml' });
    if (!statSync(p).isDirectory()) found.add(p);
    else for (const f of filesUnder(p)) if (TALCONFIG.test(basename(f))) found.add(f);
  }
  if (!found.size) {
    throw new TalgenError(`no talconfig.yaml found under ${paths.join(', ')}`, {
      hint: 'run talgen check in a cluster repository, or pass the directories that hold talconfig.yaml',
    });
  }
  return [...found].sort().map(target);
}
