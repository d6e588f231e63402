#!/usr/bin/env node
// Build step of scripts/bundle.mjs, one process per code cache:
//
//   node scripts/train-code-cache.mjs <bundle.cjs> <cache file> '<JSON list of talgen argument lists>'
//
// Loads a bundle (main.cjs or a command's bundle) as cli.cjs does, runs the given commands on a copy of
// examples/basic (with its SOPS key) so that the functions they call are compiled, and saves V8's code cache of the
// bundle with every function compiled so far. A
// process of its own per cache: V8 keeps compiled functions per source text, so a second cache made in the same
// process would hold the first one's functions too. The argument `{clusterconfig}` stands for the configs the
// genconfig before it wrote. stdout is discarded (scripts/bundle.mjs runs this with stdout ignored); stderr is kept
// for the message of a failing command, which fails the build.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [main, cacheFile, runsJson] = process.argv.slice(2);
const runs = JSON.parse(runsJson);

const { runCachedScript } = await import(pathToFileURL(join(ROOT, 'dist/src/cli/code-cache.js')).href);
const work = mkdtempSync(join(tmpdir(), 'talgen-code-cache-'));
const writeErr = process.stderr.write;
let errors = '';
try {
  const repo = join(work, 'basic');
  cpSync(join(ROOT, 'examples/basic'), repo, { recursive: true });
  process.chdir(repo);
  process.env.SOPS_AGE_KEY_FILE = join(repo, 'age-test-key.txt');
  const script = runCachedScript(main, cacheFile);
  process.stderr.write = (chunk) => {
    errors += String(chunk);
    return true;
  };
  for (const run of runs) {
    const args = run.flatMap((a) =>
      a === '{clusterconfig}'
        ? readdirSync(join(repo, 'clusterconfig'))
            .filter((f) => f.endsWith('.yaml'))
            .map((f) => join('clusterconfig', f))
        : [a],
    );
    const code = await script.exports.main(['node', 'talgen', ...args]);
    if (code !== 0) throw new Error(`code cache: talgen ${args.join(' ')} exited ${code}:\n${errors}`);
  }
  writeFileSync(cacheFile, script.createCachedData());
} finally {
  process.stderr.write = writeErr;
  rmSync(work, { recursive: true, force: true });
}
