import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import dns from 'node:dns';
import { ROOT } from '../helpers/shared.js';
import { talgen, talgenMain, tmp } from '../helpers/cli.js';
import { secretsText } from '../genconfig/repo.js';

const EMPTY = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';
const TS_ID = '104c23dfe7c5bfeff6a4cc7e166d8b3bba0f371760592c7677c90c822bb1d109';
const RPI_ID = 'ee21ef4a5ef808a9b7484cc0dda0f25075021691c8c09a276591eedb638ea1f9';
const EXAMPLE_ID = 'e60b2867d93adc72270a9a6919deb41755ede46ea45e08a25df37bb5c3919593';

const HEAD = `clusterName: lab
talosVersion: v1.11.3
kubernetesVersion: v1.34.1
endpoint: https://192.168.1.101:6443
`;

/** A talconfig of HEAD + body, with a talsecret.yaml (the process's ECDSA bundle: genconfig without one makes an RSA key). */
function repo(body: string): { dir: string; file: string } {
  const dir = tmp();
  const file = join(dir, 'talconfig.yaml');
  writeFileSync(file, HEAD + body);
  writeFileSync(join(dir, 'talsecret.yaml'), secretsText());
  return { dir, file };
}

test('genurl from talconfig nodes: per-node lines, -n by hostname or IP, imageSchematic for images only', async () => {
  const ts = join(ROOT, 'examples', 'tailscale');
  const r = await talgenMain(['genurl', 'installer'], { cwd: ts });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, `k8s-1: factory.talos.dev/metal-installer/${EXAMPLE_ID}:v1.10.4\nk8s-2: factory.talos.dev/metal-installer/${EXAMPLE_ID}:v1.10.4\n`);
  const one = await talgenMain(['genurl', 'image', '-n', '192.168.1.102', '--boot-method', 'disk-image'], { cwd: ts });
  assert.is(one.stdout, `https://factory.talos.dev/image/${EXAMPLE_ID}/v1.10.4/metal-amd64.raw.zst\n`);

  const { dir } = repo(`worker:
  imageSchematic:
    overlay: {name: rpi_generic, image: siderolabs/sbc-raspberrypi}
nodes:
  - hostname: cp
    ipAddress: 10.0.0.1, 10.0.0.9
    controlPlane: true
    installDisk: /dev/sda
    machineSpec: {mode: nocloud, secureboot: true}
    schematic:
      customization:
        extraKernelArgs: [net.ifnames=0]
        systemExtensions: {officialExtensions: [siderolabs/tailscale]}
  - hostname: pi
    ipAddress: 10.0.0.2
    installDisk: /dev/mmcblk0
  - hostname: mirror
    ipAddress: 10.0.0.3
    installDisk: /dev/sda
    talosImageURL: registry.local:5000/talos/installer
`);
  const inst = await talgenMain(['genurl', 'installer'], { cwd: dir });
  assert.is(inst.code, 0, inst.stderr);
  assert.is(
    inst.stdout,
    `cp: factory.talos.dev/nocloud-installer-secureboot/${TS_ID}:v1.11.3\npi: factory.talos.dev/metal-installer/${EMPTY}:v1.11.3\nmirror: registry.local:5000/talos/installer:v1.11.3\n`,
  );
  assert.is((await talgenMain(['genurl', 'image', '-n', 'pi'], { cwd: dir })).stdout, `https://factory.talos.dev/image/${RPI_ID}/v1.11.3/metal-arm64.raw.xz\n`);
  assert.is(
    (await talgenMain(['genurl', 'image', '-n', '10.0.0.9'], { cwd: dir })).stdout,
    `https://factory.talos.dev/image/${TS_ID}/v1.11.3/nocloud-amd64-secureboot.iso\n`,
  );
  // Flags override the node's machineSpec; an explicit -v overrides talosVersion (and gets its "v").
  assert.is(
    (await talgenMain(['genurl', 'image', '-n', 'cp', '--boot-method', 'pxe', '-m', 'metal', '-v', '1.12.0'], { cwd: dir })).stdout,
    `https://pxe.factory.talos.dev/pxe/${TS_ID}/v1.12.0/metal-amd64-secureboot\n`,
  );
  const missing = await talgenMain(['genurl', 'installer', '-n', 'nope'], { cwd: dir });
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /node with IP or hostname "nope" not found\n  hint: nodes: cp, pi, mirror/);
});

