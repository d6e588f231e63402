import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadTalconfig } from '../../src/talconfig/load.js';
import { assertValid } from '../../src/talconfig/validate.js';
import { formatIssue } from '../../src/core/issue.js';
import { TalgenError } from '../../src/core/errors.js';
import { talgenMain } from '../helpers/cli.js';
import { makeRepo } from '../genconfig/repo.js';
import { conformanceFile, needConformance } from '../helpers/shared.js';

const BASIC = `clusterName: demo
talosVersion: v1.13.9
kubernetesVersion: v1.36.3
endpoint: https://10.0.0.10:6443
controlPlane:
  nodeLabels:
    role: cp
nodes:
  - hostname: cp1
    ipAddress: 10.0.0.11
    controlPlane: true
    installDisk: /dev/sda
  - hostname: w1
    ipAddress: 10.0.0.21
    installDisk: /dev/sda
`;

const repo = (files: Record<string, string>) => makeRepo(files, { secrets: false });

async function findings(text: string, opts: { strict?: boolean; env?: Record<string, string> } = {}): Promise<string[]> {
  const dir = repo({ 'talconfig.yaml': text });
  try {
    const r = await loadTalconfig({ configFile: join(dir, 'talconfig.yaml'), envFiles: [], processEnv: opts.env ?? {}, strict: opts.strict });
    return r.issues.map((f) => formatIssue(f).replace(`${dir}/`, ''));
  } catch (e) {
    if (e instanceof TalgenError) return [e.format().replace(`${dir}/`, '')];
    throw e;
  }
}

test('a valid talconfig: no findings, nodes merged', async () => {
  const dir = repo({ 'talconfig.yaml': BASIC });
  const r = await loadTalconfig({ configFile: join(dir, 'talconfig.yaml'), envFiles: [], processEnv: {} });
  assert.equal(r.issues, []);
  assert.equal(
    r.nodes.map((n) => [n.hostname, n.group, n.nodeLabels]),
    [
      ['cp1', 'controlPlane', { role: 'cp' }],
      ['w1', 'worker', undefined],
    ],
  );
});

