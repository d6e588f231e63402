import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { talgenMain } from '../helpers/cli.js';
import { oracleAvailable, oraclePins, oracleQueue } from '../helpers/oracle.js';
import { BASIC, atRelease, makeRepo } from '../genconfig/repo.js';

// A generated talhelper repo for each release the oracle pins (talosVersion set to that release): nodes with
// network settings, global and per-role patches of both kinds, on fields every release keeps in its v1alpha1
// document (v1.14 moves cluster.apiServer and machine.kubelet into documents of their own).

const PATCHES = `patches:
  - |-
    machine:
      sysctls:
        vm.max_map_count: "262144"
  - "@./patches/time.yaml"
controlPlane:
  patches:
    - |-
      - op: add
        path: /machine/certSANs/-
        value: cp.example.com
worker:
  patches:
    - |-
      machine:
        certSANs: [w1.example.com]
`;

function repoFor(release: string): string {
  const talconfig = atRelease(BASIC, release)
    .replace('nodes:', `${PATCHES}nodes:`)
    .replace(
      '    installDisk: /dev/sda\n',
      `    installDisk: /dev/sda
    nameservers: [1.1.1.1]
    networkInterfaces:
      - interface: eth0
        addresses: [10.0.0.11/24]
        routes:
          - network: 0.0.0.0/0
            gateway: 10.0.0.1
        vip:
          ip: 10.0.0.10
`,
    );
  return makeRepo({ 'talconfig.yaml': talconfig, 'patches/time.yaml': 'machine:\n  time:\n    servers: [time.cloudflare.com]\n' });
}

function outputs(dir: string, out: string): Map<string, string> {
  const files = readdirSync(join(dir, out)).filter((f) => f.endsWith('.yaml'));
  return new Map(files.map((f) => [f, readFileSync(join(dir, out, f), 'utf8')]));
}

for (const [contract, release] of oraclePins()) {
  test(`oracle ${contract}: genconfig (talosVersion ${release}) writes configs Talos loads unchanged and validates in metal mode`, async () => {
    if (!oracleAvailable(contract)) {
      console.log(`  skipped: no Talos oracle for ${contract} (needs Go; see scripts/build-oracle.sh)`);
      return;
    }
    const dir = repoFor(release);
    const talos = await talgenMain(['genconfig', '--format', 'talos', '-o', 'talos-out'], { cwd: dir });
    assert.is(talos.code, 0, talos.stderr);
    const helper = await talgenMain(['genconfig'], { cwd: dir });
    assert.is(helper.code, 0, helper.stderr);
    const talhelperFormat = outputs(dir, 'clusterconfig');
    const files = outputs(dir, 'talos-out');
    assert.equal([...files.keys()].sort(), ['demo-cp1.yaml', 'demo-w1.yaml']);
    // every question about every file in one oracle batch
    const ask = oracleQueue();
    const asked = [...files].map(([file, text]) => ({
      file,
      text,
      roundTrip: ask(contract, { op: 'roundtrip', config: text }),
      metal: ask(contract, { op: 'validate', mode: 'metal', config: text }),
      talhelperRoundTrip: ask(contract, { op: 'roundtrip', config: talhelperFormat.get(file)! }),
    }));
    for (const { file, text, roundTrip, metal, talhelperRoundTrip } of asked) {
      const rt = roundTrip();
      if (!rt.ok) {
        assert.unreachable(`${file}: Talos refused it: ${rt.error}`);
        return;
      }
      assert.fixture(rt.out, text, `${file} is a fixed point`);
      const valid = metal();
      assert.ok(valid.ok, `${file}: Talos says ${valid.ok ? 'valid' : valid.error}`);
      // talhelper's 2-space re-encode is the same config
      assert.equal(talhelperRoundTrip(), rt, `${file} (talhelper format) decodes to the same config`);
    }
  });
}

test.run();
