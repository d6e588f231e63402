import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkTalosImageURL, imageUrl, installerImage, parseSchematic, schematicId } from '../../src/factory/index.js';
import { TalgenError } from '../../src/core/errors.js';

const EMPTY = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';
const TS = parseSchematic({ customization: { systemExtensions: { officialExtensions: ['siderolabs/tailscale'] }, extraKernelArgs: ['net.ifnames=0'] } });
const TS_ID = '104c23dfe7c5bfeff6a4cc7e166d8b3bba0f371760592c7677c90c822bb1d109';
const RPI = parseSchematic({ overlay: { image: 'siderolabs/sbc-raspberrypi', name: 'rpi_generic' } });
const RPI_ID = 'ee21ef4a5ef808a9b7484cc0dda0f25075021691c8c09a276591eedb638ea1f9';
const F = 'https://factory.talos.dev/image';

test('installer: <registry>/<mode>-installer[-secureboot]/<id>:<version>; talosImageURL wins', () => {
  assert.is(schematicId(TS), TS_ID);
  assert.is(installerImage({ talosVersion: 'v1.13.9' }), `factory.talos.dev/metal-installer/${EMPTY}:v1.13.9`);
  assert.is(installerImage({ schematic: TS, talosVersion: 'v1.13.9', secureboot: true }), `factory.talos.dev/metal-installer-secureboot/${TS_ID}:v1.13.9`);
  assert.is(installerImage({ schematic: TS, talosVersion: 'v1.12.0', mode: 'nocloud' }), `factory.talos.dev/nocloud-installer/${TS_ID}:v1.12.0`);
  assert.is(
    installerImage({ schematic: TS, talosVersion: 'v1.12.0', mode: 'aws', secureboot: true }),
    `factory.talos.dev/aws-installer-secureboot/${TS_ID}:v1.12.0`,
  );
  assert.is(installerImage({ schematic: TS, talosVersion: 'v1.12.0', talosImageURL: 'ghcr.io/me/installer' }), 'ghcr.io/me/installer:v1.12.0');
  assert.is(installerImage({ talosVersion: 'v1.12.0', talosImageURL: 'registry.local:5000/talos/installer' }), 'registry.local:5000/talos/installer:v1.12.0');
  assert.is(
    installerImage({ schematic: TS, talosVersion: 'v1.11.0', factory: { registryURL: 'factory.example.com' } }),
    `factory.example.com/metal-installer/${TS_ID}:v1.11.0`,
  );
});

test('user templates in Go-template syntax render like talhelper (legacy /installer/ form, sprig-style pipelines)', () => {
  const legacy = '{{.RegistryURL}}/installer{{if .Secureboot}}-secureboot{{end}}/{{.ID}}:{{.Version}}';
  assert.is(
    installerImage({ talosVersion: 'v1.9.5', factory: { registryURL: 'factory.example.com', installerURLTmpl: legacy } }),
    `factory.example.com/installer/${EMPTY}:v1.9.5`,
  );
  assert.is(
    installerImage({ talosVersion: 'v1.9.5', secureboot: true, factory: { installerURLTmpl: legacy } }),
    `factory.talos.dev/installer-secureboot/${EMPTY}:v1.9.5`,
  );
  const piped =
    '{{ .RegistryURL }}/{{ .Mode | upper }}{{- if and .Secureboot (eq .Mode "metal") }}-sb{{ else }}-plain{{ end -}} /{{ .ID | default "none" }}:{{ .Version | trimPrefix "v" }}';
  assert.is(
    installerImage({ talosVersion: 'v1.9.5', mode: 'nocloud', factory: { installerURLTmpl: piped } }),
    `factory.talos.dev/NOCLOUD-plain/${EMPTY}:1.9.5`,
  );
  assert.is(installerImage({ talosVersion: 'v1.9.5', secureboot: true, factory: { installerURLTmpl: piped } }), `factory.talos.dev/METAL-sb/${EMPTY}:1.9.5`);
});

