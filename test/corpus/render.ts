/** One case end to end: prepare, `talgen genconfig` in the talconfig's directory, collect the output, run the checks. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVersion } from '../../src/core/contract.js';
import type { CorpusCase } from './cases.js';
import { CHECKS } from './checks.js';
import type { RenderedConfig } from './types.js';
import { talgenAsync } from './exec.js';
import { prepareCase, type PreparedCase } from './prepare.js';
import type { CaseResult } from './report.js';

/** talhelper's default output directory, relative to where genconfig runs. */
const OUT_DIR = 'clusterconfig';
/** Where the second render, in Talos's own encoding (`--format talos`), goes. */
const TALOS_OUT_DIR = 'clusterconfig-talos';
/** A variable the scan missed is reported by talgen one at a time; give up after this many rounds. */
const MAX_VARIABLE_ROUNDS = 8;

async function genconfig(p: PreparedCase, details: string[]) {
  for (let round = 0; ; round++) {
    const r = await talgenAsync(p.args, { cwd: p.cwd, env: p.env });
    const unset = /variable \$\{(\w+)\} is not set/.exec(r.stderr)?.[1];
    if (r.code === 0 || !unset || round >= MAX_VARIABLE_ROUNDS || p.env[unset] !== undefined) return r;
    p.env[unset] = p.values.value({ ...p.versions, name: unset });
    details.push(`stand-in value for ${unset}=${p.env[unset]} (reported unset by talgen)`);
  }
}

export async function runCase(c: CorpusCase): Promise<CaseResult> {
  const started = Date.now();
  const result = (r: Omit<CaseResult, 'name' | 'ms'>): CaseResult => ({ name: c.name, ms: Date.now() - started, ...r });
  if (c.skip) return result({ status: 'SKIP', reason: c.skip.reason, details: [...c.skip.why, `note: ${c.note}`], outputs: [] });
  let p: PreparedCase;
  try {
    p = await prepareCase(c);
  } catch (e) {
    return result({ status: 'FAIL', class: 'prepare', reason: (e as Error).message, details: [], outputs: [] });
  }
  const details = [...p.actions];
  // Messages name files in the case's temporary copy: show them relative to the case.
  const work = `${p.root}/repo/`;
  const fail = (cls: string, reason: string, outputs: string[]) =>
    result({ status: 'FAIL', class: cls, reason: reason.split(work).join(''), details: details.map((d) => d.split(work).join('')), outputs });
  try {
    const gen = await genconfig(p, details);
    details.push(...gen.stderr.split('\n').filter((l) => l.trim()));
    if (gen.code !== 0) {
      const refusal = c.talosRefuses;
      if (refusal && refusal.error.test(gen.stderr))
        return result({
          status: 'SKIP',
          reason: `talhelper cannot render it either: ${refusal.reason}`,
          details: details.map((d) => d.split(work).join('')),
          outputs: [],
        });
      return fail('genconfig', gen.stderr.trim() || `exit ${gen.code}`, []);
    }
    if (c.talosRefuses) return fail('talos-refuses', `talgen renders an input Talos refuses (${c.talosRefuses.reason})`, []);
    const outDir = join(p.cwd, OUT_DIR);
    const outputs = existsSync(outDir) ? readdirSync(outDir).sort() : [];
    const configs: RenderedConfig[] = outputs
      .filter((f) => f.endsWith('.yaml'))
      .map((name) => ({ name, path: join(outDir, name), text: readFileSync(join(outDir, name), 'utf8') }));
    // The same repo in Talos's own encoding: the oracle check wants those bytes back from Talos's decode → encode.
    const talos = await talgenAsync([...p.args, '--format', 'talos', '-o', TALOS_OUT_DIR], { cwd: p.cwd, env: p.env });
    if (talos.code !== 0) return fail('genconfig', `--format talos: ${talos.stderr.trim() || `exit ${talos.code}`}`, outputs);
    for (const c of configs) {
      const f = join(p.cwd, TALOS_OUT_DIR, c.name);
      if (existsSync(f)) c.talosText = readFileSync(f, 'utf8');
    }
    if (!configs.length) return fail('output', `no node configs in ${OUT_DIR}/ (${outputs.join(', ') || 'empty'})`, outputs);
    const v = parseVersion(c.talosVersion)!;
    const rendered = { contract: `v${v.major}.${v.minor}`, mode: 'metal' as const, configs, cwd: p.cwd, env: p.env, args: p.args };
    // Every check runs (classification needs all of them); the first failing one is the case's result.
    const failed: { class: string; reason: string }[] = [];
    for (const check of CHECKS) {
      const reason = await check.run(rendered);
      if (reason) failed.push({ class: check.name, reason });
    }
    details.push(...failed.slice(1).map((f) => `also ${f.class}: ${f.reason}`));
    if (failed.length) return fail(failed[0]!.class, failed[0]!.reason, outputs);
    return result({ status: 'PASS', details: details.map((d) => d.split(work).join('')), outputs });
  } finally {
    p.cleanup();
  }
}
