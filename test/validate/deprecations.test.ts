import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseContract } from '../../src/core/contract.js';
import { deprecationWarnings } from '../../src/validate/deprecations.js';
import { talgenMain } from '../helpers/cli.js';
import { makeRepo } from '../genconfig/repo.js';

const warned = (v1: Record<string, unknown>, contract: string) => deprecationWarnings(v1, parseContract(contract));

const EXTENSIONS = { machine: { install: { extensions: [{ image: 'ghcr.io/siderolabs/iscsi-tools:v0.1.4' }] } } };

test('install extensions: no warning before v1.6, the talos.dev link up to v1.12, the docs.siderolabs.com link from v1.13', () => {
  assert.equal(warned(EXTENSIONS, 'v1.5'), []);
  assert.equal(warned(EXTENSIONS, 'v1.6'), [
    {
      path: 'machine.install.extensions',
      message: '.machine.install.extensions is deprecated, please see https://www.talos.dev/latest/talos-guides/install/boot-assets/',
    },
  ]);
  assert.equal(
    warned(EXTENSIONS, 'v1.12').map((w) => w.message),
    ['.machine.install.extensions is deprecated, please see https://www.talos.dev/latest/talos-guides/install/boot-assets/'],
  );
  assert.equal(
    warned(EXTENSIONS, 'v1.13').map((w) => w.message),
    ['.machine.install.extensions is deprecated, please see https://docs.siderolabs.com/talos/latest/platform-specific-installations/boot-assets'],
  );
  assert.equal(warned({ machine: { install: { extensions: [] } } }, 'v1.13'), []);
});

test('machine files: deprecated from v1.14', () => {
  const v1 = { machine: { files: [{ path: '/var/f', content: 'x', op: 'create', permissions: 0o644 }] } };
  assert.equal(warned(v1, 'v1.13'), []);
  assert.equal(warned(v1, 'v1.14'), [{ path: 'machine.files', message: '.machine.files is deprecated; use dedicated configuration documents instead' }]);
  assert.equal(warned({ machine: { files: [] } }, 'v1.14'), []);
});

test('base runtime spec overrides: deprecated from v1.14 when they hold anything', () => {
  const v1 = { machine: { baseRuntimeSpecOverrides: new Map([['process', {}]]) } };
  assert.equal(warned(v1, 'v1.13'), []);
  assert.equal(warned(v1, 'v1.14'), [
    { path: 'machine.baseRuntimeSpecOverrides', message: '.machine.baseRuntimeSpecOverrides is deprecated; use a CRIBaseRuntimeSpecConfig document instead' },
  ]);
  assert.equal(warned({ machine: { baseRuntimeSpecOverrides: {} } }, 'v1.14'), []);
});

test('genconfig prints a deprecation through the warning sink, at the node, and still renders', async () => {
  // With the process's talsecret (ECDSA): without one genconfig would generate a bundle with an RSA-4096 key.
  const dir = makeRepo({
    'talconfig.yaml': `clusterName: demo
talosVersion: v1.13.9
kubernetesVersion: v1.36.3
endpoint: https://10.0.0.10:6443
nodes:
  - hostname: cp1
    ipAddress: 10.0.0.11
    controlPlane: true
    installDisk: /dev/sda
    patches:
      - |-
        machine:
          install:
            extensions:
              - image: ghcr.io/siderolabs/iscsi-tools:v0.1.4
`,
  });
  const r = await talgenMain(['genconfig', '--no-gitignore'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /warning: nodes\[0\] \(cp1\): v1alpha1: machine\.install\.extensions: \.machine\.install\.extensions is deprecated, please see https:\/\/docs\.siderolabs\.com\//,
  );
  const v = await talgenMain(['validate', 'nodeconfig', 'clusterconfig/demo-cp1.yaml'], { cwd: dir });
  assert.is(v.code, 0, v.stderr);
  assert.match(v.stderr, /warning: \S*demo-cp1\.yaml:\d+:\d+: v1alpha1: machine\.install\.extensions: \.machine\.install\.extensions is deprecated/);
});

test.run();
