#!/usr/bin/env node
// Derives src/factory/data/extensions.json — the official extension and overlay names per Talos release —
// from talhelper's catalog (talos-extensions.json). Only release tags (vX.Y.Z and -alpha/-beta/-rc.N) are kept,
// and releases with identical lists share one entry, so the table stays small.
// Usage: node scripts/extensions-table.mjs <path to talos-extensions.json>
import { readFileSync, writeFileSync } from 'node:fs';

const src = JSON.parse(readFileSync(process.argv[2], 'utf8')).versions;
const RELEASE = /^v\d+\.\d+\.\d+(-(alpha|beta|rc)\.\d+)?$/;
const groups = [];
for (const v of src.filter((x) => RELEASE.test(x.version))) {
  const extensions = [...new Set(v.systemExtensions ?? [])].sort();
  const overlays = [...new Map((v.overlays ?? []).map((o) => [o.name, o.image])).entries()].sort().map(([name, image]) => ({ name, image }));
  const key = JSON.stringify([extensions, overlays]);
  const g = groups.find((x) => x.key === key);
  if (g) g.versions.push(v.version);
  else groups.push({ key, versions: [v.version], extensions, overlays });
}
const table = { source: "talhelper's talos-extensions.json catalog", groups: groups.map(({ key: _k, ...g }) => g) };
writeFileSync(new URL('../src/factory/data/extensions.json', import.meta.url), `${JSON.stringify(table)}\n`);
process.stdout.write(`${groups.length} groups, ${groups.reduce((n, g) => n + g.versions.length, 0)} releases\n`);
