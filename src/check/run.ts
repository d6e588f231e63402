import { isAbsolute, relative } from 'node:path';
import { formatIssue, sortIssues, type Issue } from '../core/issue.js';
import type { Mode } from '../validate/issues.js';
import { CHECKS, encryptionProblem } from './checks.js';
import { clusterContext } from './context.js';
import { findClusters, secretFilesIn } from './find.js';
import type { Requirement } from './types.js';

/** What each requirement is, in a skip line. */
const NEEDS: Record<Requirement, string> = {
  env: 'the plaintext of the talconfig, its env files and other SOPS files (patches)',
  secrets: 'the plaintext of the secrets file',
  git: 'a git work tree',
};

export interface CheckOptions {
  mode: Mode;
  strict: boolean;
}

/** The outcome of a run: report lines in order (`findings` to stderr, `notes` to stdout) and the counts. */
export interface CheckReport {
  lines: { stream: 'findings' | 'notes'; text: string }[];
  errors: number;
  warnings: number;
  summary: string;
}

/** Paths in findings relative to the working directory when they lie below it (pre-commit and CI logs stay short). */
function shown(i: Issue): Issue {
  const file = i.at.file;
  if (!file || !isAbsolute(file)) return i;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? { ...i, at: { ...i.at, file: rel } } : i;
}

class Report {
  readonly lines: CheckReport['lines'] = [];
  private readonly seen = new Set<string>();
  errors = 0;
  warnings = 0;

  finding(i: Issue): void {
    const text = formatIssue(shown(i));
    if (this.seen.has(text)) return;
    this.seen.add(text);
    if (i.severity === 'error') this.errors++;
    else this.warnings++;
    this.lines.push({ stream: 'findings', text });
  }

  note(text: string): void {
    this.lines.push({ stream: 'notes', text });
  }

  done(summary: string): CheckReport {
    return { lines: this.lines, errors: this.errors, warnings: this.warnings, summary };
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `talgen check`: every talconfig under `paths`, every row of the check table, one report. */
export async function runChecks(paths: string[], o: CheckOptions): Promise<CheckReport> {
  const report = new Report();
  const clusters = findClusters(paths);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const target of clusters) {
    const c = await clusterContext(target, o);
    const name = relative(process.cwd(), c.talconfig) || c.talconfig;
    // Checks that failed or were skipped (id → why): a check that comes `after` one of them is skipped too.
    const notPassed = new Map<string, string>();
    // Each missing requirement some check wants, once with its reason; the skip lines then name only what.
    for (const r of Object.keys(NEEDS) as Requirement[]) {
      const wanted = CHECKS.some((k) => k.needs.includes(r) || k.without?.[r] !== undefined);
      if (wanted && c.missing[r] !== undefined) report.note(`${name}: without ${NEEDS[r]}: ${c.missing[r]}`);
    }
    for (const check of CHECKS) {
      const unmet = check.needs.filter((r) => c.missing[r] !== undefined);
      if (unmet.length || (check.after && notPassed.has(check.after))) {
        skipped++;
        const why = unmet.length ? `needs ${unmet.map((r) => NEEDS[r]).join(' and ')}` : `${check.after} ${notPassed.get(check.after!)}`;
        notPassed.set(check.id, 'was skipped');
        report.note(`skipped: ${name}: ${check.id} (${check.title}): ${why}`);
        continue;
      }
      for (const [r, instead] of Object.entries(check.without ?? {}) as [Requirement, string][]) {
        if (c.missing[r] !== undefined) report.note(`partly skipped: ${name}: ${check.id}: ${instead} (needs ${NEEDS[r]})`);
      }
      const issues = sortIssues(await check.run(c));
      for (const i of issues) report.finding(i);
      if (issues.some((i) => i.severity === 'error')) {
        failed++;
        notPassed.set(check.id, 'has errors');
      } else passed++;
    }
  }
  const counts = `${plural(clusters.length, 'cluster')}: ${passed} passed, ${failed} failed, ${skipped} skipped`;
  return report.done(`talgen check: ${counts}; ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}`);
}

/** `talgen check --encrypted-only FILE…`: only the secret files among the paths, each must be SOPS-encrypted. */
export function checkEncrypted(paths: string[]): CheckReport {
  const report = new Report();
  const files = secretFilesIn(paths);
  for (const f of files) {
    const problem = encryptionProblem(f);
    if (problem) report.finding(problem);
  }
  return report.done(`talgen check --encrypted-only: ${plural(files.length, 'secret file')}; ${plural(report.errors, 'error')}`);
}