// Bad input: one case each, asserting file:line:col.
const cases: [string, string, RegExp, { strict?: boolean }?][] = [
  ['YAML syntax error', BASIC.replace('  - hostname: w1', '  - hostname: [w1'), /^talconfig\.yaml:14:5: YAML: /],
  [
    'wrong field type',
    BASIC.replace('controlPlane: true', 'controlPlane: yes please'),
    /^talconfig\.yaml:11:19: nodes\[0\]\.controlPlane: cannot unmarshal !!str `yes please` into bool/,
  ],
  [
    'unknown enum',
    BASIC.replace('nodes:', 'worker:\n  ingressFirewall:\n    defaultAction: drop\nnodes:'),
    /^talconfig\.yaml:10:20: worker\.ingressFirewall\.defaultAction: must be one of "accept", "block"/,
  ],
  [
    'unknown key is a warning with did-you-mean',
    BASIC.replace('    installDisk: /dev/sda\n  - hostname: w1', '    installDisk: /dev/sda\n    nodeLables: {}\n  - hostname: w1'),
    /^warning: talconfig\.yaml:13:5: nodes\[0\]\.nodeLables: unknown field \(ignored\) \(did you mean "nodeLabels"\?\)/,
  ],
  [
    'unknown key is an error with strict',
    BASIC.replace('clusterName: demo', 'clusterName: demo\nclusterNmae: x'),
    /^talconfig\.yaml:2:1: clusterNmae: unknown field \(ignored\) \(did you mean "clusterName"\?\)/,
    { strict: true },
  ],
  ['invalid CIDR', BASIC.replace('nodes:', 'clusterPodNets:\n  - 10.244.0.0/33\nnodes:'), /^talconfig\.yaml:9:5: clusterPodNets\[0\]: is not a valid CIDR/],
  [
    'invalid IP (nameserver)',
    BASIC.replace('    installDisk: /dev/sda\n  - hostname: w1', '    installDisk: /dev/sda\n    nameservers: [1.1.1.300]\n  - hostname: w1'),
    /^talconfig\.yaml:13:19: nodes\[0\]\.nameservers\[0\]: is not a valid IP address/,
  ],
  [
    'invalid IP (ipAddress)',
    BASIC.replace('10.0.0.21', '10.0.0.999'),
    /^talconfig\.yaml:14:16: nodes\[1\]\.ipAddress: "10\.0\.0\.999" is neither an IP address nor a DNS name/,
  ],
  [
    'hostname with a path separator',
    BASIC.replace('hostname: w1', 'hostname: ../w1'),
    /^talconfig\.yaml:13:15: nodes\[1\]\.hostname: "\.\.\/w1" is not a valid hostname \(a hostname names the output file: a path separator/,
  ],
  [
    'duplicate hostnames',
    BASIC.replace('hostname: w1', 'hostname: cp1'),
    /^talconfig\.yaml:13:15: nodes\[1\]\.hostname: duplicate hostname "cp1" \(also nodes\[0\] at line 9\)/,
  ],
  ['unset variable', BASIC.replace('clusterName: demo', 'clusterName: ${NAME}'), /^talconfig\.yaml:1:14: variable \$\{NAME\} is not set/],
  [
    'missing install disk',
    BASIC.replace('    installDisk: /dev/sda\n  - hostname: w1', '  - hostname: w1'),
    /^talconfig\.yaml:9:5: nodes\[0\]: a node needs installDisk or installDiskSelector/,
  ],
  ['missing required field', BASIC.replace('kubernetesVersion: v1.36.3\n', ''), /^talconfig\.yaml:1:1: missing required field "kubernetesVersion"/],
  [
    'image suffix that does not fit the boot method (talhelper checkNodeMachineSpec)',
    BASIC.replace(
      '    installDisk: /dev/sda\n  - hostname: w1',
      '    installDisk: /dev/sda\n    machineSpec:\n      bootMethod: disk-image\n      imageSuffix: raw\n  - hostname: w1',
    ),
    /^talconfig\.yaml:15:20: nodes\[0\]\.machineSpec\.imageSuffix: image suffix "raw" does not fit boot method disk-image \(for disk-image use raw\.zst, raw\.xz, raw\.tar\.gz, vhd\.xz, raw\.gz, ova, qcow2\)/,
  ],
  [
    'install disk type Talos does not match (v1.9+: as written)',
    BASIC.replace('    installDisk: /dev/sda\n  - hostname: w1', '    installDiskSelector:\n      type: HDD\n  - hostname: w1'),
    /^talconfig\.yaml:13:13: nodes\[0\]\.installDiskSelector\.type: unsupported disk type "HDD" \(Talos matches ssd, hdd, nvme, sd, in lower case\)/,
  ],
];
const DISK_TYPE_V1_8 = BASIC.replace('v1.13.9', 'v1.8.4')
  .replace('v1.36.3', 'v1.31.2')
  .replace('    installDisk: /dev/sda\n  - hostname: w1', '    installDiskSelector:\n      type: HDD\n  - hostname: w1');

test('before Talos v1.9 the install disk type is read in any case, as Talos reads it; an unknown one is still refused', async () => {
  assert.equal(await findings(DISK_TYPE_V1_8), []);
  assert.equal(await findings(DISK_TYPE_V1_8.replace('type: HDD', 'type: floppy')), [
    'talconfig.yaml:13:13: nodes[0].installDiskSelector.type: unsupported disk type "floppy" (Talos matches ssd, hdd, nvme, sd, in lower case)',
  ]);
});
for (const [name, text, re, opts] of cases) {
  test(`bad input: ${name}`, async () => {
    const got = await findings(text, opts);
    assert.ok(
      got.some((l) => re.test(l)),
      got.join('\n'),
    );
  });
}

test('an error after a variable expansion keeps the exact column of the source', async () => {
  const text = BASIC.replace('    ipAddress: 10.0.0.21', '    ipAddress: ${PREFIX}.21').replace('hostname: w1', 'hostname: ${HOST_NAME_WITH_A_LONG_VARIABLE}');
  const got = await findings(text.replace('nodes:', 'clusterSvcNets: ["${SVC}", 10.96.0.0/99]\nnodes:'), {
    env: { PREFIX: '10.0.0.999', HOST_NAME_WITH_A_LONG_VARIABLE: 'w1', SVC: '10.96.0.0/12' },
  });
  assert.ok(
    got.some((l) => /^talconfig\.yaml:8:28: clusterSvcNets\[1\]: is not a valid CIDR/.test(l)),
    got.join('\n'),
  );
  assert.ok(
    got.some((l) => /^talconfig\.yaml:15:16: nodes\[1\]\.ipAddress: "10\.0\.0\.999\.21"/.test(l)),
    got.join('\n'),
  );
});

test('findings come in source order; assertValid throws the first error and returns warnings', async () => {
  const dir = repo({
    'talconfig.yaml': BASIC.replace('hostname: w1', 'hostname: cp1').replace('clusterName: demo', 'clusterName: demo\nx-anchors: {}\nclusterPodNets: [bad]'),
  });
  const r = await loadTalconfig({ configFile: join(dir, 'talconfig.yaml'), envFiles: [], processEnv: {} });
  const lines = r.issues.map((f) => f.at.line ?? 0);
  assert.equal(
    lines,
    [...lines].sort((a, b) => a - b),
  );
  assert.throws(
    () => assertValid(r.issues),
    (e: unknown) => e instanceof TalgenError && e.line === 3 && /CIDR/.test(e.message),
  );
  assert.equal(
    assertValid(r.issues.filter((f) => f.severity === 'warning')).map((f) => f.at.path),
    ['x-anchors'],
  );
});

test('missing talconfig says where it looked', async () => {
  const dir = repo({});
  await loadTalconfig({ configFile: join(dir, 'talconfig.yaml'), envFiles: [] }).then(
    () => assert.unreachable('no error'),
    (e: TalgenError) => assert.match(e.message, `talconfig not found (looked at ${join(dir, 'talconfig.yaml')})`),
  );
});

test('env files in the working directory are read (later ones win) before substitution', async () => {
  const dir = repo({
    'talconfig.yaml': BASIC.replace('clusterName: demo', 'clusterName: ${NAME}'),
    'talenv.yaml': 'NAME: first\n',
    'talenv.yml': 'NAME=second\n',
  });
  const r = await loadTalconfig({ configFile: join(dir, 'talconfig.yaml'), processEnv: { NAME: 'proc' }, cwd: dir });
  assert.is(r.config.clusterName, 'second');
  assert.equal(
    r.envFiles.map((f) => f.slice(dir.length + 1)),
    ['talenv.yaml', 'talenv.yml'],
  );
});

test('CLI: validate talconfig prints ok or every finding with file:line:col (exit 1); genschema to stdout and -f', async () => {
  const dir = repo({ 'talconfig.yaml': BASIC.replace('clusterName: demo', 'clusterName: demo\nx-anchors: {}') });
  const ok = await talgenMain(['validate', 'talconfig'], { cwd: dir });
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /talconfig\.yaml: ok \(2 nodes, 1 warning\(s\)\)/);
  assert.match(ok.stderr, /warning: \S*talconfig\.yaml:2:1: x-anchors: unknown field/);
  assert.is((await talgenMain(['validate', 'talconfig', '--strict'], { cwd: dir })).code, 1);
  const bad = repo({ 'talconfig.yaml': BASIC.replace('hostname: w1', 'hostname: cp1').replace('10.0.0.11', '10.0.0.300') });
  const v = await talgenMain(['validate', 'talconfig', join(bad, 'talconfig.yaml')]);
  assert.is(v.code, 1);
  assert.match(v.stderr, /talconfig\.yaml:10:16: nodes\[0\]\.ipAddress: "10\.0\.0\.300" is neither/);
  assert.match(v.stderr, /talconfig\.yaml:13:15: nodes\[1\]\.hostname: duplicate hostname/);
  assert.match(v.stderr, /2 error\(s\)/);
  const env = repo({ 'talconfig.yaml': BASIC.replace('clusterName: demo', 'clusterName: ${N}'), 'vars.env': 'N=fromfile\n' });
  assert.is((await talgenMain(['validate', 'talconfig', '-e', 'vars.env'], { cwd: env })).code, 0);
  const schema = JSON.parse((await talgenMain(['genschema'])).stdout);
  assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const out = join(dir, 'talconfig.schema.json');
  assert.is((await talgenMain(['genschema', '-f', out])).code, 0);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')), schema);
});

if (needConformance("talhelper's example validates")) {
  test("talhelper's example talconfig validates (its SOPS talenv decrypted with the example's test key)", async () => {
    const configFile = conformanceFile('talhelper', 'example', 'talconfig.yaml');
    const key = conformanceFile('talhelper', 'example', 'key.txt');
    if (!existsSync(key)) {
      console.log('  skipped: the example age key is missing, its encrypted talenv.yaml cannot be read');
      return;
    }
    const saved = process.env.SOPS_AGE_KEY_FILE;
    process.env.SOPS_AGE_KEY_FILE = key;
    try {
      const r = await loadTalconfig({ configFile, processEnv: {}, cwd: dirname(configFile) });
      assert.equal(r.issues.filter((f) => f.severity === 'error').map(formatIssue), []);
      assert.ok(r.nodes.length >= 2);
      assert.ok(r.config.domain && !r.config.domain.includes('$'), 'domain came from the decrypted talenv');
    } finally {
      if (saved === undefined) delete process.env.SOPS_AGE_KEY_FILE;
      else process.env.SOPS_AGE_KEY_FILE = saved;
    }
  });
}

test.run();
