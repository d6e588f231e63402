import { isAbsolute, join } from 'node:path';

/**
 * talhelper's SubstituteRelativePaths: an `@path` value (after trimming) that is not absolute is relative to the
 * talconfig's directory; `@` alone is left as written. Values without `@` are not paths (inline patches, contents).
 */
export function resolveAtPath(spec: string, baseDir: string): string {
  if (!spec.startsWith('@')) return spec;
  const p = spec.slice(1).trim();
  if (!p) return spec;
  return `@${isAbsolute(p) ? p : join(baseDir, p)}`;
}

/** An `extraManifests` entry: a path with or without `@` (talhelper adds the `@`), resolved like `resolveAtPath`. */
export function resolveManifestPath(spec: string, baseDir: string): string {
  return resolveAtPath(`@${spec.replace(/^@/, '')}`, baseDir).slice(1);
}
