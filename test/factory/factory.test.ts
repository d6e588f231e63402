import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { parse, stringify } from 'yaml';
import { checkExtensions, imageUrl, installerImage, parseSchematic, schematicId } from '../../src/factory/index.js';
import { TalgenError } from '../../src/core/errors.js';
import { CONFORMANCE, conformanceFile, ROOT } from '../helpers/shared.js';
import { talgen, tmp } from '../helpers/cli.js';

const EMPTY = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';

function shuffleKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shuffleKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, shuffleKeys(x)]));
  return v;
}

if (CONFORMANCE) {
  test('every schematics.tsv pair, from the canonical YAML and from reformatted variants', () => {
    const rows = readFileSync(conformanceFile('schematics.tsv'), 'utf8').trim().split('\n').slice(1);
    let n = 0;
    for (const row of rows) {
      const [esc, id] = row.split('\t') as [string, string];
      const text = esc.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
      const value = parse(text);
      assert.is(schematicId(parseSchematic(value)), id, text);
      // 2-space indent, keys in reverse order, flow style, and JSON: same schematic, same ID.
      for (const variant of [stringify(shuffleKeys(value), { indent: 2 }), stringify(value, { collectionStyle: 'flow' }), JSON.stringify(shuffleKeys(value))]) {
        assert.is(schematicId(parseSchematic(parse(variant))), id, variant);
      }
      n++;
    }
    assert.is(n, 30);
  });
}

test('installer URLs: metal, secureboot, nocloud, talosImageURL, custom registry and template', () => {
  const ext = parseSchematic({ customization: { systemExtensions: { officialExtensions: ['siderolabs/tailscale'] }, extraKernelArgs: ['net.ifnames=0'] } });
  const id = schematicId(ext);
  assert.is(id, '104c23dfe7c5bfeff6a4cc7e166d8b3bba0f371760592c7677c90c822bb1d109');
  assert.is(installerImage({ talosVersion: 'v1.13.9' }), `factory.talos.dev/metal-installer/${EMPTY}:v1.13.9`);
  assert.is(installerImage({ schematic: ext, talosVersion: 'v1.13.9', secureboot: true }), `factory.talos.dev/metal-installer-secureboot/${id}:v1.13.9`);
  assert.is(installerImage({ schematic: ext, talosVersion: 'v1.12.0', mode: 'nocloud' }), `factory.talos.dev/nocloud-installer/${id}:v1.12.0`);
  assert.is(installerImage({ schematic: ext, talosVersion: 'v1.12.0', talosImageURL: 'ghcr.io/me/installer' }), 'ghcr.io/me/installer:v1.12.0');
  assert.is(
    installerImage({ talosVersion: 'v1.11.0', factory: { registryURL: 'factory.example.com', installerURLTmpl: '{{.RegistryURL}}/installer{{if .Secureboot}}-secureboot{{end}}/{{.ID}}:{{.Version}}' } }),
    `factory.example.com/installer/${EMPTY}:v1.11.0`,
  );
});

test('image URLs: iso, disk-image default .raw.zst, arm64, secureboot UKI, pxe, overlay', () => {
  const base = { talosVersion: 'v1.13.9' };
  assert.is(imageUrl(base), `https://factory.talos.dev/image/${EMPTY}/v1.13.9/metal-amd64.iso`);
  assert.is(imageUrl({ ...base, bootMethod: 'disk-image' }), `https://factory.talos.dev/image/${EMPTY}/v1.13.9/metal-amd64.raw.zst`);
  assert.is(imageUrl({ ...base, bootMethod: 'disk-image', suffix: 'qcow2', mode: 'nocloud', arch: 'arm64' }), `https://factory.talos.dev/image/${EMPTY}/v1.13.9/nocloud-arm64.qcow2`);
  assert.is(imageUrl({ ...base, secureboot: true }), `https://factory.talos.dev/image/${EMPTY}/v1.13.9/metal-amd64-secureboot.iso`);
  assert.is(imageUrl({ ...base, secureboot: true, useUKI: true }), `https://factory.talos.dev/image/${EMPTY}/v1.13.9/metal-amd64-secureboot-uki.efi`);
  assert.is(imageUrl({ ...base, bootMethod: 'pxe' }), `https://pxe.factory.talos.dev/pxe/${EMPTY}/v1.13.9/metal-amd64`);
  const rpi = parseSchematic({ overlay: { image: 'siderolabs/sbc-raspberrypi', name: 'rpi_generic' } });
  assert.match(imageUrl({ ...base, schematic: rpi, arch: 'arm64', bootMethod: 'disk-image', suffix: 'raw.xz' }), /\/image\/[0-9a-f]{64}\/v1\.13\.9\/metal-arm64\.raw\.xz$/);
});

test('bad input: unknown field (did you mean), bad arch/boot method/suffix, tag or digest in talosImageURL', () => {
  const bad = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof TalgenError && re.test(e.format()));
  bad(() => parseSchematic({ customization: { extraKernelArg: ['x'] } }), /customization\.extraKernelArg: unknown schematic field[\s\S]*did you mean "extraKernelArgs"/);
  bad(() => parseSchematic({ overlay: { image: 'x', nme: 'y' } }), /overlay\.nme: unknown schematic field/);
  bad(() => imageUrl({ talosVersion: 'v1.13.9', arch: 'riscv' }), /unknown arch "riscv"/);
  bad(() => imageUrl({ talosVersion: 'v1.13.9', bootMethod: 'usb' }), /unknown boot method/);
  bad(() => imageUrl({ talosVersion: 'v1.13.9', bootMethod: 'iso', suffix: 'raw.xz' }), /does not fit boot method iso/);
  bad(() => installerImage({ talosVersion: 'v1.13.9', talosImageURL: 'ghcr.io/x/installer:v1.2.3' }), /must not contain a tag or digest/);
  bad(() => installerImage({ talosVersion: 'v1.13.9', talosImageURL: 'ghcr.io/x/installer@sha256:abc' }), /must not contain a tag or digest/);
});

