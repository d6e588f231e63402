import { readFileSync } from 'node:fs';
import { compareContracts, parseVersion } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import { didYouMean } from '../model/suggest.js';
import type { Schematic } from './schematic.js';

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

/** The official catalog for a Talos version: exact release, else the nearest known one (with a note). */
export function catalogFor(version: string): { group: Group; used: string; exact: boolean } {
  const all = groups();
  const exact = all.find((g) => g.versions.includes(version));
  if (exact) return { group: exact, used: version, exact: true };
  const known = all.flatMap((g) => g.versions.map((v) => ({ v, g }))).filter(({ v }) => !v.includes('-')).sort((x, y) => cmpVersion(x.v, y.v));
  const target = parseVersion(version);
  const notNewer = target ? known.filter(({ v }) => cmpVersion(v, version) <= 0) : [];
  const pick = notNewer[notNewer.length - 1] ?? known[known.length - 1]!;
  return { group: pick.g, used: pick.v, exact: false };
}

/**
 * Extension and overlay checks of a schematic for a Talos version: names must exist in that release's official
 * catalog (nearest known release when talgen's table does not have it yet — a warning, never a blocker), no
 * duplicates, overlays need name and image and must be official.
 */
export function checkExtensions(s: Schematic, talosVersion: string, where: string): { warnings: string[] } {
  const warnings: string[] = [];
  const { group, used, exact } = catalogFor(talosVersion);
  if (!exact) warnings.push(`${where}: talgen's extension catalog does not know Talos ${talosVersion}; checked against ${used}`);
  const exts = s.customization?.systemExtensions?.officialExtensions ?? [];
  const seen = new Set<string>();
  exts.forEach((name, i) => {
    const path = `${where}.customization.systemExtensions.officialExtensions[${i}]`;
    if (seen.has(name)) throw new TalgenError(`duplicate extension "${name}"`, { path });
    seen.add(name);
    if (!group.extensions.includes(name)) {
      const short = group.extensions.map((e) => e.replace(/^siderolabs\//, ''));
      const guess = didYouMean(name.replace(/^siderolabs\//, ''), short);
      throw new TalgenError(`extension "${name}" is not an official extension of Talos ${used}`, {
        path,
        hint: guess ? guess.replace(/"([^"]+)"/, '"siderolabs/$1"') : 'see https://github.com/siderolabs/extensions',
      });
    }
  });
  const o = s.overlay;
  if (o && (o.name || o.image)) {
    if (!o.name || !o.image) throw new TalgenError('an overlay needs both name and image', { path: `${where}.overlay` });
    const known = group.overlays.find((x) => x.name === o.name);
    if (!known) {
      throw new TalgenError(`overlay "${o.name}" is not an official overlay of Talos ${used}`, { path: `${where}.overlay.name`, hint: didYouMean(o.name, group.overlays.map((x) => x.name)) });
    }
    if (known.image !== o.image) {
      throw new TalgenError(`overlay "${o.name}" comes with image "${known.image}", not "${o.image}"`, { path: `${where}.overlay.image` });
    }
  }
  return { warnings };
}
