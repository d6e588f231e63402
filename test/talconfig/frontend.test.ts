import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTalconfig } from '../../src/talconfig/load.js';
import { planCluster } from '../../src/plan/cluster.js';
import { readMaybeEncrypted } from '../../src/sops/index.js';
import { keysFrom } from '../sops/helpers.js';
import { TalgenError } from '../../src/core/errors.js';
import { formatIssue } from '../../src/core/issue.js';
import { talgenMain } from '../helpers/cli.js';
import { makeRepo } from '../genconfig/repo.js';
import { conformanceFile, needConformance } from '../helpers/shared.js';

const BASE = `clusterName: demo
talosVersion: v1.13.9
kubernetesVersion: v1.36.3
endpoint: https://10.0.0.10:6443
`;
const NODES = `nodes:
  - hostname: cp1
    ipAddress: 10.0.0.11
    controlPlane: true
    installDisk: /dev/sda
  - hostname: w1
    ipAddress: 10.0.0.21
    installDisk: /dev/sda
`;

// Repos come with the shared pre-generated talsecret.yaml: no test here is about generating secrets.
const repo = (files: Record<string, string>) => makeRepo(files);

async function issues(text: string, extra: Record<string, string> = {}): Promise<string[]> {
  const dir = repo({ 'talconfig.yaml': text, ...extra });
  const r = await loadTalconfig({ configFile: join(dir, 'talconfig.yaml'), envFiles: [], processEnv: {} });
  return r.issues.map((i) => formatIssue(i).replaceAll(`${dir}/`, ''));
}

// talhelper's validator rules, one case each: file:line:col of the value and the field path.
const rules: [string, string, RegExp][] = [
  ['domain with a comma', `${BASE}domain: "a,b"\n${NODES}`, /^talconfig\.yaml:5:9: domain: "a,b" is not a valid domain/],
  [
    'label key',
    `${BASE}${NODES}    nodeLabels:\n      ra*ck: x\n`,
    /^talconfig\.yaml:14:7: nodes\[1\]\.nodeLabels\.ra\*ck: key "ra\*ck": name part must consist/,
  ],
  [
    'label value too long',
    `${BASE}${NODES}    nodeLabels:\n      a: "${'x'.repeat(64)}"\n`,
    /^talconfig\.yaml:14:10: nodes\[1\]\.nodeLabels\.a: value "x+": label value must be at most 63 characters/,
  ],
  [
    'route gateway',
    `${BASE}${NODES}    networkInterfaces:\n      - interface: eth0\n        routes:\n          - network: 0.0.0.0/0\n            gateway: 1.2.3.4.5\n`,
    /^talconfig\.yaml:17:22: nodes\[1\]\.networkInterfaces\[0\]\.routes\[0\]\.gateway: "1\.2\.3\.4\.5" is not a valid gateway IP address/,
  ],
  [
    'missing extra manifest',
    `${BASE}${NODES}    extraManifests:\n      - missing.yaml\n`,
    /^talconfig\.yaml:14:9: nodes\[1\]\.extraManifests\[0\]: extra manifest not found: \S*missing\.yaml/,
  ],
  ['missing patch file (global)', `${BASE}patches:\n  - "@./nope.yaml"\n${NODES}`, /^talconfig\.yaml:6:5: patches\[0\]: patch file not found: \S*nope\.yaml/],
  [
    'missing machine file (group)',
    `${BASE}worker:\n  machineFiles:\n    - content: "@files/x"\n      path: /var/x\n      op: create\n${NODES}`,
    /^talconfig\.yaml:7:16: worker\.machineFiles\[0\]\.content: machine file not found: \S*files\/x/,
  ],
  [
    'missing inline manifest file',
    `${BASE}inlineManifests:\n  - name: a\n    contents: "@m.yaml"\n${NODES}`,
    /^talconfig\.yaml:7:15: inlineManifests\[0\]\.contents: inline manifest file not found: \S*m\.yaml/,
  ],
  [
    'unknown extension (inherited from the group: positioned in the group)',
    `${BASE}worker:\n  schematic:\n    customization:\n      systemExtensions:\n        officialExtensions: [siderolabs/aaa]\n${NODES}`,
    /^talconfig\.yaml:9:30: worker\.schematic\.customization\.systemExtensions\.officialExtensions\[0\]: extension "siderolabs\/aaa" is not an official extension/,
  ],
];
for (const [name, text, re] of rules) {
  test(`talhelper rule: ${name}`, async () => {
    const got = await issues(text);
    assert.ok(
      got.some((l) => re.test(l)),
      got.join('\n'),
    );
  });
}

