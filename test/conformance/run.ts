/**
 * `npm run conformance`: every suite against the real projects' data in ../shared/conformance,
 * one summary line per suite (`stability 40/40`). Exit 1 if any case fails.
 */
import { CONFORMANCE } from '../helpers/shared.js';
import { suites } from './suites.js';

if (!CONFORMANCE) {
  process.stderr.write('conformance: ../shared/conformance not found (set TALGEN_CONFORMANCE)\n');
  process.exit(1);
}

let failed = 0;
for (const suite of suites) {
  const results = await suite.run();
  const ok = results.filter((r) => r.ok).length;
  process.stdout.write(`${suite.name} ${ok}/${results.length}\n`);
  for (const r of results.filter((x) => !x.ok)) process.stdout.write(`  FAIL ${r.name}: ${r.detail ?? ''}\n`);
  failed += results.length - ok;
}
process.exitCode = failed ? 1 : 0;
