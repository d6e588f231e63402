import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { mergeNode } from '../../src/talconfig/merge.js';
import type { Node } from '../../src/talconfig/types.js';
import { conformanceFile, needConformance } from '../helpers/shared.js';
import { talgenMain } from '../helpers/cli.js';
import { BASIC, atRelease, makeRepo } from './repo.js';

const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Record<string, any>);
const gen = (dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) => talgenMain(['genconfig', ...args], { cwd: dir, env });

if (needConformance("talhelper's example and golden renders")) {
  test("talhelper's own example renders unchanged with its SOPS test key", async () => {
    const ex = conformanceFile('talhelper', 'example');
    const out = join(makeRepo({}), 'out');
    const r = await gen(ex, ['-o', out], { SOPS_AGE_KEY_FILE: join(ex, 'key.txt') });
    assert.is(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /generated config for kmaster1 in .*home-cluster-kmaster1\.yaml\ngenerated config for kworker1 in .*home-cluster-kworker1\.yaml\ngenerated client config in .*talosconfig\n/,
    );
    const cp = docs(readFileSync(join(out, 'home-cluster-kmaster1.yaml'), 'utf8'));
    const m = cp[0]!.machine;
    assert.is(cp[0]!.cluster.network.dnsDomain, 'cluster.local', 'domain from the SOPS-encrypted talenv');
    assert.match(m.install.image, /^factory\.talos\.dev\/metal-installer-secureboot\/[0-9a-f]{64}:v1\.12\.0$/);
    assert.is(m.nodeLabels.isSecureBootEnabled, 'true', 'Go template label rendered from the install image');
    assert.is(m.nodeAnnotations.installerUrl, m.install.image);
    assert.is(m.kubelet.extraArgs['feature-gates'], 'GracefulNodeShutdown=true,MixedProtocolLBService=true', 'controlPlane group patch');
    assert.is(m.env.GRPC_GO_LOG_SEVERITY_LEVEL, 'error', 'global inline patch');
    assert.is(m.files[1].content, 'TS_AUTHKEY=hehehe\n', '@file machine file with env substitution from the SOPS talenv');
    const kinds = cp.slice(1).map((d) => `${d.kind}${d.name ? `/${d.name}` : ''}`);
    for (const k of [
      'HostnameConfig',
      'ResolverConfig',
      'NetworkDefaultActionConfig',
      'NetworkRuleConfig/kubelet-ingress',
      'ExtensionServiceConfig/nut-client',
      'VolumeConfig/EPHEMERAL',
      'UserVolumeConfig/ceph-data',
      'LinkAliasConfig/bond0-m0',
      'BondConfig/bond0',
      'WireguardConfig/wg0',
      'UserVolumeConfig/sata2',
      'UserVolumeConfig/sata3',
    ]) {
      assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
    }
    const tc = parse(readFileSync(join(out, 'talosconfig'), 'utf8'));
    assert.equal(tc.contexts['home-cluster'].endpoints, ['192.168.200.11']);
    assert.equal(tc.contexts['home-cluster'].nodes, ['192.168.200.11', '192.168.200.13']);
  });
}