test('genurl from flags: metal, secureboot, nocloud, arm64, overlay, pxe, disk-image (reference URL forms)', async () => {
  const d = tmp();
  const run = async (args: string[]) => {
    const r = await talgenMain(['genurl', ...args], { cwd: d });
    assert.is(r.code, 0, r.stderr);
    return r.stdout;
  };
  const v = ['-v', 'v1.12.0'];
  assert.is(await run(['installer', ...v]), `factory.talos.dev/metal-installer/${EMPTY}:v1.12.0\n`);
  assert.is(
    await run(['installer', '-e', 'siderolabs/tailscale', '-k', 'net.ifnames=0', ...v, '--secure-boot']),
    `factory.talos.dev/metal-installer-secureboot/${TS_ID}:v1.12.0\n`,
  );
  assert.is(
    await run(['installer', '-e', 'siderolabs/tailscale', '-k', 'net.ifnames=0', ...v, '-m', 'nocloud', '--offline-mode']),
    `factory.talos.dev/nocloud-installer/${TS_ID}:v1.12.0\n`,
  );
  assert.is(await run(['installer', ...v, '-r', 'factory.example.com']), `factory.example.com/metal-installer/${EMPTY}:v1.12.0\n`);
  assert.is(await run(['image', ...v]), `https://factory.talos.dev/image/${EMPTY}/v1.12.0/metal-amd64.iso\n`);
  assert.is(await run(['image', ...v, '-a', 'arm64']), `https://factory.talos.dev/image/${EMPTY}/v1.12.0/metal-arm64.iso\n`);
  assert.is(await run(['image', ...v, '--secure-boot']), `https://factory.talos.dev/image/${EMPTY}/v1.12.0/metal-amd64-secureboot.iso\n`);
  assert.is(await run(['image', ...v, '--secure-boot', '--use-uki']), `https://factory.talos.dev/image/${EMPTY}/v1.12.0/metal-amd64-secureboot-uki.efi\n`);
  assert.is(
    await run(['image', ...v, '-m', 'nocloud', '--boot-method', 'disk-image']),
    `https://factory.talos.dev/image/${EMPTY}/v1.12.0/nocloud-amd64.raw.xz\n`,
  );
  assert.is(await run(['image', ...v, '--boot-method', 'disk-image']), `https://factory.talos.dev/image/${EMPTY}/v1.12.0/metal-amd64.raw.zst\n`);
  assert.is(
    await run(['image', ...v, '--boot-method', 'disk-image', '--suffix', 'qcow2', '-a', 'arm64']),
    `https://factory.talos.dev/image/${EMPTY}/v1.12.0/metal-arm64.qcow2\n`,
  );
  assert.is(await run(['image', ...v, '--boot-method', 'pxe']), `https://pxe.factory.talos.dev/pxe/${EMPTY}/v1.12.0/metal-amd64\n`);
  writeFileSync(join(d, 'rpi.yaml'), 'overlay:\n  image: siderolabs/sbc-raspberrypi\n  name: rpi_generic\n');
  assert.is(await run(['image', ...v, '--customization-file', 'rpi.yaml']), `https://factory.talos.dev/image/${RPI_ID}/v1.12.0/metal-arm64.raw.xz\n`);
  assert.is(await run(['installer', ...v, '--customization-file', 'rpi.yaml']), `factory.talos.dev/metal-installer/${RPI_ID}:v1.12.0\n`);
  // --customization-file plus -e/-k appends to the file's lists.
  writeFileSync(join(d, 'k.yaml'), '{"customization": {"extraKernelArgs": ["net.ifnames=0"]}}');
  assert.is(
    await run(['installer', ...v, '--customization-file', 'k.yaml', '-e', 'siderolabs/tailscale']),
    `factory.talos.dev/metal-installer/${TS_ID}:v1.12.0\n`,
  );
});

