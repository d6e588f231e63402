import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { conformanceFile, needConformance, readConformance } from '../helpers/shared.js';
import { generatedBundleFile } from '../helpers/bundles.js';
import { talgenMain, tmp } from '../helpers/cli.js';

/** talosctl gen config sets the install disk and image; the stability goldens are the generator without them. */
const withoutInstallTarget = (text: string) =>
  text.replace(/^ {8}disk: \/dev\/sda\n/m, '').replace(/^ {8}image: ghcr\.io\/siderolabs\/installer:v[0-9.]+\n/m, '');

if (needConformance("gen config against Talos's stability goldens")) {
  /** `talgen gen config base https://base:6443` with the stability goldens' secrets. */
  const baseArgs = () => ['gen', 'config', 'base', 'https://base:6443', '--with-secrets', conformanceFile('talos', 'stability', 'secrets.yaml')];

  for (const v of ['v1.3', 'v1.4', 'v1.5', 'v1.8', 'v1.11', 'v1.12', 'v1.13']) {
    test(`gen config ${v} = Talos's generator (stability/base-*) + install disk/image`, async () => {
      const out = tmp();
      const r = await talgenMain([...baseArgs(), '--talos-version', v, '--kubernetes-version', '1.28.0', '-o', out]);
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stderr, /Created .*controlplane\.yaml\nCreated .*worker\.yaml\nCreated .*talosconfig/);
      for (const t of ['controlplane', 'worker']) {
        const got = readFileSync(join(out, `${t}.yaml`), 'utf8');
        assert.match(got, /\n {8}disk: \/dev\/sda\n/);
        assert.match(got, new RegExp(`\\n {8}image: ghcr\\.io/siderolabs/installer:${v.replace('.', '\\.')}\\.\\d+\\n`));
        assert.fixture(withoutInstallTarget(got), readConformance('talos', 'stability', v, `base-${t}.yaml`));
        assert.is(statSync(join(out, `${t}.yaml`)).mode & 0o777, 0o600);
      }
      const tc = parse(readFileSync(join(out, 'talosconfig'), 'utf8'));
      assert.is(tc.context, 'base');
      assert.equal(tc.contexts.base.endpoints, []);
    });
  }

  test('gen config v1.14: factory installer by default, UnattendedInstallConfig', async () => {
    const out = tmp();
    const r = await talgenMain([...baseArgs(), '--talos-version', 'v1.14', '--kubernetes-version', '1.28.0', '-o', out]);
    assert.is(r.code, 0, r.stderr);
    const cp = readFileSync(join(out, 'controlplane.yaml'), 'utf8');
    assert.match(
      cp,
      /kind: UnattendedInstallConfig\ninstaller:\n {4}image: factory\.talos\.dev\/metal-installer\/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1\.14\.0-rc\.1\nprovisioning:\n {4}diskSelector:\n {8}match: disk\.dev_path == "\/dev\/sda"\n {4}wipe: false\n/,
    );
  });

  test('gen config v1.15 (no release yet): no default Kubernetes version or installer image; both given, it renders', async () => {
    const args = [...baseArgs(), '--talos-version', 'v1.15'];
    const noKube = await talgenMain([...args, '-o', tmp()]);
    assert.is(noKube.code, 1);
    assert.match(noKube.stderr, /--kubernetes-version: Talos v1\.15 has no release yet[\s\S]*hint: set this value explicitly/);
    const noImage = await talgenMain([...args, '--kubernetes-version', '1.28.0', '-o', tmp()]);
    assert.is(noImage.code, 1);
    assert.match(noImage.stderr, /--install-image: Talos v1\.15 has no release yet/);
    const out = tmp();
    const r = await talgenMain([...args, '--kubernetes-version', '1.28.0', '--install-image', 'ghcr.io/siderolabs/installer:v1.15.0', '-o', out]);
    assert.is(r.code, 0, r.stderr);
    const cp = readFileSync(join(out, 'controlplane.yaml'), 'utf8');
    assert.match(cp, /kind: UnattendedInstallConfig\ninstaller:\n {4}image: ghcr\.io\/siderolabs\/installer:v1\.15\.0\n/);
    assert.match(cp, /kind: KubeletConfig\nimage: ghcr\.io\/siderolabs\/kubelet:v1\.28\.0\n/);
  });

  test('gen config without --talos-version uses the newest released contract (v1.14)', async () => {
    const out = tmp();
    const r = await talgenMain([...baseArgs(), '-o', out]);
    assert.is(r.code, 0, r.stderr);
    assert.match(readFileSync(join(out, 'worker.yaml'), 'utf8'), /image: factory\.talos\.dev\/metal-installer\/[0-9a-f]{64}:v1\.14\.0-rc\.1\n/);
  });

  test('gen config patches: all, control plane only, worker only (talosctl order)', async () => {
    const d = tmp();
    writeFileSync(join(d, 'all.yaml'), 'machine:\n  env:\n    A: all\n');
    writeFileSync(join(d, 'cp.yaml'), 'machine:\n  env:\n    A: cp\n');
    const r = await talgenMain(
      [
        'gen',
        'config',
        'c',
        'https://10.0.0.1:6443',
        '--with-secrets',
        conformanceFile('talos', 'stability', 'secrets.yaml'),
        '--talos-version',
        'v1.13',
        '--config-patch',
        '@all.yaml',
        '--config-patch-control-plane',
        '@cp.yaml',
        '--config-patch-worker',
        '[{"op":"add","path":"/machine/env/B","value":"w"}]',
        '-o',
        'out',
      ],
      { cwd: d },
    );
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: .*RFC 6902 patch applied to the v1alpha1 document of a multi-document config/);
    assert.equal(parse(readFileSync(join(d, 'out', 'controlplane.yaml'), 'utf8').split('---')[0]!).machine.env, { A: 'cp' });
    assert.equal(parse(readFileSync(join(d, 'out', 'worker.yaml'), 'utf8').split('---')[0]!).machine.env, { A: 'all', B: 'w' });
    const again = await talgenMain(
      ['gen', 'config', 'c', 'https://10.0.0.1:6443', '--with-secrets', conformanceFile('talos', 'stability', 'secrets.yaml'), '-o', 'out'],
      { cwd: d },
    );
    assert.is(again.code, 1);
    assert.match(again.stderr, /already exists[\s\S]*--force/);
  });
}