test('genurl and schematic id from the CLI (talconfig nodes and flags)', () => {
  const ts = join(ROOT, 'examples', 'tailscale');
  const r = talgen(['genurl', 'installer'], { cwd: ts });
  assert.is(r.code, 0, r.stderr);
  // The seed document's factory page produced exactly this ID for i915 + mei + tailscale.
  assert.match(r.stdout, /^k8s-1: factory\.talos\.dev\/metal-installer\/e60b2867d93adc72270a9a6919deb41755ede46ea45e08a25df37bb5c3919593:v1\.10\.4\nk8s-2: /);
  const one = talgen(['genurl', 'image', '-n', '192.168.1.102', '--boot-method', 'disk-image'], { cwd: ts });
  assert.is(one.stdout, 'https://factory.talos.dev/image/e60b2867d93adc72270a9a6919deb41755ede46ea45e08a25df37bb5c3919593/v1.10.4/metal-amd64.raw.zst\n');
  const d = tmp();
  const flags = talgen(['genurl', 'installer', '-e', 'siderolabs/tailscale', '-k', 'net.ifnames=0', '-v', 'v1.12.0', '--secure-boot'], { cwd: d });
  assert.is(flags.stdout, 'factory.talos.dev/metal-installer-secureboot/104c23dfe7c5bfeff6a4cc7e166d8b3bba0f371760592c7677c90c822bb1d109:v1.12.0\n');
  writeFileSync(join(d, 's.yaml'), 'customization:\n  extraKernelArgs: [noapic, nolapic]\n');
  assert.is(talgen(['schematic', 'id', join(d, 's.yaml')]).stdout, '9cba8e32753f91a16c1837ab8abf356af021706ef284aef07380780177d9a06c\n');
  assert.is(talgen(['schematic', 'id', '-'], { input: '{}' }).stdout, `${EMPTY}\n`);
  const bad = talgen(['genurl', 'image', '-a', 'mips'], { cwd: d });
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /unknown arch "mips"/);
});

test('no network anywhere in genurl / schematic IDs / genconfig planning', async () => {
  const saved = { fetch: globalThis.fetch, hr: http.request, hg: http.get, sr: https.request, sg: https.get, nc: net.connect, ncc: net.createConnection };
  const boom = () => {
    throw new Error('network access attempted');
  };
  Object.assign(globalThis, { fetch: boom });
  Object.assign(http, { request: boom, get: boom });
  Object.assign(https, { request: boom, get: boom });
  Object.assign(net, { connect: boom, createConnection: boom });
  try {
    const { loadRepo } = await import('../../src/compile/load-repo.js');
    const { genconfig } = await import('../../src/compile/talhelper-genconfig.js');
    const ts = join(ROOT, 'examples', 'tailscale');
    const repo = await loadRepo({ configFile: join(ts, 'talconfig.yaml'), envFiles: ['talenv.yaml'], secretFiles: [], strict: false, onWarning: () => {} });
    const out = await genconfig(repo, { configFile: join(ts, 'talconfig.yaml'), outDir: tmp(), mode: 'metal', dryRun: false, noGitignore: true, disableNodesSection: false, crtTTLHours: 24, format: 'talhelper', showSecrets: false, onWarning: () => {} });
    assert.is(out.files.length, 3);
    assert.match(out.files[0]!.data, /image: factory\.talos\.dev\/metal-installer\/e60b2867/);
    assert.is(schematicId(parseSchematic({})), EMPTY);
  } finally {
    Object.assign(globalThis, { fetch: saved.fetch });
    Object.assign(http, { request: saved.hr, get: saved.hg });
    Object.assign(https, { request: saved.sr, get: saved.sg });
    Object.assign(net, { connect: saved.nc, createConnection: saved.ncc });
  }
});

test('extension and overlay checks per Talos version (catalog table shipped in the product)', () => {
  const s = (exts: string[], overlay?: { name?: string; image?: string }) => parseSchematic({ overlay, customization: { systemExtensions: { officialExtensions: exts } } });
  assert.equal(checkExtensions(s(['siderolabs/tailscale', 'siderolabs/i915']), 'v1.10.4', 'nodes[0].schematic').warnings, []);
  const bad = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof TalgenError && re.test(e.format()));
  bad(() => checkExtensions(s(['siderolabs/tailscal']), 'v1.10.4', 'n'), /n\.customization\.systemExtensions\.officialExtensions\[0\]: extension "siderolabs\/tailscal" is not an official extension of Talos v1\.10\.4[\s\S]*did you mean "siderolabs\/tailscale"/);
  bad(() => checkExtensions(s(['siderolabs/tailscale', 'siderolabs/tailscale']), 'v1.10.4', 'n'), /duplicate extension/);
  bad(() => checkExtensions(s([], { name: 'rpi_generic' }), 'v1.10.4', 'n'), /overlay "rpi_generic" needs an image[\s\S]*image: siderolabs\/sbc-raspberrypi/);
  bad(() => checkExtensions(s([], { name: 'rpi_generic', image: 'siderolabs/sbc-rockchip' }), 'v1.10.4', 'n'), /comes with image "siderolabs\/sbc-raspberrypi"/);
  // A release newer than the table is a warning, never a blocker.
  const w = checkExtensions(s(['siderolabs/tailscale']), 'v1.99.0', 'n').warnings;
  assert.match(w.join(), /does not know Talos v1\.99\.0; checked against v1\.\d+\.\d+/);
});

test.run();