test('§2.4 group → node merge rows', () => {
  const group = {
    patches: ['g1'],
    certSANs: ['g.example'],
    extraManifests: ['g.yaml'],
    nodeLabels: { a: 'group', b: 'group' },
    nodeAnnotations: { x: '1' },
    disableSearchDomain: true,
    schematic: { customization: { extraKernelArgs: ['g'] } },
  };
  const merge = (node: Record<string, unknown>) => mergeNode({ worker: group }, node as unknown as Node, 0);
  const n = merge({
    hostname: 'n',
    patches: ['n1'],
    certSANs: ['n.example'],
    extraManifests: ['n.yaml'],
    nodeLabels: { a: 'node' },
    disableSearchDomain: false,
  });
  assert.equal(n.patches, ['g1', 'n1'], 'group patches first');
  assert.equal(n.certSANs, ['n.example', 'g.example'], 'node then group SANs');
  assert.equal(n.extraManifests, ['n.yaml', 'g.yaml']);
  assert.equal(n.nodeLabels, { a: 'node' }, 'maps are replaced, not merged');
  assert.equal(n.nodeAnnotations, { x: '1' }, 'unset fields inherit the group value');
  assert.is(n.disableSearchDomain, true, 'false cannot override a group true');
  assert.equal(n.schematic, group.schematic);
  const o = merge({
    hostname: 'n',
    patches: ['n1'],
    certSANs: ['n'],
    extraManifests: ['m'],
    overridePatches: true,
    overrideMachineCertSANs: true,
    overrideExtraManifests: true,
  });
  assert.equal([o.patches, o.certSANs, o.extraManifests], [['n1'], ['n'], ['m']], 'override flags');
});

test('§5 patch order: group → node → global, each step named in errors', async () => {
  const dir = makeRepo({
    'talconfig.yaml': `${BASIC.replace(
      'nodes:',
      `patches:
  - "@./patches/global.yaml"
worker:
  patches:
    - |
      machine:
        install:
          image: group/installer
        env:
          ORDER: group
nodes:`,
    ).replace(
      '    installDisk: /dev/sdb\n',
      `    installDisk: /dev/sdb
    patches:
      - |
        machine:
          env:
            ORDER: node
            NODE: "yes"
`,
    )}`,
    'patches/global.yaml': 'machine:\n  env:\n    ORDER: global\n',
  });
  const r = await gen(dir, ['--format', 'talos']);
  assert.is(r.code, 0, r.stderr);
  const w = docs(readFileSync(join(dir, 'clusterconfig', 'demo-w1.yaml'), 'utf8'))[0]!.machine;
  assert.equal(w.env, { NODE: 'yes', ORDER: 'global' });
  assert.is(w.install.image, 'group/installer', 'patches run after talgen sets the installer');
  const bad = makeRepo({
    'talconfig.yaml': BASIC.replace('    installDisk: /dev/sdb\n', '    installDisk: /dev/sdb\n    patches:\n      - "@./patches/bad.yaml"\n'),
    'patches/bad.yaml': 'machine:\n  kubelet:\n    extraArgz: {}\n',
  });
  const e = await gen(bad);
  assert.is(e.code, 1);
  assert.match(e.stderr, /patches\/bad\.yaml:\d+:\d+: nodes\[1\]\.patches\[0\]: machine\.kubelet\.extraArgz: unknown field[\s\S]*did you mean "extraArgs"/);
});

