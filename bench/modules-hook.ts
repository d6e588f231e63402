/**
 * Loaded with `node --import` by the benchmark's module count: every file the process loads — through the ESM
 * loader (a `load` hook on Node's hooks thread), through `require` (the CJS cache at exit) or compiled through
 * `node:vm` (the bin's main.cjs, src/cli/code-cache.ts) — is appended, one path a line, to the file named by
 * TALGEN_BENCH_MODULES. Not used for timing: the hooks thread costs start-up time.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register, syncBuiltinESMExports } from 'node:module';
import vm from 'node:vm';

const out = process.env.TALGEN_BENCH_MODULES;
if (out) {
  register(new URL('./modules-loader.js', import.meta.url), { data: { out } });
  const cache = createRequire(import.meta.url).cache;
  const compiled: string[] = [];
  const Script = vm.Script;
  (vm as { Script: typeof vm.Script }).Script = class extends Script {
    constructor(code: string, options?: vm.ScriptOptions) {
      super(code, options);
      if (options?.filename) compiled.push(options.filename);
    }
  };
  syncBuiltinESMExports(); // `import { Script } from 'node:vm'` in the bin sees the counting class
  process.on('exit', () => {
    const files = [...Object.keys(cache), ...compiled];
    if (files.length) appendFileSync(out, `${files.join('\n')}\n`);
  });
}
