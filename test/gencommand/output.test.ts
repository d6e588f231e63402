/** `--output json` (the plan) and `--template-dir` (the user's own line templates). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { talgenMain } from '../helpers/cli.js';
import { BASIC, makeRepo } from '../genconfig/repo.js';

// BASIC with the worker's controlPlane left out (talhelper's default: false).
const TALCONFIG = BASIC.replace('    controlPlane: false\n', '');
const repo = makeRepo({ 'talconfig.yaml': TALCONFIG });
const run = (...args: string[]) => talgenMain(['gencommand', ...args], { cwd: repo });

test('--output json: command, tunnel, and per line the node, role, address, endpoint and argv', async () => {
  const r = await run('apply', '--output', 'json', '--ssh-bastion', 'ops@jump', '--extra-flags', '--mode=staged');
  assert.is(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.equal(plan.tunnel, {
    bastion: 'ops@jump',
    destination: 'ops@jump',
    forwards: [
      { node: 'cp1', address: '10.0.0.11', localPort: 50001, remotePort: 50000 },
      { node: 'w1', address: '10.0.0.21', localPort: 50002, remotePort: 50000 },
      { node: 'w1', address: '10.0.1.21', localPort: 50003, remotePort: 50000 },
    ],
    argv: ['ssh', '-L', '50001:10.0.0.11:50000', '-L', '50002:10.0.0.21:50000', '-L', '50003:10.0.1.21:50000', '-N', '-f', 'ops@jump'],
  });
  assert.is(plan.command, 'apply');
  assert.equal(plan.commands[2], {
    node: 'w1',
    role: 'worker',
    address: '10.0.1.21',
    endpoint: '127.0.0.1:50003',
    argv: [
      'talosctl',
      'apply-config',
      '--talosconfig=./clusterconfig/talosconfig',
      '--endpoints=127.0.0.1:50003',
      '--nodes=127.0.0.1',
      '--file=./clusterconfig/demo-w1.yaml',
      '--mode=staged',
    ],
  });
  const direct = JSON.parse((await run('bootstrap', '--output', 'json')).stdout);
  assert.equal(direct, {
    command: 'bootstrap',
    tunnel: null,
    commands: [
      {
        node: 'cp1',
        role: 'controlplane',
        address: '10.0.0.11',
        endpoint: '10.0.0.11',
        argv: ['talosctl', 'bootstrap', '--talosconfig=./clusterconfig/talosconfig', '--nodes=10.0.0.11'],
      },
    ],
  });
});

test("talgen's templates print exactly the JSON plan's argv, for every command, with and without a bastion", async () => {
  const cases: string[][] = [
    ['apply'],
    ['apply', '--insecure'],
    ['upgrade'],
    ['reset', '--all', '--reboot'],
    ['bootstrap'],
    ['kubeconfig'],
    ['upgrade-k8s'],
    ['health', '-n', 'w1'],
  ];
  for (const c of cases) {
    for (const extra of [[], ['--ssh-bastion', 'ops@jump:2200', '--extra-flags', '--a,--b']]) {
      const args = [...c, ...extra];
      const text = await run(...args);
      const json = await run(...args, '--output', 'json');
      assert.is(text.code, 0, text.stderr);
      const plan = JSON.parse(json.stdout);
      const want = [...(plan.tunnel ? [plan.tunnel.argv] : []), ...plan.commands.map((l: { argv: string[] }) => l.argv)]
        .map((a: string[]) => `${a.join(' ')};\n`)
        .join('');
      assert.is(text.stdout, want, args.join(' '));
    }
  }
});

test('--template-dir: the same file names from the user directory; a missing one or a bad one is an error', async () => {
  const dir = join(repo, 'my-templates');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'apply.hbs'),
    'talosctl -n {{nodes}} apply-config -f {{file}} # {{hostname}} ({{role}}, {{address}}){{#each extraFlags}} {{this}}{{/each}}\n',
  );
  const r = await run('apply', '--template-dir', dir, '-n', 'w1', '--extra-flags', '--dry-run');
  assert.is(r.code, 0, r.stderr);
  assert.is(
    r.stdout,
    'talosctl -n 10.0.0.21 apply-config -f ./clusterconfig/demo-w1.yaml # w1 (worker, 10.0.0.21) --dry-run\ntalosctl -n 10.0.1.21 apply-config -f ./clusterconfig/demo-w1.yaml # w1 (worker, 10.0.1.21) --dry-run\n',
  );

  const missing = await run('bootstrap', '--template-dir', dir);
  assert.is(missing.code, 1);
  assert.is(missing.stdout, '');
  assert.ok(missing.stderr.includes(`gencommand template not found: ${join(dir, 'bootstrap.hbs')}`), missing.stderr);
  assert.ok(missing.stderr.includes('hint: --template-dir needs bootstrap.hbs'), missing.stderr);
  const tunnel = await run('apply', '--template-dir', dir, '--ssh-bastion', 'ops@jump');
  assert.is(tunnel.code, 1);
  assert.ok(tunnel.stderr.includes('ssh-tunnel.hbs'), tunnel.stderr);

  writeFileSync(join(dir, 'health.hbs'), 'talosctl health\n--nodes={{node}}\n');
  const unknownField = await run('health', '--template-dir', dir);
  assert.is(unknownField.code, 1);
  assert.match(unknownField.stderr, new RegExp(`${join(dir, 'health.hbs').replace(/[.]/g, '\\.')}:2:\\d+: gencommand template: "node" not defined`));
  writeFileSync(join(dir, 'reset.hbs'), 'talosctl reset {{#if nodes}}\n');
  const syntax = await run('reset', '-n', 'cp1', '--template-dir', dir);
  assert.is(syntax.code, 1);
  assert.match(syntax.stderr, /reset\.hbs:\d+: gencommand template: Parse error/);
});

test.run();