test('§6 layout: names, modes, .gitignore, talosconfig, determinism, dry run', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  const r = await gen(dir);
  assert.is(r.code, 0, r.stderr);
  const out = join(dir, 'clusterconfig');
  assert.equal(readdirSync(out).sort(), ['.gitignore', 'demo-cp1.yaml', 'demo-w1.yaml', 'talosconfig']);
  assert.is(statSync(out).mode & 0o777, 0o700);
  for (const f of ['demo-cp1.yaml', 'demo-w1.yaml', 'talosconfig']) assert.is(statSync(join(out, f)).mode & 0o777, 0o600, f);
  assert.is(readFileSync(join(out, '.gitignore'), 'utf8'), 'demo-cp1.yaml\ndemo-w1.yaml\ntalosconfig\n');
  const cp = readFileSync(join(out, 'demo-cp1.yaml'), 'utf8');
  assert.match(cp, /^version: v1alpha1\ndebug: false\npersist: true\nmachine:\n  type: controlplane\n/, 'talhelper 2-space encoding');
  const tc = parse(readFileSync(join(out, 'talosconfig'), 'utf8'));
  assert.equal(tc.contexts.demo.endpoints, ['10.0.0.11']);
  assert.equal(tc.contexts.demo.nodes, ['10.0.0.11', '10.0.0.21', '10.0.1.21']);
  const before = Object.fromEntries(['demo-cp1.yaml', 'demo-w1.yaml', 'talosconfig'].map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  assert.is((await gen(dir)).code, 0);
  for (const [f, text] of Object.entries(before)) assert.is(readFileSync(join(out, f), 'utf8'), text, `${f} byte-identical on re-run`);
  const dry = await gen(dir, ['-n']);
  assert.is(dry.code, 0);
  assert.match(dry.stdout, /no changes found on .*demo-cp1\.yaml/);
  writeFileSync(join(dir, 'talconfig.yaml'), BASIC.replace('installDisk: /dev/sdb', 'installDisk: /dev/nvme0n1'));
  const diff = await gen(dir, ['--dry-run']);
  assert.match(diff.stdout, /^-    disk: \/dev\/sdb\n\+    disk: \/dev\/nvme0n1$/m);
  assert.not.match(diff.stdout, /token: [0-9a-z]{6}\./, 'secrets redacted');
  assert.is(readFileSync(join(out, 'demo-w1.yaml'), 'utf8'), before['demo-w1.yaml'], 'dry run writes nothing');
  const t = await gen(dir, ['-o', 'o2', '--no-gitignore', '--disable-nodes-section', '--format', 'talos']);
  assert.is(t.code, 0, t.stderr);
  assert.not.ok(existsSync(join(dir, 'o2', '.gitignore')));
  assert.is(parse(readFileSync(join(dir, 'o2', 'talosconfig'), 'utf8')).contexts.demo.nodes, undefined);
  assert.match(readFileSync(join(dir, 'o2', 'demo-cp1.yaml'), 'utf8'), /^machine:\n    type: controlplane$/m, 'Talos 4-space encoding');
  const tmpl = makeRepo({ 'talconfig.yaml': BASIC.replace('  - hostname: cp1', '  - hostname: cp1\n    filenameTmpl: "{{.Hostname}}-{{.Role}}.yaml"') });
  assert.is((await gen(tmpl)).code, 0);
  assert.ok(existsSync(join(tmpl, 'clusterconfig', 'cp1-controlplane.yaml')));
});

test('§2 SAN lists: order and duplicates kept, like talhelper (#869) and Talos (machine and API server)', async () => {
  const dir = makeRepo({
    'talconfig.yaml': atRelease(BASIC, 'v1.11.6')
      .replace(
        'nodes:',
        `additionalMachineCertSans: &sans [10.0.0.10, k8s.example.com]
additionalApiServerCertSans: [10.0.0.10, k8s.example.com, k8s.example.com]
controlPlane:
  certSANs: [k8s.example.com, cp.example.com]
nodes:`,
      )
      .replace('    installDisk: /dev/sda\n', '    installDisk: /dev/sda\n    certSANs: [node.example.com, 10.0.0.10]\n'),
  });
  const r = await gen(dir);
  assert.is(r.code, 0, r.stderr);
  const cp = docs(readFileSync(join(dir, 'clusterconfig', 'demo-cp1.yaml'), 'utf8'))[0]!;
  assert.equal(cp.machine.certSANs, ['10.0.0.10', 'k8s.example.com', 'node.example.com', '10.0.0.10', 'k8s.example.com', 'cp.example.com']);
  assert.equal(
    cp.cluster.apiServer.certSANs,
    ['10.0.0.10', '10.0.0.10', 'k8s.example.com', 'k8s.example.com'],
    'endpoint host (≤ v1.11) + additional SANs as given',
  );
});

