import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';

// The one place that decides whether a test's prerequisite (the shared conformance data, an external tool) is there.
// Absent: the tests that need it are skipped with one loud line and the skip is recorded for the runner's summary.
// In CI (CI=true) a missing required prerequisite is a failing test instead of a skip.

/** Repository root (tests run from dist/test/...). */
export const ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** `../shared` beside the checkout; TALGEN_SHARED points elsewhere (a path that does not exist simulates its absence). */
export const SHARED = process.env.TALGEN_SHARED ?? join(ROOT, '..', 'shared');

/** CI: missing required prerequisites fail instead of skipping. */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** `../shared/conformance` (or TALGEN_CONFORMANCE); undefined when absent. Tests ask through `needConformance`. */
export const CONFORMANCE = (() => {
  const dir = process.env.TALGEN_CONFORMANCE ?? join(SHARED, 'conformance');
  return existsSync(dir) ? dir : undefined;
})();

export interface Skip {
  /** The test file (set by the runner), suite or test that did not run. */
  what: string;
  /** What is missing, as the user would install or provide it. */
  missing: string;
}

/** Skips recorded in this process; the runner reads and clears them after each test file. */
export const skips: Skip[] = [];

/**
 * `what` cannot run because `missing` is absent. Prints one loud line and records it; in CI a required prerequisite
 * becomes a failing test (`optional`: CI does not provide it either, e.g. Go for the Talos oracle). Call it while the
 * test file loads (module level), where the failing test can still be registered.
 */
export function skip(what: string, missing: string, opts: { optional?: boolean } = {}): void {
  if (IN_CI && !opts.optional) {
    const failing = suite(`missing: ${missing}`);
    failing(what, () => {
      const error = new Error(`${what}: ${missing} is missing, and CI=true makes a missing prerequisite a failure`);
      error.stack = error.message; // the message says it all; no trace of this helper
      throw error;
    });
    failing.run();
    return;
  }
  skips.push({ what, missing });
  console.log(`  ⚠ SKIPPED ${what}: ${missing} is missing`);
}

const CONFORMANCE_MISSING = `conformance data (${join(SHARED, 'conformance')}; set TALGEN_SHARED or TALGEN_CONFORMANCE)`;

/** The conformance directory for `what`, or undefined after recording the skip. */
export function needConformance(what: string): string | undefined {
  if (!CONFORMANCE) skip(what, CONFORMANCE_MISSING);
  return CONFORMANCE;
}

const tools = new Map<string, boolean>();

/** Whether the external command `tool` runs here (`tool --version` starts); records the skip of `what` when not. */
export function needTool(tool: string, what: string): boolean {
  let present = tools.get(tool);
  if (present === undefined) {
    present = spawnSync(tool, ['--version'], { stdio: 'ignore' }).error === undefined;
    tools.set(tool, present);
  }
  if (!present) skip(what, `the \`${tool}\` command (.ci/run installs it)`);
  return present;
}

export function conformanceFile(...parts: string[]): string {
  if (!CONFORMANCE) throw new Error(`conformance data not available: ${CONFORMANCE_MISSING}`);
  return join(CONFORMANCE, ...parts);
}

export function readConformance(...parts: string[]): string {
  return readFileSync(conformanceFile(...parts), 'utf8');
}
