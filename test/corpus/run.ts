/**
 * `npm run corpus`: render every real-world repo of ../shared/corpus/realworld with talgen as a new user would,
 * and check each node config (Talos's published schema, talgen's own decoder).
 * Options: --filter SUBSTR, --jobs N (default 2), --report FILE (JSON), --verbose. Exit 1 when any case fails.
 * TALHELPER=<talhelper binary> adds the byte comparison with talhelper's own render (test/corpus/talhelper-check.ts).
 */
import { parseArgs } from 'node:util';
import { CORPUS, discoverCases } from './cases.js';
import { runCase } from './render.js';
import { TALHELPER } from './talhelper-check.js';
import { resultLine, summaryLine, writeReport, type CaseResult } from './report.js';

const { values: opts } = parseArgs({
  options: {
    filter: { type: 'string' },
    jobs: { type: 'string', default: '2' },
    report: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

if (!CORPUS) {
  process.stderr.write('corpus: ../shared/corpus/realworld not found (set TALGEN_CORPUS)\n');
  process.exit(1);
}
const jobs = Number(opts.jobs);
if (!Number.isInteger(jobs) || jobs < 1) {
  process.stderr.write(`corpus: --jobs must be a positive integer, got "${opts.jobs}"\n`);
  process.exit(2);
}

const cases = discoverCases(CORPUS, opts.filter);
if (!cases.length) {
  process.stderr.write(`corpus: no case matches --filter "${opts.filter}"\n`);
  process.exit(2);
}
const results: CaseResult[] = new Array(cases.length);
let printed = 0;
/** Lines come out in case order whatever order the workers finish in. */
function flush(): void {
  while (printed < cases.length && results[printed]) {
    const r = results[printed++]!;
    process.stdout.write(`${resultLine(r)}\n`);
    if (opts.verbose) for (const d of [...r.details, ...r.outputs.map((o) => `output: ${o}`)]) process.stdout.write(`    ${d}\n`);
  }
}

let next = 0;
await Promise.all(
  Array.from({ length: Math.min(jobs, cases.length) }, async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i]!);
      flush();
    }
  }),
);
process.stdout.write(`${summaryLine(results)}${TALHELPER ? `, each config compared with ${TALHELPER}'s` : ''}\n`);
if (opts.report) writeReport(opts.report, results);
process.exitCode = results.some((r) => r.status === 'FAIL') ? 1 : 0;
