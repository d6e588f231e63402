/**
 * `talgen gencommand` against talhelper's line format (budimanjojo/talhelper pkg/generate/command.go): the expected
 * lines are written out here from talhelper's rules — `talosctl <cmd> ` + flags joined by one space + `;`, paths
 * `<-o>/…` as given, extra flags after the fixed flags (before `--nodes` for bootstrap, kubeconfig, upgrade-k8s) —
 * for the bundled example (examples/basic, its talenv opened with the example's labelled test key).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/shared.js';
import { talgenMain } from '../helpers/cli.js';
import { makeRepo } from '../genconfig/repo.js';

const EXAMPLE = join(ROOT, 'examples', 'basic');
const KEY = { SOPS_AGE_KEY_FILE: join(EXAMPLE, 'age-test-key.txt') };
const gencommand = (...args: string[]) => talgenMain(['gencommand', ...args], { cwd: EXAMPLE, env: KEY });

// examples/basic: CLUSTER_NAME=homelab (talenv.sops.yaml), Talos v1.13.9, Kubernetes v1.36.3, no schematic.
const NODES = [
  { host: 'cp1', ip: '192.168.1.11', cp: true },
  { host: 'cp2', ip: '192.168.1.12', cp: true },
  { host: 'cp3', ip: '192.168.1.13', cp: true },
  { host: 'worker1', ip: '192.168.1.21', cp: false },
];
const TC = '--talosconfig=./clusterconfig/talosconfig';
// The Image Factory ID of the empty schematic (what factory.talos.dev answers for `{}`), Talos v1.13.9, metal.
const IMAGE = 'factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9';

const line = (cmd: string, flags: string[]) => `talosctl ${cmd} ${flags.join(' ')};`;
const apply = (n: (typeof NODES)[number], nodes = n.ip, extra: string[] = []) =>
  line('apply-config', [TC, `--nodes=${nodes}`, `--file=./clusterconfig/homelab-${n.host}.yaml`, ...extra]);
const upgrade = (n: (typeof NODES)[number], extra: string[] = []) => line('upgrade', [TC, `--nodes=${n.ip}`, `--image=${IMAGE}`, ...extra]);
const single = (cmd: string, nodes: string, extra: string[] = []) => line(cmd, [TC, ...extra, `--nodes=${nodes}`]);
const out = (...lines: string[]) => lines.map((l) => `${l}\n`).join('');

async function ok(args: string[], want: string): Promise<void> {
  const r = await gencommand(...args);
  assert.is(r.stderr, '', `stderr of gencommand ${args.join(' ')}`);
  assert.is(r.code, 0);
  assert.is(r.stdout, want, `gencommand ${args.join(' ')}`);
}

async function fails(args: string[], code: number, message: string): Promise<void> {
  const r = await gencommand(...args);
  assert.is(r.code, code, `exit code of gencommand ${args.join(' ')}: ${r.stderr}`);
  assert.is(r.stdout, '');
  assert.ok(r.stderr.includes(message), `"${message}" in:\n${r.stderr}`);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
}

test('apply: one line per node address; -n hostname or IP; extra flags last', async () => {
  await ok(['apply'], out(...NODES.map((n) => apply(n))));
  await ok(['apply', '-n', 'cp2'], out(apply(NODES[1]!)));
  await ok(['apply', '--node', '192.168.1.21'], out(apply(NODES[3]!)));
  await ok(
    ['apply', '-n', 'cp3', '--extra-flags', '--mode=no-reboot', '--extra-flags', '--dry-run'],
    out(apply(NODES[2]!, undefined, ['--mode=no-reboot', '--dry-run'])),
  );
  await ok(['apply', '-n', 'cp1', '--extra-flags=--mode=staged,--dry-run'], out(apply(NODES[0]!, undefined, ['--mode=staged', '--dry-run'])));
});

test('apply --insecure (maintenance mode) adds --insecure before the extra flags', async () => {
  await ok(['apply', '-n', 'worker1', '--insecure', '--extra-flags', '--dry-run'], out(apply(NODES[3]!, undefined, ['--insecure', '--dry-run'])));
});

test('-o is printed as given, in --talosconfig and --file', async () => {
  await ok(
    ['apply', '-n', 'cp1', '-o', 'out/cfg'],
    out('talosctl apply-config --talosconfig=out/cfg/talosconfig --nodes=192.168.1.11 --file=out/cfg/homelab-cp1.yaml;'),
  );
});

test("upgrade: each node's installer image (the empty schematic's factory URL)", async () => {
  await ok(['upgrade'], out(...NODES.map((n) => upgrade(n))));
  await ok(['upgrade', '-n', 'worker1', '--offline-mode', '--extra-flags', '--preserve'], out(upgrade(NODES[3]!, ['--preserve'])));
});

for (const cmd of ['bootstrap', 'kubeconfig'] as const) {
  test(`${cmd}: the first control plane; -n must be a control plane; extra flags before --nodes`, async () => {
    await ok([cmd], out(single(cmd, '192.168.1.11')));
    await ok([cmd, '-n', 'cp2'], out(single(cmd, '192.168.1.12')));
    await ok([cmd, '-n', '192.168.1.13', '--extra-flags', '--wait'], out(single(cmd, '192.168.1.13', ['--wait'])));
    await fails([cmd, '-n', 'worker1'], 1, 'node with hostname worker1 is not a controlplane node');
    await fails([cmd, '-n', '192.168.1.21'], 1, 'node with IP 192.168.1.21 is not a controlplane node');
    await fails([cmd, '-n', 'cp9'], 1, 'node with IP or hostname cp9 not found');
  });
}

test('upgrade-k8s: --to=v<kubernetesVersion> on the first control plane, extra flags before --nodes', async () => {
  await ok(['upgrade-k8s'], out(line('upgrade-k8s', [TC, '--to=v1.36.3', '--nodes=192.168.1.11'])));
  await ok(['upgrade-k8s', '-n', 'cp3', '--extra-flags', '--dry-run'], out(line('upgrade-k8s', [TC, '--to=v1.36.3', '--dry-run', '--nodes=192.168.1.13'])));
  await fails(['upgrade-k8s', '-n', 'worker1'], 1, 'node with hostname worker1 is not a controlplane node');
});

test('health: the first control plane; -n is printed as given (hostname too); extra flags last', async () => {
  await ok(['health'], out(line('health', [TC, '--nodes=192.168.1.11'])));
  await ok(['health', '-n', 'cp3', '--extra-flags', '--wait-timeout=5m'], out(line('health', [TC, '--nodes=cp3', '--wait-timeout=5m'])));
  await ok(['health', '-n', '192.168.1.21'], out(line('health', [TC, '--nodes=192.168.1.21'])));
  await fails(['health', '-n', 'nope'], 1, 'node with IP or hostname nope not found');
});

test('reset: never every node without --all or -n; --graceful and --reboot spelled out', async () => {
  await fails(['reset'], 2, 'reset without -n would target every node');
  const reset = (n: (typeof NODES)[number], graceful = true, reboot = false, extra: string[] = []) =>
    line('reset', [TC, `--nodes=${n.ip}`, `--graceful=${graceful}`, `--reboot=${reboot}`, ...extra]);
  await ok(['reset', '--all'], out(...NODES.map((n) => reset(n))));
  await ok(['reset', '-n', 'worker1'], out(reset(NODES[3]!)));
  await ok(['reset', '-n', 'cp2', '--reboot', '--no-graceful', '--extra-flags', '--wait=false'], out(reset(NODES[1]!, false, true, ['--wait=false'])));
  await fails(['reset', '--all', '-n', 'cp1'], 2, '--all and -n exclude each other');
});

test('unknown node, unknown command, flags of another command: errors, nothing on stdout', async () => {
  await fails(['apply', '-n', '10.9.9.9'], 1, 'node with IP or hostname 10.9.9.9 not found');
  await fails(['apply', '-n', '10.9.9.9'], 1, 'hint: -n takes a hostname or an address of: cp1 (192.168.1.11)');
  await fails(['rollback'], 2, 'unknown gencommand "rollback"');
  await fails(['bootstrap', '--insecure'], 2, '--insecure is not a flag of gencommand bootstrap');
  await fails(['apply', '--all'], 2, '--all is not a flag of gencommand apply');
  await fails(['apply', '--output', 'yaml'], 2, '--output "yaml" is not a format');
});

test('a node with several addresses: apply and reset per address; -n IP selects that address only', async () => {
  const repo = makeRepo({
    'talconfig.yaml': `clusterName: demo
talosVersion: v1.13.9
kubernetesVersion: v1.36.3
endpoint: https://10.0.0.10:6443
nodes:
  - hostname: cp1
    ipAddress: 10.0.0.11, fd00::11
    controlPlane: true
    installDisk: /dev/sda
  - hostname: w1
    ipAddress: 10.0.0.21,10.0.1.21
    installDisk: /dev/sdb
`,
  });
  const r = (...args: string[]) => talgenMain(['gencommand', ...args], { cwd: repo });
  const a = (ip: string, host: string) => line('apply-config', [TC, `--nodes=${ip}`, `--file=./clusterconfig/demo-${host}.yaml`]);
  assert.is((await r('apply')).stdout, out(a('10.0.0.11', 'cp1'), a('fd00::11', 'cp1'), a('10.0.0.21', 'w1'), a('10.0.1.21', 'w1')));
  assert.is((await r('apply', '-n', 'w1')).stdout, out(a('10.0.0.21', 'w1'), a('10.0.1.21', 'w1')));
  assert.is((await r('apply', '-n', '10.0.1.21')).stdout, out(a('10.0.1.21', 'w1')));
  assert.is((await r('bootstrap', '-n', 'fd00::11')).stdout, out(single('bootstrap', 'fd00::11')));
  assert.is((await r('bootstrap')).stdout, out(single('bootstrap', '10.0.0.11')));
});

test('no SOPS key is needed when only talsecret is encrypted; env substitution still applies', async () => {
  const env = await talgenMain(['decrypt', join(EXAMPLE, 'talenv.sops.yaml')], { env: KEY });
  assert.is(env.code, 0, env.stderr);
  const files: Record<string, string> = {
    'talconfig.yaml': readFileSync(join(EXAMPLE, 'talconfig.yaml'), 'utf8'),
    'talenv.yaml': env.stdout,
    'talsecret.sops.yaml': readFileSync(join(EXAMPLE, 'talsecret.sops.yaml'), 'utf8'),
    'patches/time.yaml': readFileSync(join(EXAMPLE, 'patches', 'time.yaml'), 'utf8'),
    'patches/controlplane-vip.yaml': readFileSync(join(EXAMPLE, 'patches', 'controlplane-vip.yaml'), 'utf8'),
  };
  const repo = makeRepo(files, { secrets: false });
  const r = await talgenMain(['gencommand', 'apply', '-n', 'cp1'], { cwd: repo });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, out(apply(NODES[0]!)));
});

test.run();
