import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBERNETES_SUPPORT, kubernetesSupportProblem } from '../../src/core/kubernetes-support.js';
import { talgenMain, tmp } from '../helpers/cli.js';

// One test per table row boundary: the last minor below the range, the lowest supported version, the newest
// supported minor, and the first minor above it.
for (const [talosMinor, row] of Object.entries(KUBERNETES_SUPPORT)) {
  const talos = `${talosMinor}.1`;
  const [, minMinor] = row.min.split('.').map(Number) as [number, number];
  const [, maxMinor] = row.max.split('.').map(Number) as [number, number];
  test(`Talos ${talosMinor}: Kubernetes 1.${minMinor - 1} too old, 1.${minMinor}.0 … 1.${maxMinor} supported, 1.${maxMinor + 1} too new`, () => {
    const tooOld = kubernetesSupportProblem(`v1.${minMinor - 1}.9`, talos);
    assert.is(tooOld?.message, `version of Kubernetes 1.${minMinor - 1}.9 is too old to be used with Talos ${talos.slice(1)}`);
    assert.is(tooOld?.hint, `Talos ${talosMinor.slice(1)} supports Kubernetes 1.${minMinor}.0 up to 1.${maxMinor}.x`);
    assert.is(kubernetesSupportProblem(`1.${minMinor}.0`, talos), undefined);
    assert.is(kubernetesSupportProblem(`v1.${maxMinor}.12`, talos), undefined);
    assert.is(
      kubernetesSupportProblem(`v1.${maxMinor + 1}.0`, talos)?.message,
      `version of Kubernetes 1.${maxMinor + 1}.0 is too new to be used with Talos ${talos.slice(1)}`,
    );
  });
}

test('Talos compares the version core: a pre-release of a supported version is supported, its text kept', () => {
  assert.is(kubernetesSupportProblem('1.37.0-rc.0', 'v1.14.0-rc.1'), undefined);
  assert.is(
    kubernetesSupportProblem('1.38.0-alpha.1', 'v1.14.0-rc.1')?.message,
    'version of Kubernetes 1.38.0-alpha.1 is too new to be used with Talos 1.14.0-rc.1',
  );
  assert.is(kubernetesSupportProblem('v1.30.1', 'v1.6')?.message, 'version of Kubernetes 1.30.1 is too new to be used with Talos 1.6.0');
});

test('a Talos minor the table does not cover gets no verdict', () => {
  assert.is(kubernetesSupportProblem('1.30.1', 'v1.2.8'), undefined);
});

const TALCONFIG = (versions: string) => `clusterName: demo
${versions}
endpoint: https://10.0.0.10:6443
nodes:
  - hostname: cp1
    ipAddress: 10.0.0.11
    controlPlane: true
    installDisk: /dev/sda
`;

test('validate talconfig and genconfig refuse it at kubernetesVersion with the supported range', async () => {
  const dir = tmp('talgen-k8s-support-');
  writeFileSync(join(dir, 'talconfig.yaml'), TALCONFIG('talosVersion: v1.6.7\nkubernetesVersion: v1.30.1'));
  const expected = 'talconfig.yaml:3:20: kubernetesVersion: version of Kubernetes 1.30.1 is too new to be used with Talos 1.6.7';
  for (const args of [
    ['validate', 'talconfig'],
    ['genconfig', '--dry-run'],
  ]) {
    const r = await talgenMain(args, { cwd: dir });
    assert.is(r.code, 1, args.join(' '));
    assert.ok(r.stderr.includes(expected), r.stderr);
    assert.ok(r.stderr.includes('Talos 1.6 supports Kubernetes 1.24.0 up to 1.29.x'), r.stderr);
  }
});

test("without talosVersion the check uses talhelper's default Talos version", async () => {
  const dir = tmp('talgen-k8s-support-');
  writeFileSync(join(dir, 'talconfig.yaml'), TALCONFIG('kubernetesVersion: v1.29.0'));
  const r = await talgenMain(['validate', 'talconfig'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /talconfig\.yaml:2:20: kubernetesVersion: version of Kubernetes 1\.29\.0 is too old to be used with Talos 1\.13\.9/);
});

test.run();