test('§6 modes: metal needs an install disk, container forces hostDNS forwarding', async () => {
  const v17 = atRelease(BASIC, 'v1.7.7');
  const dir = makeRepo({ 'talconfig.yaml': v17 });
  assert.is((await gen(dir, ['-m', 'container'])).code, 0);
  const w = docs(readFileSync(join(dir, 'clusterconfig', 'demo-w1.yaml'), 'utf8'))[0]!;
  assert.equal(w.machine.features.hostDNS, { enabled: true, forwardKubeDNSToHost: true });
  const bad = await gen(dir, ['-m', 'space']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /unknown talos mode "space"/);
});

test('§6 atomicity: a failure on a later node leaves every previous file intact', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  assert.is((await gen(dir)).code, 0);
  const out = join(dir, 'clusterconfig');
  const before = readFileSync(join(out, 'demo-cp1.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'talconfig.yaml'),
    BASIC.replace('installDisk: /dev/sda', 'installDisk: /dev/vdz').replace(
      '    installDisk: /dev/sdb\n',
      '    installDisk: /dev/sdb\n    patches: ["@./missing.yaml"]\n',
    ),
  );
  const r = await gen(dir);
  assert.is(r.code, 1);
  assert.match(r.stderr, /patch file not found/);
  assert.is(readFileSync(join(out, 'demo-cp1.yaml'), 'utf8'), before, 'cp1 was not rewritten although it rendered');
  assert.equal(
    readdirSync(out).filter((f) => f.endsWith('.tmp')),
    [],
  );
});

const badCases: [string, Record<string, string>, RegExp, string[]?][] = [
  ['missing talconfig', {}, /talconfig not found \(looked at .*talconfig\.yaml\)/],
  ['YAML syntax error', { 'talconfig.yaml': 'clusterName: x\nnodes:\n  - hostname: [oops\n' }, /talconfig\.yaml:\d+:\d+: .*(flow|Flow|Missing|indent)/],
  [
    'wrong field type',
    { 'talconfig.yaml': BASIC.replace('controlPlane: true', 'controlPlane: maybe') },
    /talconfig\.yaml:8:19: nodes\[0\]\.controlPlane: cannot unmarshal !!str `maybe` into bool/,
  ],
  [
    'unknown enum',
    { 'talconfig.yaml': BASIC.replace('nodes:', 'cniConfig:\n  name: calico\nnodes:') },
    /talconfig\.yaml:6:9: cniConfig\.name: must be one of "flannel", "custom", "none"/,
  ],
  ['missing referenced file', { 'talconfig.yaml': BASIC.replace('nodes:', 'patches: ["@./nope.yaml"]\nnodes:') }, /patch file not found: .*nope\.yaml/],
  [
    'duplicate hostnames',
    { 'talconfig.yaml': BASIC.replace('hostname: w1', 'hostname: cp1') },
    /talconfig\.yaml:10:15: nodes\[1\]\.hostname: duplicate hostname "cp1" \(also nodes\[0\] at line \d+\)/,
  ],
  [
    'hostname with a path separator',
    { 'talconfig.yaml': BASIC.replace('hostname: w1', 'hostname: ../w1') },
    /talconfig\.yaml:10:15: nodes\[1\]\.hostname: "\.\.\/w1" is not a valid hostname/,
  ],
  [
    'invalid CIDR',
    { 'talconfig.yaml': BASIC.replace('nodes:', 'clusterPodNets:\n  - 10.244.0.0/33\nnodes:') },
    /talconfig\.yaml:6:5: clusterPodNets\[0\]: is not a valid CIDR/,
  ],
  [
    'invalid IP',
    { 'talconfig.yaml': BASIC.replace('ipAddress: 10.0.0.11', 'ipAddress: 10.0.0.999') },
    /talconfig\.yaml:\d+:\d+: nodes\[0\]\.ipAddress: "10\.0\.0\.999" is neither an IP address nor a DNS name/,
  ],
  ['unset variable', { 'talconfig.yaml': BASIC.replace('clusterName: demo', 'clusterName: ${NAME}') }, /talconfig\.yaml:1:14: variable \$\{NAME\} is not set/],
  ['env file that does not parse', { 'talconfig.yaml': BASIC, 'talenv.yaml': 'A: 1\nB: [\n' }, /talenv\.yaml:\d+:\d+: env file does not parse/],
  [
    'undecryptable SOPS secrets',
    {
      'talconfig.yaml': BASIC,
      'talsecret.sops.yaml':
        'cluster:\n    id: ENC[AES256_GCM,data:AA==,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]\nsops:\n    age:\n        - recipient: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\n          enc: |\n            x\n    lastmodified: "2024-01-01T00:00:00Z"\n    mac: x\n    version: 3.9.0\n',
    },
    /talsecret\.sops\.yaml:3:1: SOPS decryption failed: no age key found[\s\S]*recipients: age1q/,
  ],
];

