import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** Repository root (tests run from dist/test/...). */
export const ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** `../shared/conformance` beside the checkout (CI provides it); undefined when absent. */
export const CONFORMANCE = (() => {
  const dir = process.env.TALGEN_CONFORMANCE ?? join(ROOT, '..', 'shared', 'conformance');
  return existsSync(dir) ? dir : undefined;
})();

export function conformanceFile(...parts: string[]): string {
  if (!CONFORMANCE) throw new Error('conformance data not available');
  return join(CONFORMANCE, ...parts);
}

export function readConformance(...parts: string[]): string {
  return readFileSync(conformanceFile(...parts), 'utf8');
}
