/**
 * Behaviours found by rendering real repos with talhelper (commit 39b6979, Talos machinery v1.14.0-alpha.2) and
 * talgen side by side: one test per difference, each on a minimal repo of our own.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { talgenMain } from '../helpers/cli.js';
import { BASIC, atRelease, makeRepo } from './repo.js';

const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Record<string, any>);

async function render(files: Record<string, string>, node = 'demo-cp1.yaml'): Promise<string> {
  const dir = makeRepo(files);
  const r = await talgenMain(['genconfig'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  return readFileSync(join(dir, 'clusterconfig', node), 'utf8');
}

test('cluster discovery is on, as generate.NewInput defaults it (legacy section up to v1.13)', async () => {
  for (const version of ['v1.7.7', 'v1.13.9']) {
    const [v1] = docs(await render({ 'talconfig.yaml': atRelease(BASIC, version) }));
    assert.equal(v1!.cluster.discovery, { enabled: true, registries: { kubernetes: { disabled: true }, service: {} } }, version);
  }
});

test('cluster discovery is on from v1.14 too: a DiscoveryServiceConfig document', async () => {
  const all = docs(
    await render({
      'talconfig.yaml': BASIC.replace('talosVersion: v1.13.9', 'talosVersion: v1.14.0').replace('kubernetesVersion: v1.36.3', 'kubernetesVersion: v1.37.0'),
    }),
  );
  assert.ok(
    all.some((d) => d.kind === 'DiscoveryServiceConfig'),
    all.map((d) => d.kind).join(', '),
  );
});

test('a machine file without permissions gets the FileMode zero, written 0o0', async () => {
  const text = await render({
    'talconfig.yaml': `${BASIC}patches:\n  - |-\n    machine:\n      files:\n        - {path: /var/a, op: create, content: x}\n`,
  });
  assert.match(text, /\n {6}permissions: 0o0\n/);
});

test('a YAML 1.1 bool word is single-quoted, as Talos wrote it before the yaml.v3 re-encode', async () => {
  const text = await render({ 'talconfig.yaml': BASIC });
  assert.match(text, /\nkind: HostnameConfig\nauto: 'off'\nhostname: cp1\n/);
});

test('ResolverConfig from nameservers writes searchDomains.disableDefault: false (talhelper sets the pointer)', async () => {
  const all = docs(
    await render({ 'talconfig.yaml': BASIC.replace('    installDisk: /dev/sda\n', '    installDisk: /dev/sda\n    nameservers: [10.0.0.1]\n') }),
  );
  const resolver = all.find((d) => d.kind === 'ResolverConfig');
  assert.equal(resolver, { apiVersion: 'v1alpha1', kind: 'ResolverConfig', nameservers: [{ address: '10.0.0.1' }], searchDomains: { disableDefault: false } });
});

test('a block scalar that ends the patch text without a line break has no trailing newline', async () => {
  const file = 'machine:\n  files:\n    - path: /var/a\n      op: create\n      content: |\n        one\n        two';
  const inline = `${BASIC}patches:\n  - "@p.yaml"\n  - |-\n    machine:\n      files:\n        - path: /var/b\n          op: create\n          content: |\n            three\n`;
  const [v1] = docs(await render({ 'talconfig.yaml': inline, 'p.yaml': file }));
  const files = v1!.machine.files as { path: string; content: string }[];
  assert.equal(
    files.map((f) => [f.path, f.content]),
    [
      ['/var/a', 'one\ntwo'],
      ['/var/b', 'three'],
    ],
  );
});

test('a block scalar followed by a line break keeps its clipped newline', async () => {
  const [v1] = docs(
    await render({
      'talconfig.yaml': `${BASIC}patches:\n  - "@p.yaml"\n`,
      'p.yaml': 'machine:\n  files:\n    - path: /var/a\n      op: create\n      content: |\n        one\n',
    }),
  );
  assert.is(v1!.machine.files[0].content, 'one\n');
});

const JSON_LAST = `${BASIC.replace('talosVersion: v1.13.9', 'talosVersion: v1.11.6').replace('v1.36.3', 'v1.34.1')}patches:
  - |-
    machine:
      files:
        - {path: /var/a, op: create, content: x, permissions: 0o644}
  - |-
    - op: add
      path: /machine/kubelet/extraArgs
      value: {rotate-server-certificates: "true"}
`;

test('an RFC 6902 patch applied last leaves the config as JSONToYAML wrote it: sorted keys, JSON values', async () => {
  const text = await render({ 'talconfig.yaml': JSON_LAST });
  assert.ok(text.startsWith('cluster:\n'), text.slice(0, 40));
  assert.match(text, /\ndebug: false\nmachine:\n/);
  assert.match(text, /\n {6}permissions: 420\n/);
  assert.ok(text.endsWith('persist: true\nversion: v1alpha1\n'), text.slice(-60));
});

test('held as RFC 6902 output, a JSON number in a string field stays a number (talhelper writes those bytes); the Talos encoding has the string', async () => {
  const patched = JSON_LAST.replace('value: {rotate-server-certificates: "true"}', 'value: {max-pods: 150}');
  const text = await render({ 'talconfig.yaml': patched });
  assert.match(text, /\n {6}max-pods: 150\n/);
  const dir = makeRepo({ 'talconfig.yaml': patched });
  const r = await talgenMain(['genconfig', '--format', 'talos'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'clusterconfig', 'demo-cp1.yaml'), 'utf8'), /\n {12}max-pods: "150"\n/);
});

test('a strategic merge patch after the RFC 6902 one decodes the config again: Talos struct order', async () => {
  const text = await render({ 'talconfig.yaml': `${JSON_LAST}  - |-\n    machine:\n      env: {A: b}\n` });
  assert.ok(text.startsWith('version: v1alpha1\n'), text.slice(0, 40));
  assert.match(text, /\n {6}permissions: 0o644\n/);
});

test('an install disk type in upper case renders before Talos v1.9, lower-cased as Talos v1.8 writes it back', async () => {
  const talconfig = atRelease(BASIC, 'v1.8.4').replace('    installDisk: /dev/sda\n', '    installDiskSelector:\n      type: NVME\n');
  const [v1] = docs(await render({ 'talconfig.yaml': talconfig }));
  assert.equal(v1!.machine.install.diskSelector, { type: 'nvme' });
});

test("a patch document of a kind newer than the cluster's Talos renders, as talhelper renders it, with a warning", async () => {
  // Talos v1.8's loader refuses it ("Layer2VIPConfig" "v1alpha1": not registered); talhelper's machinery knows it.
  const dir = makeRepo({
    'talconfig.yaml': `${atRelease(BASIC, 'v1.8.4')}patches:\n  - |-\n    apiVersion: v1alpha1\n    kind: Layer2VIPConfig\n    name: 10.0.0.5\n    link: eth0\n`,
  });
  const r = await talgenMain(['genconfig'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /^warning: nodes\[0\] \(cp1\): Layer2VIPConfig\/10\.0\.0\.5: kind: Layer2VIPConfig needs Talos v1\.12 or newer: nodes running Talos v1\.8 refuse this config \[contract\]$/m,
  );
  assert.match(readFileSync(join(dir, 'clusterconfig', 'demo-cp1.yaml'), 'utf8'), /^kind: Layer2VIPConfig$/m);
  // Such a document has no checks of its own in that release: a VolumeConfig before v1.8 is the warning alone.
  const volume = makeRepo({
    'talconfig.yaml': `${atRelease(BASIC, 'v1.7.7')}patches:\n  - |-\n    apiVersion: v1alpha1\n    kind: VolumeConfig\n    name: EPHEMERAL\n    provisioning:\n      maxSize: 50GiB\n`,
  });
  const v = await talgenMain(['genconfig'], { cwd: volume });
  assert.is(v.code, 0, v.stderr);
  assert.match(v.stderr, /VolumeConfig\/EPHEMERAL: kind: VolumeConfig needs Talos v1\.8 or newer: nodes running Talos v1\.7 refuse this config/);
});

test.run();
