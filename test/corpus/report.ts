/** Result lines (`PASS name` / `FAIL name: class: reason` / `SKIP name: reason`), the summary line and the JSON report. */
import { writeFileSync } from 'node:fs';

export interface CaseResult {
  name: string;
  status: 'PASS' | 'FAIL' | 'SKIP';
  /** FAIL: the stage or check that failed (`genconfig`, `schema`, `decode`, `prepare`…). */
  class?: string;
  reason?: string;
  /** Harness actions, talgen warnings and output files, for --verbose and the JSON report. */
  details: string[];
  outputs: string[];
  ms: number;
}

/** First line only: a result stays one line. */
const oneLine = (s: string) => s.split('\n')[0]!.trim();

export function resultLine(r: CaseResult): string {
  if (r.status === 'PASS') return `PASS ${r.name}`;
  if (r.status === 'SKIP') return `SKIP ${r.name}: ${oneLine(r.reason ?? '')}`;
  return `FAIL ${r.name}: ${r.class}: ${oneLine(r.reason ?? '')}`;
}

export function summaryLine(results: CaseResult[]): string {
  const pass = results.filter((r) => r.status === 'PASS').length;
  const skipped = results.filter((r) => r.status === 'SKIP').length;
  return `corpus: ${pass}/${results.length - skipped} pass (${skipped} skipped)`;
}

export function writeReport(file: string, results: CaseResult[]): void {
  const summary = summaryLine(results);
  writeFileSync(file, `${JSON.stringify({ summary, results }, null, 2)}\n`);
}
