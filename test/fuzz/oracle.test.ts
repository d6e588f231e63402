import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { TalgenError } from '../../src/core/errors.js';
import { goTemplate, talconfigText } from './generators.js';
import { judge, judgeCli } from './oracle.js';

/** The fuzz oracle itself: what counts as a crash (test/fuzz/run.ts exits 1 on any). */

test('success and a located TalgenError with a hint pass; everything else is a crash, named by its class', () => {
  assert.equal(judge(undefined), { kind: 'ok' });
  assert.equal(judge(new TalgenError('bad', { file: 'p.yaml', line: 2, col: 3, hint: 'fix it' })), { kind: 'refused' });
  assert.equal(judge(new TalgenError('bad rendered value', { path: 'nodes[0] (cp1)', hint: 'fix it' })), { kind: 'refused' });
  const crash = (e: unknown) => {
    const o = judge(e);
    assert.is(o.kind, 'crash');
    return o.kind === 'crash' ? o.class : '';
  };
  assert.is(crash(new TypeError("Cannot read properties of undefined (reading 'x')")), 'TypeError: Cannot read properties of undefined (reading …)');
  assert.is(crash(new RangeError('Maximum call stack size exceeded')), 'RangeError: Maximum call stack size exceeded');
  assert.is(crash('thrown string'), 'Error: thrown string');
  assert.is(crash(new TalgenError('bad', { hint: 'h' })), 'no location: bad');
  assert.is(crash(new TalgenError('bad 12', { file: 'p.yaml', path: 'a.b', hint: 'h' })), 'no line:col: bad N');
  assert.is(crash(new TalgenError('bad', { file: 'p.yaml', line: 1, col: 1 })), 'no hint: bad');
});

test('CLI outcomes: exit 0, or one located line with a hint; internal errors, stack traces and bare messages are crashes', () => {
  assert.is(judgeCli({ code: 0, signal: null, stderr: '' }).kind, 'ok');
  assert.is(judgeCli({ code: 1, signal: null, stderr: 'warning: x\ntalgen: /r/talconfig.yaml:3:5: nodes[0].hostname: bad\n  hint: fix\n' }).kind, 'refused');
  assert.is(judgeCli({ code: 1, signal: null, stderr: 'talgen: nodes[0] (cp1): invalid config\n  hint: fix\n' }).kind, 'refused');
  for (const stderr of [
    'talgen: internal error: x is not a function\n',
    'talgen: something failed\n  hint: fix\n',
    'talgen: /r/p.yaml:1:1: bad\n',
    'TypeError: x\n    at f (file.js:1:1)\n',
  ]) {
    assert.is(judgeCli({ code: 1, signal: null, stderr }).kind, 'crash', stderr);
  }
  assert.is(judgeCli({ code: null, signal: 'SIGKILL', stderr: '' }).kind, 'crash');
});

test('inputs replay from their seed alone', () => {
  for (const arb of [goTemplate(), talconfigText().map((t) => t.talconfig)]) {
    const a = fc.sample(arb, { seed: 12345, numRuns: 3 });
    assert.equal(fc.sample(arb, { seed: 12345, numRuns: 3 }), a);
    assert.not.equal(fc.sample(arb, { seed: 54321, numRuns: 3 }), a);
  }
});

test.run();
