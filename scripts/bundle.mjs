#!/usr/bin/env node
// Build step: bundle the tsc output with esbuild into dist/bundle/, the package's `bin`; tests keep running dist/src.
//
//   cli.js      ESM, from dist/src/bundle-cli.js: `--version` and the loader of main.cjs, nothing else.
//   main.cjs    CommonJS, from dist/src/cli/main.js: every command and everything they import, in one file. Our own
//               dynamic imports become lazily initialised parts of the file (their code runs on first use only).
//   vendor/*.cjs  one CommonJS bundle per package that is imported dynamically (age-encryption for ssh/post-quantum
//               keys and encryption, handlebars, ajv's compiler): code off the common path, kept out of main.cjs.
//   main.cjs.v8cache  V8's code cache for main.cjs, made by running genconfig and validate on examples/basic in
//               this process: cli.js compiles main.cjs from it (src/cli/code-cache.ts) instead of parsing 800 KB of
//               JavaScript and compiling every function it calls on each start. It fits the Node (V8) that ran the
//               build; another Node rejects it and compiles from source.
//
// Every file lands in dist/bundle/ (or its vendor/ folder), so `new URL('<relative path>', import.meta.url)`
// (package.json, schemas, templates, precompiled validators) is rewritten per source file to the same target seen
// from dist/bundle/, and in main.cjs `import.meta.url` is the URL of main.cjs itself.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
await build({ ...common, format: 'esm', entryPoints: [resolve(ROOT, 'dist/src/bundle-cli.js')], outfile: join(OUT, 'cli.js'), plugins: [relocateUrls] });
await build({ ...commonJs, entryPoints: [resolve(ROOT, 'dist/src/cli/main.js')], outfile: MAIN, plugins: [relocateUrls, splitVendors] });
for (const pkg of vendors) {
  await build({
    ...commonJs,
    stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: ROOT, loader: 'js' },
    outfile: join(OUT, vendorFile(pkg)),
  });
}
await writeCodeCache();

/**
 * Load main.cjs as cli.js does, run the common commands on a copy of examples/basic (genconfig with SOPS files,
 * validate talconfig, validate nodeconfig on the result) so that the functions they call are compiled, and save
 * V8's code cache of the file beside it. Output is discarded; a failing command fails the build.
 */
async function writeCodeCache() {
  const { runCachedScript } = await import(pathToFileURL(join(ROOT, 'dist/src/cli/code-cache.js')).href);
  const work = mkdtempSync(join(tmpdir(), 'talgen-code-cache-'));
  const cwd = process.cwd();
  const write = { out: process.stdout.write, err: process.stderr.write };
  let errors = '';
  try {
    const repo = join(work, 'basic');
    cpSync(join(ROOT, 'examples/basic'), repo, { recursive: true });
    process.chdir(repo);
    process.env.SOPS_AGE_KEY_FILE = join(repo, 'age-test-key.txt');
    const script = runCachedScript(MAIN, `${MAIN}.v8cache`);
    process.stdout.write = () => true;
    process.stderr.write = (chunk) => {
      errors += String(chunk);
      return true;
    };
    const run = async (...args) => {
      const code = await script.exports.main(['node', 'talgen', ...args]);
      if (code !== 0) throw new Error(`code cache: talgen ${args.join(' ')} exited ${code}:\n${errors}`);
    };
    await run('genconfig');
    await run('validate', 'talconfig');
    const configs = readdirSync(join(repo, 'clusterconfig')).filter((f) => f.endsWith('.yaml'));
    await run('validate', 'nodeconfig', ...configs.map((f) => join('clusterconfig', f)));
    writeFileSync(`${MAIN}.v8cache`, script.createCachedData());
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.chdir(cwd);
    rmSync(work, { recursive: true, force: true });
  }
}
