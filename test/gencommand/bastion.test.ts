/**
 * Bootstrapping through an SSH bastion (seed 000): one `ssh -L … -N -f` line, then talosctl aimed at the local ends
 * of the tunnels; genconfig puts 127.0.0.1 into machine.certSANs when the talconfig says so.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { talgenMain } from '../helpers/cli.js';
import { makeRepo } from '../genconfig/repo.js';

const THREE = `clusterName: demo
talosVersion: v1.13.9
kubernetesVersion: v1.36.3
endpoint: https://10.0.0.10:6443
additionalMachineCertSans:
  - 10.0.0.10
nodes:
  - hostname: cp1
    ipAddress: 10.0.0.11
    controlPlane: true
    installDisk: /dev/sda
  - hostname: cp2
    ipAddress: 10.0.0.12
    controlPlane: true
    installDisk: /dev/sda
    certSANs:
      - cp2.example.com
  - hostname: w1
    ipAddress: 10.0.0.21
    installDisk: /dev/sda
`;
const WITH_ACCESS = THREE.replace('nodes:\n', 'access:\n  sshBastion: ops@bastion.example.com:2222\nnodes:\n');
const TC = '--talosconfig=./clusterconfig/talosconfig';

function run(repo: string, ...args: string[]) {
  return talgenMain(['gencommand', ...args], { cwd: repo });
}

test('apply --insecure through a bastion: one ssh line, a local port per node from 50001, --nodes=127.0.0.1:<port>', async () => {
  const r = await run(makeRepo({ 'talconfig.yaml': WITH_ACCESS }), 'apply', '--insecure');
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, '');
  assert.is(
    r.stdout,
    [
      'ssh -L 50001:10.0.0.11:50000 -L 50002:10.0.0.12:50000 -L 50003:10.0.0.21:50000 -N -f -p 2222 ops@bastion.example.com;',
      `talosctl apply-config ${TC} --nodes=127.0.0.1:50001 --file=./clusterconfig/demo-cp1.yaml --insecure;`,
      `talosctl apply-config ${TC} --nodes=127.0.0.1:50002 --file=./clusterconfig/demo-cp2.yaml --insecure;`,
      `talosctl apply-config ${TC} --nodes=127.0.0.1:50003 --file=./clusterconfig/demo-w1.yaml --insecure;`,
      '',
    ].join('\n'),
  );
});

test('configured nodes through a bastion: talosctl connects to the tunnel (--endpoints) and names the node 127.0.0.1', async () => {
  const r = await run(makeRepo({ 'talconfig.yaml': THREE }), 'upgrade', '--ssh-bastion', 'ops@bastion.example.com', '-n', 'cp2', '--extra-flags', '--stage');
  assert.is(r.code, 0, r.stderr);
  const image = 'factory.talos.dev/metal-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9';
  // cp2 keeps its port (the second node address) whatever -n selects.
  assert.is(
    r.stdout,
    `ssh -L 50002:10.0.0.12:50000 -N -f ops@bastion.example.com;\ntalosctl upgrade ${TC} --endpoints=127.0.0.1:50002 --nodes=127.0.0.1 --image=${image} --stage;\n`,
  );
});

for (const cmd of ['bootstrap', 'health', 'kubeconfig'] as const) {
  test(`${cmd} through a bastion: the first control plane tunnelled on local port 50000`, async () => {
    const r = await run(makeRepo({ 'talconfig.yaml': WITH_ACCESS }), cmd);
    assert.is(r.code, 0, r.stderr);
    assert.is(
      r.stdout,
      `ssh -L 50000:10.0.0.11:50000 -N -f -p 2222 ops@bastion.example.com;\ntalosctl ${cmd} ${TC} --endpoints=127.0.0.1 --nodes=127.0.0.1;\n`,
    );
  });
}

test('--local-port-base moves the per-node ports; --direct ignores access.sshBastion', async () => {
  const repo = makeRepo({ 'talconfig.yaml': WITH_ACCESS });
  const r = await run(repo, 'reset', '--all', '--local-port-base', '51000');
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout.split('\n')[0], 'ssh -L 51000:10.0.0.11:50000 -L 51001:10.0.0.12:50000 -L 51002:10.0.0.21:50000 -N -f -p 2222 ops@bastion.example.com;');
  assert.is(r.stdout.split('\n')[3], `talosctl reset ${TC} --endpoints=127.0.0.1:51002 --nodes=127.0.0.1 --graceful=true --reboot=false;`);
  assert.is((await run(repo, 'bootstrap', '--direct')).stdout, `talosctl bootstrap ${TC} --nodes=10.0.0.11;\n`);
  const bad = await run(repo, 'apply', '--local-port-base', '49999');
  assert.is(bad.code, 1);
  assert.ok(bad.stderr.includes('local ports 49999-50001 include 50000'), bad.stderr);
});

test('access.localPortBase in the talconfig; an IPv6 node is forwarded in brackets', async () => {
  const text = THREE.replace('nodes:\n', 'access:\n  sshBastion: "[2001:db8::7]:22"\n  localPortBase: 52000\nnodes:\n').replace(
    'ipAddress: 10.0.0.21',
    'ipAddress: fd00::21',
  );
  const r = await run(makeRepo({ 'talconfig.yaml': text }), 'apply', '-n', 'w1', '--insecure');
  assert.is(r.code, 0, r.stderr);
  assert.is(
    r.stdout,
    `ssh -L 52002:[fd00::21]:50000 -N -f -p 22 2001:db8::7;\ntalosctl apply-config ${TC} --nodes=127.0.0.1:52002 --file=./clusterconfig/demo-w1.yaml --insecure;\n`,
  );
});

test('malformed bastion specs: exit 1, located, nothing printed', async () => {
  const repo = makeRepo({ 'talconfig.yaml': THREE });
  for (const [spec, why] of [
    ['ops@', 'no host'],
    ['-oProxyCommand=sh', '"-oProxyCommand=sh" is not a host name'],
    ['ops@bastion:99999', '"99999" is not a TCP port'],
    ['ops@bastion:22:1', 'more than one "@" or ":"'],
    ['o ps@bastion', '"o ps" is not a user name'],
  ]) {
    const r = await run(repo, 'apply', `--ssh-bastion=${spec}`);
    assert.is(r.code, 1, `${spec}: ${r.stderr}`);
    assert.is(r.stdout, '');
    assert.ok(r.stderr.includes(`--ssh-bastion: malformed SSH bastion "${spec}": ${why}`), r.stderr);
  }
  const inFile = makeRepo({ 'talconfig.yaml': THREE.replace('nodes:\n', 'access:\n  sshBastion: "ops@bad host"\nnodes:\n') });
  const r = await run(inFile, 'bootstrap');
  assert.is(r.code, 1);
  assert.match(r.stderr, /talconfig\.yaml:8:\d+: access\.sshBastion: malformed SSH bastion "ops@bad host"/);
  const g = await talgenMain(['genconfig'], { cwd: inFile });
  assert.is(g.code, 1, 'genconfig refuses it too');
});

test('a bastion given on the command line for configs without the 127.0.0.1 SAN: one warning per node before Talos v1.13.4', async () => {
  const older = THREE.replace('talosVersion: v1.13.9', 'talosVersion: v1.13.3');
  assert.is.not(older, THREE);
  const r = await run(makeRepo({ 'talconfig.yaml': older }), 'apply', '--ssh-bastion', 'ops@bastion.example.com');
  assert.is(r.code, 0, r.stderr);
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning:'));
  assert.is(warnings.length, 3, r.stderr);
  assert.match(warnings[1]!, /talconfig\.yaml:\d+:\d+: nodes\[1\]\.certSANs: cp2 is reached through an SSH tunnel but its machine certSANs lack 127\.0\.0\.1/);
  assert.is((await run(makeRepo({ 'talconfig.yaml': WITH_ACCESS }), 'apply')).stderr, '', 'no warning when genconfig adds the SAN');
  const current = await run(makeRepo({ 'talconfig.yaml': THREE }), 'apply', '--ssh-bastion', 'ops@bastion.example.com');
  assert.is(current.code, 0, current.stderr);
  assert.is(current.stderr, '', 'Talos v1.13.4 and later put 127.0.0.1 into the API certificate themselves');
});

test('genconfig adds 127.0.0.1 last to every machine.certSANs with access.sshBastion, and nothing without', async () => {
  const sans = async (talconfig: string) => {
    const repo = makeRepo({ 'talconfig.yaml': talconfig });
    const r = await talgenMain(['genconfig'], { cwd: repo });
    assert.is(r.code, 0, r.stderr);
    return ['cp1', 'cp2', 'w1'].map(
      (h) => parseAllDocuments(readFileSync(join(repo, 'clusterconfig', `demo-${h}.yaml`), 'utf8'))[0]!.toJSON().machine.certSANs,
    );
  };
  assert.equal(await sans(WITH_ACCESS), [
    ['10.0.0.10', '127.0.0.1'],
    ['10.0.0.10', 'cp2.example.com', '127.0.0.1'],
    ['10.0.0.10', '127.0.0.1'],
  ]);
  assert.equal(await sans(THREE), [['10.0.0.10'], ['10.0.0.10', 'cp2.example.com'], ['10.0.0.10']]);
  // Already listed: not twice.
  assert.equal((await sans(WITH_ACCESS.replace('  - 10.0.0.10\n', '  - 127.0.0.1\n')))[1], ['127.0.0.1', 'cp2.example.com']);
});

test.run();
