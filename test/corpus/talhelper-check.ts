/**
 * With TALHELPER=<a talhelper binary>: the case rendered by talhelper itself gives the same bytes. talhelper runs
 * `genconfig --offline-mode` (schematic IDs hashed locally, as talgen does) with talgen's arguments, environment and
 * secrets, into a directory of its own; every node config must be byte-identical. A refusal of talhelper that the
 * README's "What is different from talhelper (on purpose)" explains is no failure. Without TALHELPER the check
 * passes without running (talhelper is not a module the Go proxy serves: build it from its source).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAsync } from './exec.js';
import type { CorpusCheck } from './types.js';

export const TALHELPER = process.env.TALHELPER;

/** talhelper's refusals of what talgen renders on purpose (README: "What is different from talhelper"). */
const ON_PURPOSE: { error: RegExp; why: string }[] = [
  { error: /JSON6902 patches are not supported for multi-document machine configuration/, why: 'RFC 6902 patches on a multi-document config' },
  { error: /^\s*\* warning: /m, why: "Talos's validation warnings are warnings" },
  { error: /unsupported disk type "/, why: 'an install disk type in upper case before Talos v1.9' },
];

const OUT_DIR = 'clusterconfig-talhelper';

export const talhelperCheck: CorpusCheck = {
  name: 'talhelper',
  async run(r) {
    if (!TALHELPER) return undefined;
    const res = await runAsync(TALHELPER, [...r.args, '--offline-mode', '-o', OUT_DIR], { cwd: r.cwd, env: r.env });
    if (res.code !== 0) {
      const text = `${res.stdout}\n${res.stderr}`;
      if (ON_PURPOSE.some((d) => d.error.test(text))) return undefined;
      const last =
        text
          .split('\n')
          .filter((l) => l.trim())
          .pop() ?? `exit ${res.code}`;
      return `talhelper refuses what talgen renders: ${last.trim()}`;
    }
    for (const c of r.configs) {
      const theirs = join(r.cwd, OUT_DIR, c.name);
      if (!existsSync(theirs)) return `${c.name}: talhelper wrote no such file`;
      const text = readFileSync(theirs, 'utf8');
      if (text === c.text) continue;
      const ours = c.text.split('\n');
      const line = text.split('\n').findIndex((l, i) => l !== ours[i]);
      return `${c.name} differs from talhelper's from line ${line + 1}: talhelper ${JSON.stringify(text.split('\n')[line])}, talgen ${JSON.stringify(ours[line])}`;
    }
    return undefined;
  },
};