test('bad input: one line with file:line:col (or the flag), exit 1', async () => {
  const fails = async (dir: string, args: string[], re: RegExp) => {
    const r = await talgenMain(args, { cwd: dir });
    assert.is(r.code, 1, r.stdout);
    assert.is(r.stdout, '');
    assert.match(r.stderr, re);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  };
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const tagged = repo(`nodes:
  - hostname: a
    ipAddress: 10.0.0.1
    controlPlane: true
    installDisk: /dev/sda
    talosImageURL: ghcr.io/me/installer:v1.11.3
`);
  await fails(
    tagged.dir,
    ['genurl', 'installer'],
    new RegExp(
      `(^|\\n)talgen: ${esc(tagged.file)}:10:20: nodes\\[0\\]\\.talosImageURL: talosImageURL "ghcr\\.io/me/installer:v1\\.11\\.3" must not contain a tag or digest\\n  hint: [^\\n]*"ghcr\\.io/me/installer"\\n$`,
    ),
  );

  const { dir, file: f } = repo(`nodes:
  - hostname: a
    ipAddress: 10.0.0.1
    controlPlane: true
    installDisk: /dev/sda
    talosImageURL: ghcr.io/me/installer
  - hostname: b
    ipAddress: 10.0.0.2
    installDisk: /dev/sda
    machineSpec:
      bootMethod: disk-image
      imageSuffix: raw.zxt
    imageSchematic:
      customization:
        systemExtensions:
          officialExtensions:
            - siderolabs/iscsi-tools
            - siderolabs/util-linux-tool
  - hostname: c
    ipAddress: 10.0.0.3
    installDisk: /dev/sda
    imageSchematic:
      overlay:
        name: rpi_generic
  - hostname: d
    ipAddress: 10.0.0.4
    installDisk: /dev/sda
    imageSchematic:
      customization:
        extraKernelArgz: [a]
`);
  const F = esc(f);
  // The talconfig's own checks come first, as talhelper's validator runs before anything is rendered.
  await fails(
    dir,
    ['genurl', 'image', '-n', 'b'],
    new RegExp(`(^|\\n)talgen: ${F}:16:20: nodes\\[1\\]\\.machineSpec\\.imageSuffix: image suffix "raw\\.zxt" does not fit boot method disk-image`),
  );
  writeFileSync(f, readFileSync(f, 'utf8').replace('imageSuffix: raw.zxt', 'imageSuffix: raw.xz '));
  await fails(
    dir,
    ['genurl', 'image', '-n', 'b'],
    new RegExp(
      `(^|\\n)talgen: ${F}:22:15: nodes\\[1\\]\\.imageSchematic\\.customization\\.systemExtensions\\.officialExtensions\\[1\\]: extension "siderolabs/util-linux-tool" is not an official extension of Talos v1\\.11\\.3\\n  hint: did you mean "siderolabs/util-linux-tools"\\?\\n$`,
    ),
  );
  await fails(
    dir,
    ['genurl', 'image', '-n', 'c'],
    new RegExp(
      `(^|\\n)talgen: ${F}:28:9: nodes\\[2\\]\\.imageSchematic\\.overlay: overlay "rpi_generic" needs an image\\n  hint: image: siderolabs/sbc-raspberrypi\\n$`,
    ),
  );
  // talhelper decodes talconfig leniently: an unknown schematic field is ignored, with one warning naming it.
  const lenient = await talgenMain(['genurl', 'image', '-n', 'd'], { cwd: dir });
  assert.is(lenient.code, 0, lenient.stderr);
  assert.match(
    lenient.stderr,
    new RegExp(
      `^warning: ${F}:34:9: nodes\\[3\\]\\.imageSchematic\\.customization\\.extraKernelArgz: unknown field \\(ignored\\) \\(did you mean "extraKernelArgs"\\?\\)\\n$`,
    ),
  );
  // The installer ignores imageSchematic and machineSpec's image fields.
  assert.is((await talgenMain(['genurl', 'installer', '-n', 'b'], { cwd: dir })).code, 0);
  writeFileSync(f, readFileSync(f, 'utf8').replace('siderolabs/util-linux-tool\n', 'siderolabs/util-linux-tools\n'));
  await fails(dir, ['genurl', 'image', '-n', 'b', '--suffix', 'iso'], /(^|\n)talgen: --suffix: image suffix "iso" does not fit boot method disk-image/);
  await fails(dir, ['genurl', 'image', '-n', 'a', '-a', 'mips'], /(^|\n)talgen: --arch: unknown arch "mips"\n  hint: use amd64 or arm64\n$/);
  await fails(dir, ['genurl', 'image', '-n', 'a', '--boot-method', 'usb'], /(^|\n)talgen: --boot-method: unknown boot method "usb"/);

  // Flags mode: the customization file's own positions; -e names the flag.
  const d = tmp();
  const c = join(d, 'c.yaml');
  writeFileSync(c, 'customization:\n  systemExtensions:\n    officialExtensions: [siderolabs/zfs, siderolabs/drbx]\n');
  await fails(
    d,
    ['genurl', 'installer', '--customization-file', c],
    new RegExp(
      `^talgen: ${esc(c)}:3:42: customization\\.systemExtensions\\.officialExtensions\\[1\\]: extension "siderolabs/drbx"[^\\n]*\\n  hint: did you mean "siderolabs/drbd"`,
    ),
  );
  await fails(
    d,
    ['genurl', 'installer', '-e', 'siderolabs/tailscal'],
    /^talgen: --extension siderolabs\/tailscal: extension "siderolabs\/tailscal" is not an official extension of Talos v1\.\d+\.\d+\n  hint: did you mean "siderolabs\/tailscale"\?/,
  );
  const ver = await talgenMain(['genurl', 'installer', '-v', 'latest'], { cwd: d });
  assert.is(ver.code, 2);
  assert.match(ver.stderr, /"latest" is not a Talos version/);
});

