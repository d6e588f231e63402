#!/usr/bin/env node
// Build step: bundle the tsc output (dist/src/cli.js) with esbuild into dist/bundle/: ESM, split into chunks, so
// each command's dynamic imports stay lazy and start-up loads a handful of files instead of hundreds. The package's
// `bin` runs this bundle; tests keep running dist/src.
//
// Every chunk lands in dist/bundle/, so `new URL('<relative path>', import.meta.url)` (package.json, schemas,
// templates, precompiled validators) is rewritten per source file to the same target seen from dist/bundle/.
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(ROOT, 'dist/bundle');
const RELATIVE_URL = /new URL\('(\.{1,2}\/[^']*)', import\.meta\.url\)/g;

const relocateUrls = {
  name: 'relocate-relative-urls',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const contents = text.replace(RELATIVE_URL, (_m, rel) => {
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

rmSync(OUT, { recursive: true, force: true }); // chunk names change with their contents: no stale chunks
await build({
  entryPoints: [resolve(ROOT, 'dist/src/cli.js')],
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  // Whitespace and syntax minification only (identifiers and names kept): less source for V8 to scan at start-up.
  minifyWhitespace: true,
  minifySyntax: true,
  // Bundled CommonJS dependencies require Node built-ins; ESM output has no `require` unless one is made.
  banner: { js: "import { createRequire as __talgenRequire } from 'node:module'; const require = __talgenRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [relocateUrls],
});