test('user templates: unknown fields and functions are errors that name the template setting', () => {
  const bad = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof TalgenError && re.test(e.format()));
  bad(
    () => installerImage({ talosVersion: 'v1.9.5', factory: { installerURLTmpl: '{{.Registry}}/{{.ID}}' } }),
    /installer\.installerURLTmpl: template: executing at <\.Registry>: can't evaluate field Registry in type talos\.installerTmpl[\s\S]*hint: fields of talos\.installerTmpl: \.RegistryURL, \.ID/,
  );
  bad(() => imageUrl({ talosVersion: 'v1.9.5', factory: { ISOURLTmpl: '{{.Protocol}}://x/{{.Arch}{{end}}' } }), /image\.ISOURLTmpl: /);
  const w = { map: (sub: (string | number)[]) => ['imageFactory', ...sub], positions: () => ({ file: 'talconfig.yaml', line: 7, col: 20 }) };
  bad(
    () => imageUrl({ talosVersion: 'v1.9.5', factory: { ISOURLTmpl: '{{.Nope}}' }, where: w }),
    /^talconfig\.yaml:7:20: imageFactory\.ISOURLTmpl: template: executing at <\.Nope>: can't evaluate field Nope in type talos\.imageTmpl/,
  );
});

test('image: ISO, disk image (platform default format, never .raw.zxt/.iso), arm64, SecureBoot, UKI, PXE, SBC overlay', () => {
  const base = { talosVersion: 'v1.13.9' };
  assert.is(imageUrl(base), `${F}/${EMPTY}/v1.13.9/metal-amd64.iso`);
  assert.is(imageUrl({ ...base, mode: 'nocloud' }), `${F}/${EMPTY}/v1.13.9/nocloud-amd64.iso`);
  assert.is(imageUrl({ ...base, arch: 'arm64', secureboot: true }), `${F}/${EMPTY}/v1.13.9/metal-arm64-secureboot.iso`);
  assert.is(imageUrl({ ...base, bootMethod: 'disk-image' }), `${F}/${EMPTY}/v1.13.9/metal-amd64.raw.zst`);
  assert.is(imageUrl({ ...base, bootMethod: 'disk-image', mode: 'nocloud' }), `${F}/${EMPTY}/v1.13.9/nocloud-amd64.raw.xz`);
  assert.is(imageUrl({ ...base, bootMethod: 'disk-image', mode: 'gcp' }), `${F}/${EMPTY}/v1.13.9/gcp-amd64.raw.tar.gz`);
  assert.is(imageUrl({ ...base, bootMethod: 'disk-image', mode: 'azure' }), `${F}/${EMPTY}/v1.13.9/azure-amd64.vhd.xz`);
  assert.is(imageUrl({ ...base, bootMethod: 'disk-image', mode: 'vmware' }), `${F}/${EMPTY}/v1.13.9/vmware-amd64.ova`);
  assert.is(imageUrl({ ...base, bootMethod: 'disk-image', mode: 'oracle', arch: 'arm64' }), `${F}/${EMPTY}/v1.13.9/oracle-arm64.qcow2`);
  assert.is(imageUrl({ ...base, bootMethod: 'disk-image', suffix: 'qcow2', mode: 'nocloud', arch: 'arm64' }), `${F}/${EMPTY}/v1.13.9/nocloud-arm64.qcow2`);
  assert.is(imageUrl({ ...base, bootMethod: 'disk-image', suffix: '.raw.xz' }), `${F}/${EMPTY}/v1.13.9/metal-amd64.raw.xz`);
  assert.is(imageUrl({ ...base, bootMethod: 'disk-image', secureboot: true }), `${F}/${EMPTY}/v1.13.9/metal-amd64-secureboot.raw.zst`);
  assert.is(imageUrl({ ...base, secureboot: true, useUKI: true }), `${F}/${EMPTY}/v1.13.9/metal-amd64-secureboot-uki.efi`);
  assert.is(imageUrl({ ...base, schematic: TS, bootMethod: 'pxe' }), `https://pxe.factory.talos.dev/pxe/${TS_ID}/v1.13.9/metal-amd64`);
  assert.is(
    imageUrl({ ...base, bootMethod: 'pxe', arch: 'arm64', secureboot: true }),
    `https://pxe.factory.talos.dev/pxe/${EMPTY}/v1.13.9/metal-arm64-secureboot`,
  );
  assert.is(
    imageUrl({ ...base, bootMethod: 'pxe', factory: { registryURL: 'factory.example.com', protocol: 'http' } }),
    `http://factory.example.com/pxe/${EMPTY}/v1.13.9/metal-amd64`,
  );
  // The board comes from the overlay: arm64 xz-compressed raw disk image by default.
  assert.is(imageUrl({ ...base, schematic: RPI }), `${F}/${RPI_ID}/v1.13.9/metal-arm64.raw.xz`);
  assert.is(imageUrl({ ...base, schematic: RPI, suffix: 'raw.zst' }), `${F}/${RPI_ID}/v1.13.9/metal-arm64.raw.zst`);
  assert.is(
    imageUrl({ ...base, factory: { registryURL: 'factory.example.com', protocol: 'http' } }),
    `http://factory.example.com/image/${EMPTY}/v1.13.9/metal-amd64.iso`,
  );
});

