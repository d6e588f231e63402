import { readFileSync } from 'node:fs';
import { compareContracts, parseVersion } from '../core/contract.js';
import { didYouMean } from '../model/suggest.js';
import type { Schematic } from './schematic.js';
import { errorAt, joinPath, toWhere, warningAt, type Where } from './where.js';

interface Group {
  versions: string[];
  extensions: string[];
  overlays: { name: string; image: string }[];
}

let table: Group[] | undefined;

function groups(): Group[] {
  table ??= (JSON.parse(readFileSync(new URL('../../../src/factory/data/extensions.json', import.meta.url), 'utf8')) as { groups: Group[] }).groups;
  return table;
}

function cmpVersion(a: string, b: string): number {
  const pa = parseVersion(a)!;
  const pb = parseVersion(b)!;
  return compareContracts(pa, pb) || (pa.patch ?? 0) - (pb.patch ?? 0) || (a.includes('-') ? -1 : 0) - (b.includes('-') ? -1 : 0);
}

/**
 * Extensions renamed upstream; the factory maps the old name to the new one when it builds an asset, so a schematic
 * with the old name still works (and keeps its ID) — a warning, not an error.
 */
const RENAMED: Readonly<Record<string, string>> = {
  'siderolabs/i915-ucode': 'siderolabs/i915',
  'siderolabs/amdgpu-firmware': 'siderolabs/amdgpu',
  'siderolabs/nvidia-fabricmanager': 'siderolabs/nvidia-fabricmanager-lts',
  'siderolabs/xe-guest-utilities': 'siderolabs/xen-guest-agent',
};

/** Every extension name any known release has, and the old names the factory still maps (sorted). */
export function knownExtensionNames(): string[] {
  return [...new Set([...groups().flatMap((g) => g.extensions), ...Object.keys(RENAMED)])].sort();
}

/**
 * The official catalog for a Talos version: the exact release, else the nearest known one (`exact: false`):
 * the newest patch of that minor for `v1.10`, the newest release not newer than it otherwise.
 */
export function catalogFor(version: string): { group: Group; used: string; exact: boolean } {
  const all = groups();
  const v = parseVersion(version);
  const tag = v ? v.tag : version;
  const exact = all.find((g) => g.versions.includes(tag));
  if (exact) return { group: exact, used: tag, exact: true };
  const known = all
    .flatMap((g) => g.versions.map((x) => ({ v: x, g })))
    .filter(({ v: x }) => !x.includes('-'))
    .sort((x, y) => cmpVersion(x.v, y.v));
  let pick = known[known.length - 1]!;
  if (v) {
    const sameMinor = known.filter(({ v: x }) => compareContracts(parseVersion(x)!, v) === 0);
    const notNewer = known.filter(({ v: x }) => cmpVersion(x, tag) <= 0);
    pick = (v.patch === undefined ? sameMinor[sameMinor.length - 1] : undefined) ?? notNewer[notNewer.length - 1] ?? known[0]!;
  }
  return { group: pick.g, used: pick.v, exact: false };
}

/**
 * Extension and overlay checks of a schematic for a Talos version: names must exist in that release's official
 * catalog (nearest known release when talgen's table does not have it yet — a warning, never a blocker), no
 * duplicates, overlays need name and image and must be official. `where` locates errors like for parseSchematic.
 */
export function checkExtensions(s: Schematic, talosVersion: string, where?: string | Where): { warnings: string[] } {
  const w = toWhere(where);
  const warnings: string[] = [];
  const { group, used, exact } = catalogFor(talosVersion);
  if (!exact) {
    const at = w.file || w.path ? `${[w.file, w.path].filter(Boolean).join(': ')}: ` : '';
    warnings.push(`${at}talgen's extension catalog does not know Talos ${talosVersion}; checked against ${used}`);
  }
  const exts = s.customization?.systemExtensions?.officialExtensions ?? [];
  const seen = new Map<string, number>();
  exts.forEach((name, i) => {
    const sub = ['customization', 'systemExtensions', 'officialExtensions', i];
    const prev = seen.get(name);
    if (prev !== undefined) throw errorAt(w, sub, `duplicate extension "${name}" (also item ${prev})`, { hint: 'list each extension once' });
    seen.set(name, i);
    const renamed = RENAMED[name];
    if (!group.extensions.includes(name) && renamed && group.extensions.includes(renamed)) {
      const at = joinPath(w.path, sub);
      warnings.push(`${at ? `${at}: ` : ''}extension "${name}" is called "${renamed}" in Talos ${used}; the factory maps the old name`);
      return;
    }
    if (!group.extensions.includes(name)) {
      const short = group.extensions.map((e) => e.replace(/^siderolabs\//, ''));
      const guess = didYouMean(name.replace(/^siderolabs\//, ''), short);
      throw errorAt(w, sub, `extension "${name}" is not an official extension of Talos ${used}`, {
        hint: guess
          ? guess.replace(/"([^"]+)"/, '"siderolabs/$1"')
          : `official extensions are named like "siderolabs/iscsi-tools"; set noSchematicValidate: true for a custom factory catalog`,
      });
    }
  });
  const o = s.overlay;
  if (o && (o.name || o.image || (o.options && Object.keys(o.options).length))) {
    if (!o.name) throw errorAt(w, ['overlay'], 'an overlay needs a name', { hint: 'e.g. name: rpi_generic with image: siderolabs/sbc-raspberrypi' });
    const known = group.overlays.find((x) => x.name === o.name);
    if (!o.image) {
      throw errorAt(w, ['overlay'], `overlay "${o.name}" needs an image`, { hint: known ? `image: ${known.image}` : 'e.g. image: siderolabs/sbc-raspberrypi' });
    }
    // The table advises, the Image Factory decides: it ages, so an overlay it does not list as such is a warning.
    if (!known) {
      warnings.push(
        warningAt(
          w,
          ['overlay', 'name'],
          `overlay "${o.name}" is not in talgen's overlay table for Talos ${used}; the Image Factory decides whether it exists`,
          {
            hint: didYouMean(
              o.name,
              group.overlays.map((x) => x.name),
            ),
          },
        ),
      );
    } else if (known.image !== o.image) {
      warnings.push(
        warningAt(
          w,
          ['overlay', 'image'],
          `overlay "${o.name}" is listed with image "${known.image}", not "${o.image}"; the Image Factory decides which image it accepts`,
          {
            hint: `image: ${known.image} is what talgen's table knows for Talos ${used}`,
          },
        ),
      );
    }
  }
  return { warnings };
}
