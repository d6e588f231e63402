import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { canonicalSchematicYaml, parseSchematic, schematicId } from '../../src/factory/index.js';
import { TalgenError } from '../../src/core/errors.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { conformanceFile, needConformance } from '../helpers/shared.js';

const EMPTY = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';

/** Keys of every mapping in reverse order (struct fields and overlay options alike). */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reverseKeys(x)]),
    );
  return v;
}

/** The same schematic written the ways people write it: 2-space indent with keys reordered, flow style, JSON. */
function variants(value: unknown): string[] {
  return [
    stringify(reverseKeys(value), { indent: 2 }),
    stringify(value, { collectionStyle: 'flow' }),
    stringify(reverseKeys(value), { collectionStyle: 'flow', indent: 2 }),
    JSON.stringify(reverseKeys(value)),
    JSON.stringify(value, null, 3),
  ];
}

function idOf(text: string): string {
  const loaded = parseYamlText(text, 'schematic.yaml');
  return schematicId(parseSchematic(loaded.value, { file: loaded.file, positions: (sub, key) => loaded.positionOf(sub, key) }));
}

if (needConformance('schematics.tsv pairs')) {
  test('schematics.tsv: every pair from its canonical YAML (re-emitted byte for byte) and from reformatted variants', () => {
    const rows = readFileSync(conformanceFile('schematics.tsv'), 'utf8').trimEnd().split('\n').slice(1);
    let pass = 0;
    for (const row of rows) {
      const [esc, id] = row.split('\t') as [string, string];
      const text = esc.replace(/\\(\\|n|t)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
      const value = parse(text) as unknown;
      assert.is(canonicalSchematicYaml(parseSchematic(value)), text, 'canonical form');
      assert.is(idOf(text), id, text);
      const vs = variants(value);
      assert.ok(vs.filter((v) => v !== text).length >= 4, 'variants differ from the canonical text');
      for (const v of vs) assert.is(idOf(v), id, v);
      pass++;
    }
    assert.is(pass, 30);
    assert.is(rows.length, 30);
  });
}

test('the empty schematic in all its spellings', () => {
  for (const text of [
    '',
    '{}',
    'customization: {}',
    'customization:\n  extraKernelArgs: []',
    'customization: {systemExtensions: {}}',
    'overlay: {}',
    'customization: {secureboot: {includeWellKnownCertificates: false}}',
    'customization: {bootloader: auto}',
  ]) {
    assert.is(idOf(text), EMPTY, text);
  }
  assert.is(canonicalSchematicYaml({}), 'customization: {}\n');
});

test('canonical form: field order, 4-space indent, non-compact sequences, decimal meta keys, quoting, options natural sort', () => {
  const s = parseSchematic(
    parse(`customization:
  diskImage: {sectorSize: 4096}
  secureboot: {includeWellKnownCertificates: true, enrollKeys: if-safe}
  bootloader: sd-boot
  systemExtensions: {officialExtensions: [siderolabs/zfs, siderolabs/drbd]}
  meta: [{value: "on", key: 0xa}]
  extraKernelArgs: ["console=ttyS0,115200", "1.20", "-lockdown"]
overlay:
  options: {a10: 1, a2: 2.0, b: "yes"}
  name: rpi_generic
  image: siderolabs/sbc-raspberrypi
`),
  );
  assert.is(
    canonicalSchematicYaml(s),
    `overlay:
    image: siderolabs/sbc-raspberrypi
    name: rpi_generic
    options:
        a2: 2
        a10: 1
        b: 'yes'
customization:
    extraKernelArgs:
        - console=ttyS0,115200
        - "1.20"
        - -lockdown
    meta:
        - key: 10
          value: 'on'
    systemExtensions:
        officialExtensions:
            - siderolabs/zfs
            - siderolabs/drbd
    bootloader: sd-boot
    secureboot:
        enrollKeys: if-safe
        includeWellKnownCertificates: true
    diskImage:
        sectorSize: 4096
`,
  );
  // List order is significant: the reversed list is another schematic.
  const ids = [
    ['siderolabs/drbd', 'siderolabs/zfs'],
    ['siderolabs/zfs', 'siderolabs/drbd'],
  ].map((l) => schematicId(parseSchematic({ customization: { systemExtensions: { officialExtensions: l } } })));
  assert.ok(ids[0]!.startsWith('98442b5b'));
  assert.is.not(ids[1], ids[0]);
});

test('talhelper offline-mode vectors (IDs the factory package computes)', () => {
  const vec: [unknown, string][] = [
    [{ customization: { extraKernelArgs: ['noapic', 'nolapic'] } }, '9cba8e32'],
    [{ customization: { systemExtensions: { officialExtensions: ['siderolabs/drbd', 'siderolabs/zfs'] } } }, '98442b5b'],
    [{ customization: { extraKernelArgs: ['hihi', 'hehe'] } }, 'ff5083b1'],
    [{ customization: { extraKernelArgs: ['net.ifnames=0'], systemExtensions: { officialExtensions: ['siderolabs/tailscale'] } } }, '104c23df'],
    [{ overlay: { image: 'siderolabs/sbc-raspberrypi', name: 'rpi_generic' } }, 'ee21ef4a'],
    [{ customization: { meta: [{ key: 10, value: 'foo' }] } }, 'd308a2a5'],
    [{ customization: { secureboot: { includeWellKnownCertificates: true } } }, 'fa8e05f1'],
    [{ customization: { diskImage: { sectorSize: 4096 } } }, '92833e9d'],
  ];
  for (const [v, prefix] of vec) assert.ok(schematicId(parseSchematic(v)).startsWith(prefix), `${JSON.stringify(v)} → ${prefix}…`);
  assert.is(
    schematicId(parseSchematic({ customization: { extraKernelArgs: ['net.ifnames=0'], systemExtensions: { officialExtensions: ['siderolabs/tailscale'] } } })),
    '104c23dfe7c5bfeff6a4cc7e166d8b3bba0f371760592c7677c90c822bb1d109',
  );
});

test('strict parsing: unknown fields and wrong types are errors with file:line:col, path and a hint', () => {
  const bad = (text: string, re: RegExp) =>
    assert.throws(
      () => idOf(text),
      (e: unknown) => e instanceof TalgenError && re.test(e.format()),
    );
  bad(
    'customization:\n  extraKernelArg: [x]\n',
    /^schematic\.yaml:2:3: customization\.extraKernelArg: unknown schematic field\n  hint: did you mean "extraKernelArgs"\?/,
  );
  bad('overlay: {image: x, nmae: y}\n', /^schematic\.yaml:1:21: overlay\.nmae: unknown schematic field\n  hint: did you mean "name"\?/);
  bad('customisation: {}\n', /^schematic\.yaml:1:1: customisation: unknown schematic field[\s\S]*"customization"/);
  bad(
    'customization:\n  meta:\n    - key: 300\n      value: x\n',
    /^schematic\.yaml:3:12: customization\.meta\[0\]\.key: must be an integer from 0 to 255, not 300/,
  );
  bad('customization:\n  meta:\n    - {key: 10, value: x, extra: 1}\n', /^schematic\.yaml:3:27: customization\.meta\[0\]\.extra: unknown schematic field/);
  bad(
    'customization:\n  extraKernelArgs:\n    - quiet\n    - 42\n',
    /^schematic\.yaml:4:7: customization\.extraKernelArgs\[1\]: must be a string, not 42\n  hint: quote it: "42"/,
  );
  bad('customization:\n  extraKernelArgs: quiet\n', /^schematic\.yaml:2:20: customization\.extraKernelArgs: must be a list of strings/);
  bad(
    'customization:\n  bootloader: systemd\n',
    /^schematic\.yaml:2:15: customization\.bootloader: "systemd" is not one of none, auto, dual-boot, sd-boot, grub/,
  );
  bad('customization:\n  secureboot: {enrollKeys: always}\n', /customization\.secureboot\.enrollKeys: "always" is not one of off, manual, if-safe, force/);
  bad('customization:\n  secureboot: {includeWellKnownCertificates: "yes"}\n', /includeWellKnownCertificates: must be true or false/);
  bad('overlay:\n  options: [a]\n', /^schematic\.yaml:2:12: overlay\.options: must be a mapping, not a list/);
  bad('- a\n', /^schematic\.yaml:1:1: must be a mapping, not a list/);
  // A plain string `where` is a path prefix (what older callers pass).
  assert.throws(
    () => parseSchematic({ overlay: { nme: 'x' } }, 'nodes[3].schematic'),
    (e: unknown) => e instanceof TalgenError && e.path === 'nodes[3].schematic.overlay.nme' && e.file === undefined,
  );
});

test('IDs are remembered per schematic, never across schematics whose JSON text is the same', () => {
  const direct = (x: Parameters<typeof schematicId>[0]) => createHash('sha256').update(canonicalSchematicYaml(x)).digest('hex');
  const ext = { customization: { systemExtensions: { officialExtensions: ['siderolabs/i915'] } } };
  assert.is(schematicId(ext), direct(ext));
  assert.is(schematicId(structuredClone(ext)), direct(ext));
  // JSON text writes NaN as null: the two must not share a remembered ID.
  const nulled = { overlay: { image: 'i', name: 'n', options: { ratio: null } } };
  const nan = { overlay: { image: 'i', name: 'n', options: { ratio: Number.NaN } } };
  assert.is(JSON.stringify(nulled), JSON.stringify(nan));
  assert.is.not(direct(nulled), direct(nan));
  assert.is(schematicId(nulled), direct(nulled));
  assert.is(schematicId(nan), direct(nan));
});

test.run();