const bad: [string, string[], RegExp][] = [
  ['unknown contract', ['--talos-version', 'v1.2'], /--talos-version: Talos contract v1\.2 is not supported/],
  ['future contract', ['--talos-version', 'v2.0'], /Talos contract v2\.0 is not supported/],
  ['not a version', ['--talos-version', 'banana'], /"banana" is not a Talos version/],
  [
    'patch with an unknown field',
    ['--config-patch', 'machine: {kubelet: {imagee: x}}'],
    /inline patch:1:\d+: machine\.kubelet\.imagee: unknown field[\s\S]*did you mean "image"/,
  ],
  [
    'patch with a type mismatch',
    ['--config-patch', 'machine: {certSANs: notalist}'],
    /inline patch:1:21: machine\.certSANs: cannot unmarshal !!str `notalist` into \[\]string/,
  ],
  [
    'delete of a missing path',
    ['--config-patch', 'machine: {network: {hostname: {$patch: delete}}}'],
    /patch delete: path 'machine\.network\.hostname' in document '\/v1alpha1': failed to delete path 'machine\.network\.hostname': lookup failed/,
  ],
  [
    'JSON patch with an unknown op',
    ['--config-patch', '[{"op": "frobnicate", "path": "/x"}]'],
    /JSON patch operation 0 \(frobnicate \/x\) failed: Unexpected kind: frobnicate/,
  ],
  [
    'JSON patch on a missing path',
    ['--config-patch', '[{"op": "remove", "path": "/machine/nope"}]'],
    /JSON patch operation 0 \(remove \/machine\/nope\) failed/,
  ],
];

for (const [name, args, re] of bad) {
  test(`gen config bad input: ${name}`, async () => {
    const d = tmp();
    const r = await talgenMain(['gen', 'config', 'c', 'https://10.0.0.1:6443', '--with-secrets', generatedBundleFile('v1.13'), ...args, '-o', 'out'], {
      cwd: d,
    });
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, re);
    assert.not.match(r.stderr, /\n\s+at /);
    assert.not.ok(existsSync(join(d, 'out')), 'nothing written');
  });
}

test('gen config bad endpoint URL', async () => {
  for (const [ep, re] of [
    ['10.0.0.1:6443', /must use https|not a URL/],
    ['http://10.0.0.1:6443', /must use https/],
    ['https://:6443', /not a URL|no host/],
  ] as const) {
    const r = await talgenMain(['gen', 'config', 'c', ep, '--talos-version', 'v1.6', '-o', tmp()]);
    assert.is(r.code, 1, ep);
    assert.match(r.stderr, re, ep);
    assert.match(r.stderr, /hint: .*https:\/\//, ep);
  }
});

test.run();
