import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The git questions `check` asks, answered by the real git (no git, or not a work tree: `gitTopLevel` says why). */
function git(cwd: string, args: string[], input?: string): { code: number; out: string; missing?: string } {
  const r = spawnSync('git', args, { cwd, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  if (r.error) return { code: -1, out: '', missing: `git cannot be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})` };
  return { code: r.status ?? -1, out: r.stdout };
}

/** The work tree's top-level directory, or why there is none. */
export function gitTopLevel(dir: string): { top: string } | { missing: string } {
  const r = git(dir, ['rev-parse', '--show-toplevel']);
  if (r.missing) return { missing: r.missing };
  if (r.code !== 0) return { missing: 'not in a git work tree' };
  return { top: r.out.trim() };
}

/** The paths among `paths` (absolute) that git ignores; tracked files are never ignored. */
export function ignoredPaths(top: string, paths: string[]): Set<string> {
  if (!paths.length) return new Set();
  const r = git(top, ['check-ignore', '-z', '--stdin'], paths.map((p) => `${p}\0`).join(''));
  return new Set(
    r.out
      .split('\0')
      .filter(Boolean)
      .map((p) => resolve(top, p)),
  );
}

/** Files git tracks under `dir`, as absolute paths. */
export function trackedFiles(top: string, dir: string): string[] {
  const r = git(top, ['ls-files', '-z', '--full-name', '--', dir]);
  return r.out
    .split('\0')
    .filter(Boolean)
    .map((p) => resolve(top, p));
}
