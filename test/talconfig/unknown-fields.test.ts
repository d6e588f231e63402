import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { talgenMain } from '../helpers/cli.js';
import { makeRepo } from '../genconfig/repo.js';

// talhelper reads talconfig with go-yaml's Unmarshal, which drops a field its Go struct lacks at any depth: the
// Talos-typed talconfig fields render without the unknown key (one warning each), as talhelper renders them.
const TALCONFIG = `clusterName: demo
talosVersion: v1.11.6
kubernetesVersion: v1.34.1
endpoint: https://10.0.0.10:6443
controlPlane:
  machineDisks:
    - device: /dev/sdb
      bogusDisk: 1
      partitions:
        - mountpoint: /var/mnt/x
          bogusPartition: 1
  kernelModules:
    - name: drbd
      bogusModule: 1
  userVolumes:
    - name: data
      bogusVolume: 1
      provisioning:
        diskSelector:
          match: disk.transport == "nvme"
          bogusSelector: 1
        maxSize: 10GiB
  extensionServices:
    - name: foo
      bogusService: 1
      configFiles:
        - content: x
          mountPath: /a
          bogusFile: 1
nodes:
  - hostname: cp1
    ipAddress: 10.0.0.11
    controlPlane: true
    installDiskSelector:
      size: ">= 100GB"
      transport: usb
    volumes:
      - name: EPHEMERAL
        provisioning:
          maxSize: 10GiB
          bogusProvisioning: 1
    networkInterfaces:
      - interface: eth0
        dhcp: true
        bogusInterface: 1
`;

test('unknown fields under Talos-typed talconfig fields warn once each and are left out of the rendered config', async () => {
  // With the process's talsecret (ECDSA): without one genconfig would generate a bundle with an RSA-4096 key.
  const dir = makeRepo({ 'talconfig.yaml': TALCONFIG });
  const r = await talgenMain(['genconfig', '--no-gitignore'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const unknown = r.stderr.split('\n').filter((l) => l.includes('unknown field (ignored)'));
  assert.equal(
    unknown.map((l) => /: ([\w.[\]]+): unknown field/.exec(l)?.[1]),
    [
      'controlPlane.machineDisks[0].bogusDisk',
      'controlPlane.machineDisks[0].partitions[0].bogusPartition',
      'controlPlane.kernelModules[0].bogusModule',
      'controlPlane.userVolumes[0].bogusVolume',
      'controlPlane.userVolumes[0].provisioning.diskSelector.bogusSelector',
      'controlPlane.extensionServices[0].bogusService',
      'controlPlane.extensionServices[0].configFiles[0].bogusFile',
      'nodes[0].installDiskSelector.transport',
      'nodes[0].volumes[0].provisioning.bogusProvisioning',
      'nodes[0].networkInterfaces[0].bogusInterface',
    ],
  );
  const out = join(dir, 'clusterconfig');
  const rendered = readdirSync(out)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(out, f), 'utf8'))
    .join('\n');
  assert.ok(rendered.includes("diskSelector:\n      size: '>= 100GB'"), rendered);
  assert.not.match(rendered, /bogus|transport: usb/);
});

test.run();
