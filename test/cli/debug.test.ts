import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEBUG_STEPS } from '../../src/core/debug.js';
import { decryptText, discoverKeys } from '../../src/sops/index.js';
import { tmp, talgenMain } from '../helpers/cli.js';
import { ROOT } from '../helpers/shared.js';

/** The bundled example (SOPS-encrypted talsecret and talenv, patches) in a fresh directory. */
function example(): { dir: string; env: Record<string, string | undefined> } {
  const dir = tmp('talgen-debug-');
  cpSync(join(ROOT, 'examples', 'basic'), dir, { recursive: true, filter: (src) => !src.includes(join('basic', 'clusterconfig')) });
  return { dir, env: { SOPS_AGE_KEY_FILE: join(dir, 'age-test-key.txt') } };
}

/** Every plaintext value of the example's SOPS files (what must never reach a debug line). */
async function secretValues(dir: string): Promise<string[]> {
  const values: string[] = [];
  const keys = await discoverKeys({ SOPS_AGE_KEY_FILE: join(dir, 'age-test-key.txt') });
  for (const f of ['talsecret.sops.yaml', 'talenv.sops.yaml']) {
    const path = join(dir, f);
    await decryptText(readFileSync(path, 'utf8'), path, { keys, onSecret: (v) => values.push(v) });
  }
  // Short values (`true`, a port) say nothing; the keys, tokens and addresses are what matter.
  return values.filter((v) => v.length >= 8);
}

test('-d reports every pipeline step with its subject, counts and duration on stderr', async () => {
  const { dir, env } = example();
  const r = await talgenMain(['genconfig', '-d', '-o', 'out'], { cwd: dir, env });
  assert.is(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('debug: '));
  for (const step of DEBUG_STEPS)
    assert.ok(
      lines.some((l) => l.startsWith(`debug: ${step} `)),
      `no ${step} line in\n${r.stderr}`,
    );
  for (const l of lines) assert.match(l, /^debug: [a-z]+ .+ \(\d+\.\d ms\)$/);
  assert.ok(
    lines.some((l) => /^debug: decrypt .*talsecret\.sops\.yaml values=\d+ /.test(l)),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((l) => /^debug: load .*talconfig\.yaml nodes=4 issues=0 /.test(l)),
    lines.join('\n'),
  );
  assert.ok(lines.some((l) => /^debug: plan .*talconfig\.yaml nodes=4 globalPatches=1 /.test(l)));
  for (const host of ['cp1', 'cp2', 'cp3', 'worker1']) {
    for (const step of ['generate', 'validate', 'emit'])
      assert.ok(
        lines.some((l) => l.startsWith(`debug: ${step} ${host} `)),
        `${step} ${host}`,
      );
  }
  assert.ok(lines.some((l) => /^debug: patch cp1 \(global patches\) patches=1 documents=\d+ /.test(l)));
  // Steps come in pipeline order: the talconfig is loaded and planned before any node is generated.
  const first = (step: string) => lines.findIndex((l) => l.startsWith(`debug: ${step} `));
  assert.ok(first('load') < first('plan') && first('plan') < first('generate') && first('generate') < first('patch'));
  assert.ok(first('patch') < first('validate') && first('validate') < first('emit'));
  // Names and counts only: no value from a SOPS file appears in a debug line.
  const secrets = await secretValues(dir);
  assert.ok(secrets.length > 5);
  for (const s of secrets) assert.not.ok(r.stderr.includes(s), 'a secret value reached the debug output');
});

test('without -d nothing is reported, and the sink is gone after a debug run', async () => {
  const { dir, env } = example();
  assert.match((await talgenMain(['--debug', 'validate', 'talconfig'], { cwd: dir, env })).stderr, /^debug: load /m);
  const r = await talgenMain(['genconfig', '-o', 'out'], { cwd: dir, env });
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stderr, /debug:/);
});

test.run();
