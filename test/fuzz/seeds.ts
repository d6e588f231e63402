/**
 * Real inputs the byte mutations start from: the repo's `examples/` and, when it sits beside the checkout, the
 * real-world corpus (`../shared/corpus/realworld`). Read at run time; a missing source is a note, not a failure.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CORPUS } from '../corpus/cases.js';
import { ROOT } from '../helpers/shared.js';

export interface Seed {
  /** Where the text came from (for crash reports). */
  name: string;
  text: string;
}

export interface SeedSet {
  talconfig: Seed[];
  patch: Seed[];
  env: Seed[];
  /** Texts with Go template actions (patches and manifests that use `{{ … }}`). */
  template: Seed[];
  notes: string[];
}

const SOPS_TEXT = /ENC\[AES256_GCM,data:|^sops:/m;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'clusterconfig' || name === 'node_modules' || name.startsWith('.git')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile() && st.size < 512 * 1024) out.push(p);
  }
  return out;
}

/** What role a repo file plays, from its name (talhelper's conventions). */
function roleOf(path: string): keyof Omit<SeedSet, 'template' | 'notes'> | undefined {
  const name = basename(path);
  if (/^talconfig[^/]*\.ya?ml$/.test(name)) return 'talconfig';
  if (/^talenv[^/]*\.ya?ml$|^\.env$|\.env$/.test(name)) return 'env';
  if (/\.(ya?ml|json)$/.test(name) && /patch/i.test(path)) return 'patch';
  return undefined;
}

function addRepo(set: SeedSet, root: string, label: string): void {
  for (const p of walk(root)) {
    const role = roleOf(p);
    if (!role) continue;
    const text = readFileSync(p, 'utf8');
    // Encrypted files are the SOPS category's seeds (made fresh with the test key); here only plain text.
    if (SOPS_TEXT.test(text)) continue;
    const seed = { name: `${label}/${relative(root, p)}`, text };
    set[role].push(seed);
    if (text.includes('{{')) set.template.push(seed);
  }
}

/** Every seed source that exists; `corpusRepos` bounds how many corpus repos are read (CI samples a few). */
export function loadSeeds(corpusRepos = Infinity): SeedSet {
  const set: SeedSet = { talconfig: [], patch: [], env: [], template: [], notes: [] };
  addRepo(set, join(ROOT, 'examples'), 'examples');
  if (!CORPUS) set.notes.push('../shared/corpus/realworld not found: mutating examples/ only');
  else {
    const repos = readdirSync(CORPUS)
      .filter((n) => existsSync(join(CORPUS!, n, 'SOURCE.txt')))
      .sort()
      .slice(0, corpusRepos);
    for (const r of repos) addRepo(set, join(CORPUS, r), `corpus/${r}`);
  }
  return set;
}