test('overlays: the table advises, the factory decides (a different image or an unlisted name warns, the URL is printed)', async () => {
  const { dir, file } = repo(`nodes:
  - hostname: a
    ipAddress: 10.0.0.1
    controlPlane: true
    installDisk: /dev/sda
    imageSchematic:
      overlay:
        name: rpi_generic
        image: ghcr.io/me/sbc-raspberrypi
`);
  const r = await talgenMain(['genurl', 'image', '-n', 'a'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^https:\/\/factory\.talos\.dev\/image\/[0-9a-f]{64}\/v1\.11\.3\/metal-arm64\.raw\.xz\n$/);
  const at = `${file}:13:16: nodes[0].imageSchematic.overlay.image: overlay "rpi_generic" is listed with image "siderolabs/sbc-raspberrypi", not "ghcr.io/me/sbc-raspberrypi"`;
  assert.ok(r.stderr.includes(at), r.stderr);
});

test('schematic id / yaml: file, stdin, JSON; positions in errors', async () => {
  const d = tmp();
  writeFileSync(join(d, 's.yaml'), 'customization:\n  extraKernelArgs: [noapic, nolapic]\n');
  assert.is((await talgenMain(['schematic', 'id', join(d, 's.yaml')])).stdout, '9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c\n');
  assert.is(
    talgen(['schematic', 'id', '-'], { input: '{"customization":{"extraKernelArgs":["noapic","nolapic"]}}' }).stdout,
    '9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c\n',
  );
  assert.is(talgen(['schematic', 'id'], { input: '{}' }).stdout, `${EMPTY}\n`);
  assert.is((await talgenMain(['schematic', 'yaml', join(d, 's.yaml')])).stdout, 'customization:\n    extraKernelArgs:\n        - noapic\n        - nolapic\n');
  const bad = talgen(['schematic', 'id', '-'], { input: 'customization:\n  systemExtensions:\n    officalExtensions: []\n' });
  assert.is(bad.code, 1);
  assert.is(
    bad.stderr,
    'talgen: <stdin>:3:5: customization.systemExtensions.officalExtensions: unknown schematic field\n  hint: did you mean "officialExtensions"?\n',
  );
  const usage = await talgenMain(['schematic', 'hash']);
  assert.is(usage.code, 2);
  const notFound = await talgenMain(['schematic', 'id', join(d, 'nope.yaml')]);
  assert.is(notFound.code, 1);
  assert.match(notFound.stderr, /schematic file not found/);
});

test('genconfig: schematic → machine.install.image; extraKernelArgs copied for ≤ v1.11 without useUKI only', async () => {
  const body = `worker:
  schematic:
    customization:
      extraKernelArgs: [net.ifnames=0]
nodes:
  - hostname: cp
    ipAddress: 10.0.0.1
    controlPlane: true
    installDisk: /dev/sda
  - hostname: w
    ipAddress: 10.0.0.2
    installDisk: /dev/sda
  - hostname: uki
    ipAddress: 10.0.0.3
    installDisk: /dev/sda
    machineSpec: {useUKI: true}
`;
  const id = '6905bc709e5947573a4ec2d11723b58882936d3d0e15c708f7d78f0c689684a5';
  for (const [version, copies] of [
    ['v1.11.3', true],
    ['v1.12.0', false],
  ] as const) {
    const { dir } = repo(body);
    const f = join(dir, 'talconfig.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('v1.11.3', version));
    const r = await talgenMain(['genconfig', '--no-gitignore'], { cwd: dir });
    assert.is(r.code, 0, r.stderr);
    const w = readFileSync(join(dir, 'clusterconfig', 'lab-w.yaml'), 'utf8');
    assert.ok(w.includes(`image: factory.talos.dev/metal-installer/${id}:${version}`), w);
    assert.is(/extraKernelArgs:\n\s+- net\.ifnames=0/.test(w), copies, version);
    assert.not.match(readFileSync(join(dir, 'clusterconfig', 'lab-uki.yaml'), 'utf8'), /net\.ifnames=0/);
    assert.ok(readFileSync(join(dir, 'clusterconfig', 'lab-cp.yaml'), 'utf8').includes(`metal-installer/${EMPTY}:${version}`));
  }
});

test('no network: genurl, schematic id and genconfig run in process with every network API stubbed to throw', async () => {
  const calls: string[] = [];
  const boom = (what: string) => () => {
    calls.push(what);
    throw new Error(`network access attempted: ${what}`);
  };
  const saved = {
    fetch: globalThis.fetch,
    http: { request: http.request, get: http.get },
    https: { request: https.request, get: https.get },
    net: { connect: net.connect, createConnection: net.createConnection },
    tls: { connect: tls.connect },
    dns: { lookup: dns.lookup, resolve: dns.resolve },
  };
  Object.assign(globalThis, { fetch: boom('fetch') });
  Object.assign(http, { request: boom('http.request'), get: boom('http.get') });
  Object.assign(https, { request: boom('https.request'), get: boom('https.get') });
  Object.assign(net, { connect: boom('net.connect'), createConnection: boom('net.createConnection') });
  Object.assign(tls, { connect: boom('tls.connect') });
  Object.assign(dns, { lookup: boom('dns.lookup'), resolve: boom('dns.resolve') });
  const cli = (args: string[]) => talgenMain(args);
  try {
    const ts = join(ROOT, 'examples', 'tailscale', 'talconfig.yaml');
    let r = await cli(['genurl', 'installer', '-c', ts]);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^k8s-1: factory\\.talos\\.dev/metal-installer/${EXAMPLE_ID}:v1\\.10\\.4\\n`));
    r = await cli(['genurl', 'image', '-c', ts, '-n', 'k8s-2', '--boot-method', 'pxe']);
    assert.is(r.stdout, `https://pxe.factory.talos.dev/pxe/${EXAMPLE_ID}/v1.10.4/metal-amd64\n`, r.stderr);
    const d = tmp();
    writeFileSync(join(d, 'rpi.yaml'), 'overlay: {image: siderolabs/sbc-raspberrypi, name: rpi_generic}\n');
    r = await cli(['genurl', 'image', '-c', join(d, 'absent.yaml'), '--customization-file', join(d, 'rpi.yaml'), '-v', 'v1.12.0']);
    assert.is(r.stdout, `https://factory.talos.dev/image/${RPI_ID}/v1.12.0/metal-arm64.raw.xz\n`, r.stderr);
    r = await cli(['schematic', 'id', join(d, 'rpi.yaml')]);
    assert.is(r.stdout, `${RPI_ID}\n`);
    const { dir } = repo(
      `nodes:\n  - hostname: cp\n    ipAddress: 10.0.0.1\n    controlPlane: true\n    installDisk: /dev/sda\n    schematic: {customization: {systemExtensions: {officialExtensions: [siderolabs/iscsi-tools]}}}\n`,
    );
    r = await cli(['genconfig', '-c', join(dir, 'talconfig.yaml'), '-s', join(dir, 'talsecret.yaml'), '-o', join(dir, 'out'), '--no-gitignore']);
    assert.is(r.code, 0, r.stderr);
    assert.match(readFileSync(join(dir, 'out', 'lab-cp.yaml'), 'utf8'), /image: factory\.talos\.dev\/metal-installer\/[0-9a-f]{64}:v1\.11\.3/);
    assert.equal(calls, []);
  } finally {
    Object.assign(globalThis, { fetch: saved.fetch });
    Object.assign(http, saved.http);
    Object.assign(https, saved.https);
    Object.assign(net, saved.net);
    Object.assign(tls, saved.tls);
    Object.assign(dns, saved.dns);
  }
});

test.run();