test('bad input: arch, boot method, suffix, SBC mismatches, tag or digest in talosImageURL — with positions when given', () => {
  const bad = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof TalgenError && re.test(e.format()));
  const v = { talosVersion: 'v1.13.9' };
  bad(() => imageUrl({ ...v, arch: 'riscv' }), /^image\.arch: unknown arch "riscv"\n  hint: use amd64 or arm64/);
  bad(() => imageUrl({ ...v, bootMethod: 'usb' }), /^image\.bootMethod: unknown boot method "usb"\n  hint: use iso, disk-image, pxe/);
  bad(() => imageUrl({ ...v, bootMethod: 'iso', suffix: 'raw.xz' }), /image\.suffix: image suffix "raw\.xz" does not fit boot method iso/);
  bad(() => imageUrl({ ...v, bootMethod: 'disk-image', suffix: 'iso' }), /image suffix "iso" does not fit boot method disk-image/);
  bad(() => imageUrl({ ...v, bootMethod: 'disk-image', suffix: 'raw.zxt' }), /image suffix "raw\.zxt" does not fit/);
  bad(() => imageUrl({ ...v, bootMethod: 'pxe', suffix: 'iso' }), /PXE URLs have no suffix/);
  bad(() => imageUrl({ ...v, schematic: RPI, arch: 'amd64' }), /SBC overlay \(rpi_generic\) boots arm64 images, not amd64/);
  bad(() => imageUrl({ ...v, schematic: RPI, bootMethod: 'iso' }), /boots from a disk image, not iso/);
  bad(() => imageUrl({ ...v, schematic: RPI, secureboot: true }), /no SecureBoot images for SBC overlays/);
  bad(
    () => installerImage({ ...v, talosImageURL: 'ghcr.io/x/installer:v1.2.3' }),
    /installer\.talosImageURL: talosImageURL "ghcr\.io\/x\/installer:v1\.2\.3" must not contain a tag or digest\n  hint: [^\n]*"ghcr\.io\/x\/installer"/,
  );
  bad(() => installerImage({ ...v, talosImageURL: 'ghcr.io/x/installer@sha256:abc' }), /must not contain a tag or digest/);
  bad(
    () => checkTalosImageURL('ghcr.io/X/Installer', 'nodes[0].talosImageURL'),
    /^nodes\[0\]\.talosImageURL: talosImageURL "ghcr\.io\/X\/Installer" is not an image name/,
  );
  // A locator maps option names to the caller's fields and positions.
  const where = {
    map: (sub: (string | number)[]) => (sub[0] === 'suffix' ? ['nodes', 2, 'machineSpec', 'imageSuffix'] : ['nodes', 2, ...sub]),
    positions: (sub: (string | number)[]) => ({ file: '/repo/talconfig.yaml', line: sub.length * 10, col: 9 }),
  };
  bad(
    () => imageUrl({ ...v, bootMethod: 'disk-image', suffix: 'zip', where }),
    /^\/repo\/talconfig\.yaml:40:9: nodes\[2\]\.machineSpec\.imageSuffix: image suffix "zip"/,
  );
  bad(() => installerImage({ ...v, talosImageURL: 'a/b:1', where }), /^\/repo\/talconfig\.yaml:30:9: nodes\[2\]\.talosImageURL: /);
});

test.run();