test('a key one level too high: the warning names where it belongs', async () => {
  const got = await issues(`${BASE}${NODES}    schematic:\n      extraKernelArgs: [a]\n`);
  assert.equal(got, [
    'warning: talconfig.yaml:14:7: nodes[1].schematic.extraKernelArgs: unknown field (ignored) (did you mean "customization.extraKernelArgs"?)',
  ]);
});

test('templated label values are skipped like talhelper does', async () => {
  assert.equal(await issues(`${BASE}${NODES}    nodeLabels:\n      a: '{{ .MachineConfig.MachineInstall.InstallImage }}'\n`), []);
});

test('an unknown field at any depth renders like talhelper (ignored) with one warning, did-you-mean; --strict makes it an error', async () => {
  const text = `${BASE}${NODES}    userVolumes:\n      - name: data\n        provisioning:\n          diskSelector:\n            match: disk.size > 10u * GB\n          maxSize: 10GB\n        filesystem:\n          type: xfs\n          wipe: true\n    nodeLables:\n      a: b\n`;
  const dir = repo({ 'talconfig.yaml': text });
  const gen = await talgenMain(['genconfig', '--no-gitignore'], { cwd: dir });
  assert.is(gen.code, 0, gen.stderr);
  const warnings = gen.stderr.split('\n').filter((l) => /unknown field/.test(l));
  assert.equal(warnings.length, 2, gen.stderr);
  assert.match(warnings[0]!, /^warning: \S*talconfig\.yaml:21:11: nodes\[1\]\.userVolumes\[0\]\.filesystem\.wipe: unknown field \(ignored\)/);
  assert.match(warnings[1]!, /^warning: \S*talconfig\.yaml:22:5: nodes\[1\]\.nodeLables: unknown field \(ignored\) \(did you mean "nodeLabels"\?\)/);
  const strictGen = await talgenMain(['genconfig', '--no-gitignore', '--strict'], { cwd: dir });
  assert.is(strictGen.code, 1);
  assert.match(strictGen.stderr, /talconfig\.yaml:21:11: nodes\[1\]\.userVolumes\[0\]\.filesystem\.wipe: unknown field/);
  const strictValidate = await talgenMain(['validate', 'talconfig', '--strict'], { cwd: dir });
  assert.is(strictValidate.code, 1);
  assert.match(strictValidate.stderr, /talconfig\.yaml:22:5: nodes\[1\]\.nodeLables: unknown field \(ignored\) \(did you mean "nodeLabels"\?\)/);
});

