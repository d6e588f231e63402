/**
 * Loaded with `node --import` by the benchmark's module count: every file the process loads — through the ESM
 * loader (a `load` hook on Node's hooks thread) or through `require` (the CJS cache at exit) — is appended, one path
 * a line, to the file named by TALGEN_BENCH_MODULES. Not used for timing: the hooks thread costs start-up time.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.TALGEN_BENCH_MODULES;
if (out) {
  register(new URL('./modules-loader.js', import.meta.url), { data: { out } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const files = Object.keys(cache);
    if (files.length) appendFileSync(out, `${files.join('\n')}\n`);
  });
}
