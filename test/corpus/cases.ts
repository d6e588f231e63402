/**
 * Case discovery for the real-world corpus: one directory per repo under ../shared/corpus/realworld,
 * described by its SOURCE.txt (talconfig place, resolved versions, copied files with their roles, a note).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_TALOS_VERSION } from '../../src/core/contract-traits.js';
import { ROOT } from '../helpers/shared.js';

/** `../shared/corpus/realworld` beside the checkout; undefined when absent. */
export const CORPUS = (() => {
  const dir = process.env.TALGEN_CORPUS ?? join(ROOT, '..', 'shared', 'corpus', 'realworld');
  return existsSync(dir) ? dir : undefined;
})();

/** One `dst <- src   [role]` line of SOURCE.txt's `files:` list. */
export interface CaseFile {
  /** Path inside the case directory. */
  dst: string;
  role: string;
}

export interface CorpusCase {
  name: string;
  dir: string;
  /** The talconfig's path inside the case directory. */
  talconfig: string;
  talosVersion: string;
  kubernetesVersion?: string;
  files: CaseFile[];
  note: string;
  /** Set when talhelper itself could not render this repo (decided from the SOURCE.txt note and the talconfig). */
  skip?: { reason: string; why: string[] };
  /** Set when Talos itself refuses an input of the repo: a SKIP only when talgen refuses it with the same Go error. */
  talosRefuses?: TalosRefusal;
}

export interface TalosRefusal {
  reason: string;
  /** What go-yaml/Talos say (checked with the oracle: `talos-oracle patch`), matched against talgen's genconfig error. */
  error: RegExp;
}

/**
 * Repos with an input that Talos's own decoder or validator, or talhelper's validator, refuses, so talhelper cannot
 * render them either. Each row was confirmed with the Talos oracle (or a talhelper build) on the same input.
 */
const TALOS_REFUSES: Record<string, TalosRefusal> = {
  'soulwhisper__homelab-ops': {
    reason: 'a patch sets machine.network.searchDomains to a string; Talos (v1.9) refuses: cannot unmarshal !!str into []string',
    error: /machine\.network\.searchDomains: cannot unmarshal !!str `[^`]*` into \[\]string/,
  },
  stevewm__homelab: {
    reason:
      'a node sets disableSearchDomain (talhelper writes a ResolverConfig) and a patch sets v1alpha1 machine.network.disableSearchDomain; Talos (v1.12+) refuses: .machine.network.disableSearchDomain is already set in v1alpha1 config',
    error: /\.machine\.network\.disableSearchDomain is already set in v1alpha1 config \[v1alpha1-conflict\]/,
  },
  'redelman__home-ops': {
    reason:
      "Kubernetes v1.30.1 with Talos v1.6.7; talhelper's validator refuses it (checkSupportedK8sVersion, Talos's compatibility table: 1.6 supports up to 1.29), confirmed with a real talhelper build",
    error: /kubernetesVersion: version of Kubernetes 1\.30\.1 is too new to be used with Talos 1\.6\.7/,
  },
};

/**
 * Signs that talhelper itself cannot render the repo as committed, row by row, read from the SOURCE.txt note and
 * the talconfig text; each match becomes part of the SKIP reason.
 */
const UNRENDERABLE: { why: string; find: (note: string, talconfig: string) => string[] }[] = [
  {
    why: 'SOURCE.txt lists files the talconfig references that do not exist upstream',
    find: (note) => [...note.matchAll(/referenced file missing upstream: (@\S+)/g)].map((m) => `referenced file missing upstream: ${m[1]}`),
  },
  {
    why: 'talhelper requires kubernetesVersion (validator: KubernetesVersionRequired)',
    find: (_n, t) => (/^kubernetesVersion:/m.test(t) ? [] : ['no kubernetesVersion (talhelper requires it; template repo)']),
  },
  {
    why: 'a patches[] entry that is a file path without "@" is an inline patch to talhelper, and a bare string is no patch',
    find: (_n, t) =>
      patchEntries(t)
        .filter((p) => /^[\w./-]+\.ya?ml$/.test(p))
        .map((p) => `patch "${p}" lacks the "@" of a file reference`),
  },
  {
    why: 'talhelper validates talosImageURL as a bare image name (InvalidNodeTalosImageURL: no tag or digest)',
    find: (_n, t) =>
      [...t.matchAll(/^\s*talosImageURL:\s*(\S+[:@]\S+)\s*$/gm)]
        .filter((m) => /[:@][^/]+$/.test(m[1]!))
        .map((m) => `talosImageURL ${m[1]} has a tag (talhelper rejects it)`),
  },
];

/** Every string item of a `patches:` list anywhere in the talconfig (global, group or node level). */
function patchEntries(talconfig: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'patches' && Array.isArray(x)) out.push(...x.filter((p): p is string => typeof p === 'string'));
        else walk(x);
      }
    }
  };
  try {
    walk(parse(talconfig, { uniqueKeys: false, merge: true }));
  } catch {
    // A talconfig that does not parse is talgen's to report.
  }
  return out;
}

function field(text: string, key: string): string | undefined {
  return new RegExp(`^${key}: (.*)$`, 'm').exec(text)?.[1]?.trim();
}

/** `v1.13.2 (via ${talosVersion})` → `v1.13.2`; a bare `1.13.7` gets its `v`. */
function version(value: string | undefined): string | undefined {
  const v = value?.split(/\s/)[0];
  if (!v || !/^v?\d+\.\d+/.test(v)) return undefined;
  return v.startsWith('v') ? v : `v${v}`;
}

export function parseSource(name: string, dir: string, text: string, talconfigText: string): CorpusCase {
  const talconfig = field(text, 'case_talconfig') ?? 'talconfig.yaml';
  const files: CaseFile[] = [];
  const block = /^files:\n((?: {2}.*\n?)*)/m.exec(text)?.[1] ?? '';
  for (const line of block.split('\n')) {
    const m = /^\s+(\S+) <- \S+\s+\[(.*)\]\s*$/.exec(line);
    if (m) files.push({ dst: m[1]!, role: m[2]! });
  }
  const note = field(text, 'note') ?? '';
  const found = UNRENDERABLE.map((u) => ({ why: u.why, what: u.find(note, talconfigText) })).filter((f) => f.what.length);
  return {
    name,
    dir,
    talconfig,
    talosVersion: version(field(text, 'talosVersion')) ?? DEFAULT_TALOS_VERSION,
    kubernetesVersion: version(field(text, 'kubernetesVersion')),
    files,
    note,
    skip: found.length ? { reason: [...new Set(found.flatMap((f) => f.what))].join('; '), why: found.map((f) => f.why) } : undefined,
    talosRefuses: TALOS_REFUSES[name],
  };
}

/** Every case directory (sorted by name), optionally only those whose name contains `filter`. */
export function discoverCases(root: string, filter?: string): CorpusCase[] {
  return readdirSync(root)
    .filter((n) => statSync(join(root, n)).isDirectory() && existsSync(join(root, n, 'SOURCE.txt')))
    .filter((n) => !filter || n.includes(filter))
    .sort()
    .map((n) => {
      const source = readFileSync(join(root, n, 'SOURCE.txt'), 'utf8');
      const talconfig = join(root, n, field(source, 'case_talconfig') ?? 'talconfig.yaml');
      return parseSource(n, join(root, n), source, existsSync(talconfig) ? readFileSync(talconfig, 'utf8') : '');
    });
}
