import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { talgenMain } from '../helpers/cli.js';
import { BASIC, makeRepo } from './repo.js';

const first = (dir: string, node: string) =>
  parseAllDocuments(readFileSync(join(dir, 'clusterconfig', `demo-${node}.yaml`), 'utf8'))[0]!.toJS() as Record<string, any>;

test('genconfig: RFC 6902 replace of a missing member adds it (inline op list and @file JSON), as Talos does', async () => {
  const dir = makeRepo({
    'talconfig.yaml': BASIC.replace(
      'nodes:',
      `controlPlane:
  patches:
    - "@./patches/proxy.json"
worker:
  patches:
    - |-
      - op: replace
        path: /machine/kubelet/extraMounts
        value:
          - destination: /var/lib/longhorn
            type: bind
            source: /var/lib/longhorn
            options: [bind, rshared, rw]
nodes:`,
    ),
    'patches/proxy.json': '[{"op": "replace", "path": "/cluster/proxy", "value": {"disabled": true}}]\n',
  });
  const r = await talgenMain(['genconfig', '--format', 'talos'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.equal(first(dir, 'w1').machine.kubelet.extraMounts, [
    { destination: '/var/lib/longhorn', type: 'bind', source: '/var/lib/longhorn', options: ['bind', 'rshared', 'rw'] },
  ]);
  assert.equal(first(dir, 'cp1').cluster.proxy, { disabled: true });
  assert.is(first(dir, 'cp1').machine.kubelet.extraMounts, undefined, 'the worker patch stays on workers');
});

test('genconfig: RFC 6902 replace under a missing parent fails with the library text and the patch named', async () => {
  const dir = makeRepo({
    'talconfig.yaml': BASIC.replace(
      '    installDisk: /dev/sdb\n',
      '    installDisk: /dev/sdb\n    patches:\n      - |-\n        - op: replace\n          path: /machine/nope/x\n          value: 1\n',
    ),
  });
  const r = await talgenMain(['genconfig'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(
    r.stderr,
    /nodes\[1\]\.patches\[0\][\s\S]*JSON patch operation 0 \(replace \/machine\/nope\/x\) failed: replace operation does not apply: doc is missing path: \/machine\/nope\/x: missing value/,
  );
  assert.not.match(r.stderr, /\n\s+at /);
});

test.run();
