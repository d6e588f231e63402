import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { STAGING_DIR } from '../core/atomic-write.js';
import { TalgenError } from '../core/errors.js';
import { readOutputFile } from '../load/load-root.js';
import { plainStruct, renderGoTemplate } from '../template/index.js';

export const DEFAULT_FILENAME_TMPL = '{{ .ClusterName }}-{{ .Hostname }}.yaml';

/** Names in the output directory that genconfig writes (or stages in) itself: no node file may take one. */
export const RESERVED_OUTPUT_NAMES: readonly string[] = ['talosconfig', '.gitignore', STAGING_DIR];

export interface NodeFileInput {
  clusterName: string;
  hostname: string;
  ipAddress: string;
  role: 'controlplane' | 'worker';
  filenameTmpl?: string;
  /** e.g. `nodes[2]`, for errors. */
  where: string;
}

/**
 * Output file name of a node (talhelper `filenameTmpl`, fields ClusterName, Hostname, IPAddress, Role).
 * A name that would leave the output directory (`../x`, `/etc/x`, `a/b`) is rejected.
 */
export function nodeFileName(n: NodeFileInput): string {
  const data = plainStruct('config.filenameTmpl', {
    ClusterName: n.clusterName,
    Hostname: n.hostname,
    IPAddress: n.ipAddress,
    Role: n.role,
  });
  // talhelper parses filenameTmpl with text/template alone (no sprig functions).
  const name = renderGoTemplate(n.filenameTmpl || DEFAULT_FILENAME_TMPL, data, `${n.where}.filenameTmpl`, { sprig: false });
  if (!name || name === '.' || name === '..' || name.includes('/') || name.includes('\\') || isAbsolute(name) || name.includes('\0')) {
    throw new TalgenError(`output file name "${name}" would not stay inside the output directory`, {
      path: `${n.where}.hostname`,
      hint: 'hostnames and filenameTmpl results must be plain file names without "/" or ".."',
    });
  }
  if (RESERVED_OUTPUT_NAMES.includes(name)) {
    throw new TalgenError(`output file name "${name}" is taken by genconfig's own ${name} in the output directory`, {
      path: `${n.where}.${n.filenameTmpl ? 'filenameTmpl' : 'hostname'}`,
      hint: `choose a filenameTmpl (or hostname) that cannot render to ${RESERVED_OUTPUT_NAMES.join(', ')}`,
    });
  }
  return name;
}

/** Resolve `name` under `outDir`, asserting it stays inside. */
export function outputPath(outDir: string, name: string): string {
  const p = resolve(outDir, name);
  const rel = relative(resolve(outDir), p);
  if (rel.startsWith('..') || rel.includes(`..${sep}`) || isAbsolute(rel)) {
    throw new TalgenError(`output file "${name}" would be written outside ${outDir}`);
  }
  return p;
}

/**
 * talhelper's `.gitignore` in the output dir: every written file name is listed unless an existing line already
 * covers it. Returns undefined when nothing needs to change.
 */
export function gitignoreUpdate(outDir: string, names: string[]): string | undefined {
  const path = join(outDir, '.gitignore');
  const current = readOutputFile(path) ?? '';
  const patterns = current
    .split('\n')
    .map((l) => l.trim().replace(/^\//, ''))
    .filter((l) => l && !l.startsWith('#'));
  const exact = new Set(patterns.filter((p) => !/[*?[]/.test(p)));
  const globs = patterns.filter((p) => /[*?[]/.test(p)).map(globRegExp);
  const covered = (name: string) => exact.has(name) || globs.some((re) => re.test(name));
  const missing = names.filter((n) => !covered(n));
  if (!missing.length) return undefined;
  const prefix = current && !current.endsWith('\n') ? `${current}\n` : current;
  return prefix + missing.map((n) => `${n}\n`).join('');
}

function globRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );
}
