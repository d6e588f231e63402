import { relative, sep } from 'node:path';
import type { WarningSink } from '../core/issue.js';
import { diffFile, type FileChange } from '../emit/diff.js';
import type { RedactOptions } from '../emit/redact.js';
import { loadRootFor, readOutputFile } from '../load/load-root.js';
import { openMaybeEncrypted } from '../sops/index.js';

/** A file as it would be written (`data`), or a file that is no longer produced (`data` undefined). */
export interface Expected {
  path: string;
  data?: string;
}

export interface CompareOptions extends Omit<RedactOptions, 'secretValues'> {
  /** Paths are shown relative to this directory (the repository root). */
  displayRoot: string;
  /** Values decrypted from SOPS files; an existing output that is SOPS-encrypted adds its values. */
  secretValues: Set<string>;
  onWarning: WarningSink;
}

/** The repository a talconfig belongs to (its git top-level, else its directory): diff paths are relative to it. */
export function repositoryRoot(configFile: string): string {
  return loadRootFor(configFile, 'rootOnly').dir!;
}

/** `path` relative to `root` with `/` separators (`../x` when outside it; never absolute). */
export function shownPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/') || '.';
}

/**
 * Compare rendered files with what the output directory holds, never writing. An existing output is read as genconfig
 * would overwrite it (never through a symlink); one that is SOPS-encrypted is decrypted, and one that cannot be is an
 * error, as in talhelper. One that is not YAML is a whole-file change with a warning.
 */
export async function compareOutputs(files: readonly Expected[], o: CompareOptions): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const f of files) {
    const raw = readOutputFile(f.path);
    const before = raw === undefined ? undefined : (await openMaybeEncrypted(raw, f.path, { onSecret: (v) => o.secretValues.add(v) })).text;
    const change = diffFile({ path: shownPath(o.displayRoot, f.path), before, after: f.data }, o);
    for (const w of change.warnings) o.onWarning(w);
    changes.push(change);
  }
  return changes;
}
