import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFor } from '../../src/cli/bundles.js';
import { runCachedScript, WRAPPER_END, WRAPPER_START } from '../../src/cli/code-cache.js';
import { tmp } from '../helpers/cli.js';

const SOURCE = `const { basename } = require('node:path');
module.exports = { sum: (a, b) => a + b, name: basename(__filename), dir: __dirname, strict: (function () { return this; })() === undefined };
`;

/** A bundle file as scripts/bundle.mjs writes one: the module's code in its CommonJS wrapper. */
const wrap = (text: string): string => `${WRAPPER_START}${text}${WRAPPER_END}`;

function script(text: string): { file: string; cache: string } {
  const dir = tmp('talgen-code-cache-');
  const file = join(dir, 'lib.cjs');
  writeFileSync(file, wrap(text));
  return { file, cache: `${file}.v8cache` };
}

test('a bundle file (a CommonJS module in its wrapper) runs as require would run the module, with or without a cache', () => {
  const { file, cache } = script(`"use strict";${SOURCE}`);
  const first = runCachedScript(file, cache);
  assert.is(first.cache, 'absent');
  const e = first.exports as { sum: (a: number, b: number) => number; name: string; dir: string; strict: boolean };
  assert.is(e.sum(2, 3), 5);
  assert.is(e.name, 'lib.cjs');
  assert.is(e.dir, join(file, '..'));
  assert.ok(e.strict, 'the "use strict" directive applies to the whole file');
  writeFileSync(cache, first.createCachedData());
  const second = runCachedScript(file, cache);
  assert.is(second.cache, 'accepted');
  assert.is((second.exports as typeof e).sum(4, 5), 9);
});

test('a cache made for other bytes is not used, even of the same length: the source is compiled as usual', () => {
  const { file, cache } = script(SOURCE);
  const first = runCachedScript(file, cache);
  const sum = (first.exports as { sum: (a: number, b: number) => number }).sum;
  assert.is(sum(4, 5), 9); // compiled now, so its code is in the cache
  writeFileSync(cache, first.createCachedData());
  for (const edited of [SOURCE.replace('a + b', 'a * b'), SOURCE.replace('a + b', 'a * b + 0')]) {
    writeFileSync(file, wrap(edited));
    const changed = runCachedScript(file, cache);
    assert.is(changed.cache, 'rejected');
    assert.is((changed.exports as { sum: typeof sum }).sum(4, 5), 20);
  }
  writeFileSync(cache, 'not a code cache');
  assert.is(runCachedScript(file, cache).cache, 'rejected');
});

test('a command line led by a command with a bundle of its own runs from it first; help and any other line from main.cjs', () => {
  const file = (args: string[]) => bundleFor(args)?.file;
  assert.is(file(['validate', 'talconfig']), 'validate.cjs');
  assert.is(file(['validate', '--strict', 'talconfig', 'other.yaml']), 'validate.cjs');
  assert.is(file(['validate', 'nodeconfig', 'a.yaml']), 'validate.cjs');
  assert.is(file(['validate', 'talconfig', '--help']), undefined);
  assert.is(file(['validate', '-h']), undefined);
  assert.is(file(['-d', 'validate', 'talconfig']), undefined);
  assert.is(file(['talconfig', 'validate']), undefined);
  assert.is(file(['genconfig']), undefined);
  assert.is(file([]), undefined);
});

test.run();
