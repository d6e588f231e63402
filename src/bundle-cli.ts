#!/usr/bin/env node
/**
 * The package's bin (built to dist/bundle/cli.cjs, CommonJS, by scripts/bundle.mjs): the commands live in CommonJS
 * bundles, each compiled through the V8 code cache beside it. main.cjs holds every command; a command line led by a
 * command of COMMAND_BUNDLES (src/cli/bundles.ts) runs from that command's smaller bundle first. The paths are
 * written as seen from dist/src/ and rewritten by the bundler to dist/bundle/.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFor } from './cli/bundles.js';
import { codeCacheFile, runCachedScript } from './cli/code-cache.js';
import { type Main, runCli } from './cli/run.js';

const BUNDLES = fileURLToPath(new URL('../bundle/', import.meta.url));

function load(file: string): Record<string, unknown> {
  const path = join(BUNDLES, file);
  return runCachedScript(path, codeCacheFile(path)).exports;
}

runCli(process.argv, async () => {
  const whole = (): Main => load('main.cjs').main as Main;
  const own = bundleFor(process.argv.slice(2));
  if (!own) return whole();
  const partial = load(own.file).main as (argv: string[]) => Promise<number | undefined>;
  return async (argv) => (await partial(argv)) ?? whole()(argv);
});
