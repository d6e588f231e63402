import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogFor, checkExtensions, parseSchematic } from '../../src/factory/index.js';
import { TalgenError } from '../../src/core/errors.js';
import { conformanceFile, needConformance, ROOT } from '../helpers/shared.js';

const s = (exts: string[], overlay?: { name?: string; image?: string }) =>
  parseSchematic({ overlay, customization: { systemExtensions: { officialExtensions: exts } } });
const bad = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof TalgenError && re.test(e.format()));

test('official names per exact Talos release; duplicates; overlays need name + image and must match the catalog', () => {
  assert.equal(checkExtensions(s(['siderolabs/tailscale', 'siderolabs/i915']), 'v1.10.4').warnings, []);
  assert.equal(checkExtensions(s([], { name: 'rpi_generic', image: 'siderolabs/sbc-raspberrypi' }), 'v1.10.4').warnings, []);
  // i915 became an extension in 1.9: not in the 1.8 catalog.
  bad(() => checkExtensions(s(['siderolabs/i915']), 'v1.8.3'), /extension "siderolabs\/i915" is not an official extension of Talos v1\.8\.3/);
  bad(
    () => checkExtensions(s(['siderolabs/tailscal']), 'v1.10.4', 'n'),
    /^n\.customization\.systemExtensions\.officialExtensions\[0\]: extension "siderolabs\/tailscal" is not an official extension of Talos v1\.10\.4\n  hint: did you mean "siderolabs\/tailscale"\?/,
  );
  bad(() => checkExtensions(s(['tailscale']), 'v1.10.4'), /did you mean "siderolabs\/tailscale"/);
  bad(
    () => checkExtensions(s(['siderolabs/tailscale', 'siderolabs/tailscale']), 'v1.10.4', 'n'),
    /officialExtensions\[1\]: duplicate extension "siderolabs\/tailscale" \(also item 0\)/,
  );
  bad(
    () => checkExtensions(s([], { name: 'rpi_generic' }), 'v1.10.4', 'n'),
    /^n\.overlay: overlay "rpi_generic" needs an image\n  hint: image: siderolabs\/sbc-raspberrypi/,
  );
  bad(() => checkExtensions(s([], { image: 'siderolabs/sbc-raspberrypi' }), 'v1.10.4', 'n'), /^n\.overlay: an overlay needs a name/);
  // The overlay table advises, the Image Factory decides: a different image or an unlisted name is a warning.
  const img = checkExtensions(s([], { name: 'rpi_generic', image: 'siderolabs/sbc-rockchip' }), 'v1.10.4', 'n').warnings;
  assert.equal(img.length, 1);
  assert.match(
    img[0]!,
    /^n\.overlay\.image: overlay "rpi_generic" is listed with image "siderolabs\/sbc-raspberrypi", not "siderolabs\/sbc-rockchip"[\s\S]*\(image: siderolabs\/sbc-raspberrypi is what talgen's table knows/,
  );
  const name = checkExtensions(s([], { name: 'rpi-generic', image: 'siderolabs/sbc-raspberrypi' }), 'v1.10.4', 'n').warnings;
  assert.equal(name.length, 1);
  assert.match(name[0]!, /^n\.overlay\.name: overlay "rpi-generic" is not in talgen's overlay table for Talos v1\.10\.4[\s\S]*did you mean "rpi_generic"/);
  // Errors carry file:line:col when the caller gives positions.
  const where = {
    file: 'talconfig.yaml',
    path: 'worker.schematic',
    positions: (sub: (string | number)[]) => ({ file: 'talconfig.yaml', line: 20 + Number(sub[3] ?? 0), col: 13 }),
  };
  bad(
    () => checkExtensions(s(['siderolabs/iscsi-tools', 'siderolabs/util-linux-tool']), 'v1.11.0', where),
    /^talconfig\.yaml:21:13: worker\.schematic\.customization\.systemExtensions\.officialExtensions\[1\]: [\s\S]*did you mean "siderolabs\/util-linux-tools"/,
  );
});

test('a release talgen does not know is a warning, never a blocker (nearest known release is used)', () => {
  const newer = checkExtensions(s(['siderolabs/tailscale']), 'v1.99.0', 'n').warnings;
  assert.is(newer.length, 1);
  assert.match(newer[0]!, /^n: talgen's extension catalog does not know Talos v1\.99\.0; checked against v1\.\d+\.\d+$/);
  // A minor-only version uses that minor's newest patch; a version without "v" is the same release.
  const c = catalogFor('v1.10');
  assert.is(c.exact, false);
  assert.match(c.used, /^v1\.10\.\d+$/);
  assert.ok(Number(c.used.split('.')[2]) >= 4);
  assert.equal(catalogFor('1.10.4'), { ...catalogFor('v1.10.4') });
  assert.is(catalogFor('1.10.4').exact, true);
  // An unknown patch of a known minor: the newest release not newer than it.
  assert.is(catalogFor('v1.10.999').used, catalogFor('v1.10').used);
});

test('renamed extensions are a warning: the factory maps the old name', () => {
  const w = checkExtensions(s(['siderolabs/i915-ucode']), 'v1.10.4', 'nodes[0].schematic').warnings;
  assert.equal(w, [
    'nodes[0].schematic.customization.systemExtensions.officialExtensions[0]: extension "siderolabs/i915-ucode" is called "siderolabs/i915" in Talos v1.10.4; the factory maps the old name',
  ]);
});

if (needConformance('extension table from the fixture')) {
  test('the shipped table is exactly what scripts/extensions-table.mjs derives from the fixture', () => {
    const src = JSON.parse(readFileSync(conformanceFile('talhelper', 'schemas', 'talos-extensions.json'), 'utf8')) as {
      versions: { version: string; systemExtensions?: string[]; overlays?: { name: string; image: string }[] }[];
    };
    const table = JSON.parse(readFileSync(join(ROOT, 'src', 'factory', 'data', 'extensions.json'), 'utf8')) as {
      groups: { versions: string[]; extensions: string[]; overlays: { name: string; image: string }[] }[];
    };
    let checked = 0;
    for (const v of src.versions) {
      if (!/^v\d+\.\d+\.\d+(-(alpha|beta|rc)\.\d+)?$/.test(v.version)) continue;
      const g = table.groups.find((x) => x.versions.includes(v.version));
      assert.ok(g, v.version);
      assert.equal(g!.extensions, [...new Set(v.systemExtensions ?? [])].sort(), v.version);
      assert.equal(new Set(g!.overlays.map((o) => `${o.name}=${o.image}`)), new Set((v.overlays ?? []).map((o) => `${o.name}=${o.image}`)), v.version);
      checked++;
    }
    assert.ok(checked > 100);
  });
}

test.run();
