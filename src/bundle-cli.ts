#!/usr/bin/env node
/**
 * The package's bin (built to dist/bundle/cli.cjs, CommonJS, by scripts/bundle.mjs): the commands live in one CommonJS bundle,
 * dist/bundle/main.cjs, compiled through the V8 code cache beside it that fits the command line, when there is one.
 * The paths are written as seen from dist/src/ and rewritten by the bundler to dist/bundle/.
 */
import { fileURLToPath } from 'node:url';
import { codeCacheFile, runCachedScript } from './cli/code-cache.js';
import { type Main, runCli } from './cli/run.js';

runCli(process.argv, async () => {
  const file = fileURLToPath(new URL('../bundle/main.cjs', import.meta.url));
  return runCachedScript(file, codeCacheFile(file, process.argv.slice(2))).exports.main as Main;
});
