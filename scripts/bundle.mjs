#!/usr/bin/env node
// Build step: bundle the tsc output with esbuild into dist/bundle/, the package's `bin`; tests keep running dist/src.
//
//   cli.cjs     CommonJS, from dist/src/bundle-cli.js: `--version` and the loader of main.cjs, nothing else (a
//               CommonJS entry spares Node's ESM loader: ~3.5 ms of every start).
//   main.cjs    CommonJS, from dist/src/cli/main.js: every command and everything they import, in one file. Our own
//               dynamic imports become lazily initialised parts of the file (their code runs on first use only).
//   vendor/*.cjs  one CommonJS bundle per package that is imported dynamically (age-encryption for ssh/post-quantum
//               keys and encryption, handlebars, ajv's compiler): code off the common path, kept out of main.cjs.
//   <command>.cjs  CommonJS, one per entry of COMMAND_BUNDLES (src/cli/bundles.ts): one command alone, for the
//               commands that run on every commit (validate: the pre-commit hooks). cli.cjs runs a command line led
//               by that command from it, and from main.cjs when it declines the line (help, an unknown flag).
//   <bundle>.v8cache  V8's code cache for each bundle, made by running its commands on examples/basic
//               (scripts/train-code-cache.mjs): cli.cjs compiles the bundle from it (src/cli/code-cache.ts) instead
//               of parsing its JavaScript and compiling every function it calls on each start. It fits the Node
//               (V8) that ran the build; another Node rejects it and compiles from source. main.cjs's is trained on
//               genconfig alone: the validate lines it still runs are the rare ones its bundle declines.
//
// Every file lands in dist/bundle/ (or its vendor/ folder), so `new URL('<relative path>', import.meta.url)`
// (package.json, schemas, templates, precompiled validators) is rewritten per source file to the same target seen
// from dist/bundle/, and in main.cjs `import.meta.url` is the URL of main.cjs itself.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(ROOT, 'dist/bundle');
const MAIN = join(OUT, 'main.cjs');
const RELATIVE_URL = /new URL\('(\.{1,2}\/[^']*)', import\.meta\.url\)/g;
/** `import(new URL('./x.js', import.meta.url).href)`: a module found at run time (the precompiled talconfig validator). */
const RUNTIME_IMPORT = /import\(new URL\('(\.{1,2}\/[^']*\.js)', import\.meta\.url\)\.href\)/g;

const relocateUrls = {
  name: 'relocate-relative-urls',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const contents = text
        .replace(RUNTIME_IMPORT, (_m, rel) => `import('${rel}')`) // built before the bundle: bundled like any module
        .replace(RELATIVE_URL, (_m, rel) => {
          const target = resolve(dirname(args.path), rel);
          let fromOut = relative(OUT, target).split('\\').join('/');
          if (!fromOut.startsWith('.')) fromOut = `./${fromOut}`;
          if (rel.endsWith('/')) fromOut += '/';
          return `new URL('${fromOut}', import.meta.url)`;
        });
      return { contents, loader: 'js' };
    });
  },
};

/** Packages imported dynamically (`await import('pkg')`) → their own bundle in vendor/, required on first use. */
const vendors = new Set();
const vendorFile = (pkg) => `vendor/${pkg.replace(/[^\w.-]+/g, '-')}.cjs`;
const splitVendors = {
  name: 'split-vendors',
  setup(b) {
    b.onResolve({ filter: /^[^.]/ }, (args) => {
      if (args.kind !== 'dynamic-import' || args.path.startsWith('node:')) return undefined;
      vendors.add(args.path);
      return { path: `./${vendorFile(args.path)}`, external: true };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  // Whitespace and syntax minification only (identifiers and names kept): less source for V8 to scan at start-up.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};
/** CommonJS output of ES modules: strict mode kept, `import()` of what stays outside the file becomes `require`. */
const commonJs = {
  ...common,
  format: 'cjs',
  supported: { 'dynamic-import': false },
  banner: { js: `"use strict";var __talgenUrl=require("node:url").pathToFileURL(__filename).href;` },
  define: { 'import.meta.url': '__talgenUrl' },
};

rmSync(OUT, { recursive: true, force: true }); // no stale files
await build({ ...commonJs, entryPoints: [resolve(ROOT, 'dist/src/bundle-cli.js')], outfile: join(OUT, 'cli.cjs'), plugins: [relocateUrls] });
const { COMMAND_BUNDLES } = await import(pathToFileURL(join(ROOT, 'dist/src/cli/bundles.js')).href);
const { WRAPPER_START, WRAPPER_END } = await import(pathToFileURL(join(ROOT, 'dist/src/cli/code-cache.js')).href);
/** main.cjs and the command bundles: run by cli.cjs through runCachedScript, so written in their CommonJS wrapper. */
const wrapped = { ...commonJs, banner: { js: `${WRAPPER_START}${commonJs.banner.js}` }, footer: { js: WRAPPER_END } };
await build({ ...wrapped, entryPoints: [resolve(ROOT, 'dist/src/cli/main.js')], outfile: MAIN, plugins: [relocateUrls, splitVendors] });
for (const b of COMMAND_BUNDLES) {
  await build({ ...wrapped, entryPoints: [resolve(ROOT, b.entry)], outfile: join(OUT, b.file), plugins: [relocateUrls, splitVendors] });
}
for (const pkg of vendors) {
  await build({
    ...commonJs,
    stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: ROOT, loader: 'js' },
    outfile: join(OUT, vendorFile(pkg)),
  });
}
const trainings = [{ file: MAIN, runs: [['genconfig']] }, ...COMMAND_BUNDLES.map((b) => ({ file: join(OUT, b.file), runs: b.training }))];
for (const { file, runs } of trainings) {
  const cache = `${file}.v8cache`;
  // stdout ignored: the commands' results go straight to file descriptor 1 (src/cli/output.ts).
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/train-code-cache.mjs'), file, cache, JSON.stringify(runs)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`training the code cache ${cache} failed (exit ${r.status ?? r.signal})`);
}