for (const [name, files, re, args] of badCases) {
  test(`bad input: ${name} → one clear message, exit 1, nothing written`, async () => {
    const dir = makeRepo(files, { secrets: !('talsecret.sops.yaml' in files) });
    const r = await gen(dir, args ?? []);
    assert.is(r.code, 1, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, re);
    assert.not.match(r.stderr, /\n\s+at \S+ \(/, 'no stack trace');
    assert.not.ok(existsSync(join(dir, 'clusterconfig')), 'nothing written');
  });
}

test('unknown keys: a warning with did-you-mean, an error with --strict', async () => {
  const dir = makeRepo({ 'talconfig.yaml': `x-anchors: &a [1]\nkubernetesVersoin: v1\n${BASIC}` });
  const r = await gen(dir);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: .*talconfig\.yaml:2:1: kubernetesVersoin: unknown field \(ignored\) \(did you mean "kubernetesVersion"\?\)/);
  const s = await gen(dir, ['--strict']);
  assert.is(s.code, 1);
  assert.match(s.stderr, /talconfig\.yaml:1:1: x-anchors: unknown field/);
});

test('init writes a starter talconfig (handlebars template) that renders, and never overwrites without --force', async () => {
  const dir = makeRepo({});
  const r = await talgenMain([
    'init',
    '--cluster-name',
    'lab',
    '--node',
    'cp1=10.0.0.11:controlplane',
    '--node',
    'w1=10.0.0.21',
    '--san',
    'k8s.lab',
    '-o',
    dir,
  ]);
  assert.is(r.code, 0, r.stderr);
  const cfg = parse(readFileSync(join(dir, 'talconfig.yaml'), 'utf8'));
  assert.is(cfg.clusterName, 'lab');
  assert.is(cfg.endpoint, 'https://10.0.0.11:6443');
  assert.equal(cfg.additionalMachineCertSans, ['k8s.lab']);
  assert.ok(existsSync(join(dir, 'talconfig.schema.json')));
  assert.is((await gen(dir)).code, 0);
  const again = await talgenMain(['init', '--node', 'a=10.0.0.1', '-o', dir]);
  assert.is(again.code, 1);
  assert.match(again.stderr, /already exists[\s\S]*--force/);
  assert.is((await talgenMain(['init', '-o', dir, '--force'])).code, 2, 'no nodes is a usage error');
});

test('validate talconfig (after group merge) and genschema', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  const ok = await talgenMain(['validate', 'talconfig'], { cwd: dir });
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /talconfig\.yaml: ok \(2 nodes\)/);
  const bad = makeRepo({ 'talconfig.yaml': BASIC.replace('nodes:', 'worker:\n  nodeTaints:\n    a: NotAnEffect\nnodes:') });
  const v = await talgenMain(['validate', 'talconfig'], { cwd: bad });
  assert.is(v.code, 1);
  assert.match(v.stderr, /worker\.nodeTaints\.a: "NotAnEffect" is not a valid a/);
  const schema = JSON.parse((await talgenMain(['genschema'])).stdout);
  assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.ok(schema.properties.nodes.items.properties.talosImageURL);
});

test.run();