test('-e and -s are relative to the working directory, @ paths in talconfig to the talconfig directory', async () => {
  const dir = repo({
    'cluster/talconfig.yaml': `${BASE.replace('clusterName: demo', 'clusterName: ${NAME}')}patches:\n  - "@./p.yaml"\n${NODES}`,
    'cluster/p.yaml': 'machine:\n  env:\n    FROM: talconfig-dir\n',
    'cluster/talenv.yaml': 'NAME: wrong\n',
    'talenv.yaml': 'NAME: fromcwd\n',
  });
  const r = await talgenMain(['genconfig', '-c', 'cluster/talconfig.yaml', '-o', 'out', '--no-gitignore'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /generated config for cp1 in \S*out\/fromcwd-cp1\.yaml/);
  const v = await talgenMain(['validate', 'talconfig', 'cluster/talconfig.yaml'], { cwd: dir });
  assert.is(v.code, 0, v.stderr);
});

test('validate talconfig --no-substitute reads no env file (no SOPS key needed)', async () => {
  const dir = repo({ 'talconfig.yaml': `${BASE}${NODES}`, 'talenv.sops.yaml': 'A: ENC[AES256_GCM,data:xx,iv:yy,tag:zz,type:str]\n' });
  assert.is((await talgenMain(['validate', 'talconfig', '--no-substitute'], { cwd: dir })).code, 0);
  const r = await talgenMain(['validate', 'talconfig'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /talenv\.sops\.yaml:\d+:\d+: sops: the file holds sops-encrypted values but no sops metadata/);
});

test('validate talconfig checks what genconfig checks after loading (the Talos contract)', async () => {
  const dir = repo({ 'talconfig.yaml': `${BASE.replace('v1.13.9', 'v1.1.0')}${NODES}` });
  const r = await talgenMain(['validate', 'talconfig'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /talconfig\.yaml:2:15: talosVersion: Talos contract v1\.1 is not supported/);
  const g = await talgenMain(['genconfig'], { cwd: dir });
  assert.match(g.stderr, /talconfig\.yaml:2:15: talosVersion: Talos contract v1\.1 is not supported/);
});

test('planCluster keeps provenance: node, group, global and default values with their positions', async () => {
  const dir = repo({
    'talconfig.yaml': `clusterName: demo\nkubernetesVersion: v1.36.3\nendpoint: https://10.0.0.10:6443\nworker:\n  nodeLabels:\n    a: b\n  patches:\n    - "@g.yaml"\n${NODES}    patches:\n      - "@n.yaml"\n`,
  });
  const loaded = await loadTalconfig({ configFile: join(dir, 'talconfig.yaml'), envFiles: [], processEnv: {} });
  const warnings: string[] = [];
  const plan = planCluster(loaded, (m) => warnings.push(m));
  const w = plan.nodes[1]!;
  assert.equal(w.from.nodeLabels, {
    source: 'worker',
    field: ['worker', 'nodeLabels'],
    at: { file: join(dir, 'talconfig.yaml'), line: 6, col: 5, path: 'worker.nodeLabels' },
  });
  assert.is(w.from.hostname!.source, 'node');
  assert.equal(w.from.hostname!.field, ['nodes', 1, 'hostname']);
  assert.equal(
    w.patches!.map((p) => [p.spec, p.label, p.at.line]),
    [
      [`@${join(dir, 'g.yaml')}`, 'worker.patches[0]', 8],
      [`@${join(dir, 'n.yaml')}`, 'nodes[1].patches[0]', 18],
    ],
  );
  assert.is(plan.cluster.from.clusterName!.source, 'global');
  assert.is(plan.cluster.from.talosVersion!.source, 'default');
  assert.equal(warnings, []);
});

test('TalgenError.withContext keeps the error position and takes only a missing one as a whole', () => {
  const own = new TalgenError('bad', { file: '/p.yaml', line: 3, col: 4 }).withContext({
    file: '/talconfig.yaml',
    line: 9,
    col: 9,
    path: 'nodes[0].patches[0]',
  });
  assert.is(own.format(), '/p.yaml:3:4: nodes[0].patches[0]: bad');
  const none = new TalgenError('bad').withContext({ file: '/talconfig.yaml', line: 9, col: 2 });
  assert.is(none.format(), '/talconfig.yaml:9:2: bad');
});

test('patch errors: a patch file names itself with line:col of the field, an inline patch its talconfig entry', async () => {
  const dir = repo({
    'talconfig.yaml': `${BASE}${NODES}    patches:\n      - "@./p.yaml"\n      - |\n        machine:\n          kubelet:\n            extraArgz: {}\n`,
    'p.yaml': 'machine:\n  env:\n    A: b\n  kubelet:\n    image: [1, 2]\n',
  });
  const r = await talgenMain(['genconfig', '--no-gitignore'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /^talgen: \S*\/p\.yaml:5:12: nodes\[1\]\.patches\[0\]: machine\.kubelet\.image: /m);
  writeFileSync(join(dir, 'p.yaml'), 'machine:\n  env:\n    A: b\n');
  const inline = await talgenMain(['genconfig', '--no-gitignore'], { cwd: dir });
  assert.is(inline.code, 1);
  assert.match(inline.stderr, /^talgen: \S*talconfig\.yaml:15:9: nodes\[1\]\.patches\[1\]: machine\.kubelet\.extraArgz: unknown field/m);
});

test('the CLI warning sink prints each distinct warning once (a global patch warns alike for every node)', async () => {
  const dir = repo({ 'talconfig.yaml': `${BASE}patches:\n  - |\n    - op: add\n      path: /machine/env\n      value: {A: b}\n${NODES}` });
  const r = await talgenMain(['genconfig', '--no-gitignore'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr.split('\n').filter((l) => /RFC 6902 patch applied/.test(l)).length, 1, r.stderr);
});

test("talhelper's newest machinery: a field newer than talosVersion is rendered when set (talosctl's own flow still refuses it)", async () => {
  const dir = repo({ 'talconfig.yaml': `${BASE.replace('v1.13.9', 'v1.7.6').replace('v1.36.3', 'v1.30.5')}${NODES}    nodeAnnotations:\n      rack: r1\n` });
  const r = await talgenMain(['genconfig', '--no-gitignore'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'clusterconfig', 'demo-w1.yaml'), 'utf8'), /\n  nodeAnnotations:\n    rack: r1\n/);
  assert.not.match(readFileSync(join(dir, 'clusterconfig', 'demo-cp1.yaml'), 'utf8'), /nodeAnnotations/);
  const talosctl = await talgenMain(
    // With the repo's talsecret: gen config would otherwise generate a v1.7 bundle (an RSA-4096 key) before refusing.
    [
      'gen',
      'config',
      'c',
      'https://10.0.0.1:6443',
      '--talos-version',
      'v1.7',
      '--with-secrets',
      'talsecret.yaml',
      '--config-patch',
      '{"machine": {"nodeAnnotations": {"a": "b"}}}',
      '-o',
      'out',
    ],
    { cwd: dir },
  );
  assert.is(talosctl.code, 1);
  assert.match(talosctl.stderr, /machine\.nodeAnnotations: unknown field\n  hint: this field exists from Talos v1\.8 on/);
});

test('validate nodeconfig: findings of a rendered config name file:line:col, document and field', async () => {
  const dir = repo({ 'talconfig.yaml': `${BASE}${NODES}` });
  assert.is((await talgenMain(['genconfig', '--no-gitignore'], { cwd: dir })).code, 0);
  const file = join(dir, 'clusterconfig', 'demo-cp1.yaml');
  const text = readFileSync(file, 'utf8').replace(/dnsDomain: cluster\.local/, 'dnsDomain: bad_domain!');
  writeFileSync(file, text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('dnsDomain: bad_domain!')) + 1;
  const col = lines[line - 1]!.indexOf('bad_domain!') + 1;
  const r = await talgenMain(['validate', 'nodeconfig', file]);
  assert.is(r.code, 1);
  assert.ok(r.stderr.includes(`${file}:${line}:${col}: v1alpha1: cluster.network.dnsDomain: "bad_domain!" is not a valid DNS domain [dns-domain]`), r.stderr);
});

if (needConformance("SOPS errors on talhelper's fixtures")) {
  test("SOPS errors: talhelper's wording, talgen's detail, file:line:col of the metadata", async () => {
    const file = conformanceFile('talhelper-suite', 'cases', 'decrypt_TestDecryptFileWithSops_EncryptedWithMissingKey_message', 'encrypted.yaml');
    try {
      await readMaybeEncrypted(file, { keys: keysFrom('') });
      assert.unreachable('decrypted without a key');
    } catch (e) {
      assert.instance(e, TalgenError);
      const err = e as TalgenError;
      assert.match(err.message, /^SOPS decryption failed: no age key found to open this file \(its recipients: age1/);
      assert.is(err.file, file);
      assert.ok(err.line! > 1, err.format());
    }
  });
}

test.run();
