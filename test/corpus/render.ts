/** One case end to end: prepare, `talgen genconfig` in the talconfig's directory, collect the output, run the checks. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVersion } from '../../src/core/contract.js';
import type { CorpusCase } from './cases.js';
import { CHECKS, type RenderedConfig } from './checks.js';
import { talgenAsync } from './exec.js';
import { prepareCase, type PreparedCase } from './prepare.js';
import type { CaseResult } from './report.js';

/** talhelper's default output directory, relative to where genconfig runs. */
const OUT_DIR = 'clusterconfig';
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
  if (c.skip) return result({ status: 'SKIP', reason: c.skip, details: [c.note], outputs: [] });
  let p: PreparedCase;
  try {
    p = await prepareCase(c);
  } catch (e) {
    return result({ status: 'FAIL', class: 'prepare', reason: (e as Error).message, details: [], outputs: [] });
  }
  const details = [...p.actions];
  try {
    const gen = await genconfig(p, details);
    details.push(...gen.stderr.split('\n').filter((l) => l.trim()));
    if (gen.code !== 0) return result({ status: 'FAIL', class: 'genconfig', reason: gen.stderr.trim() || `exit ${gen.code}`, details, outputs: [] });
    const outDir = join(p.cwd, OUT_DIR);
    const outputs = existsSync(outDir) ? readdirSync(outDir).sort() : [];
    const configs: RenderedConfig[] = outputs.filter((f) => f.endsWith('.yaml')).map((name) => ({ name, path: join(outDir, name), text: readFileSync(join(outDir, name), 'utf8') }));
    if (!configs.length) return result({ status: 'FAIL', class: 'output', reason: `no node configs in ${OUT_DIR}/ (${outputs.join(', ') || 'empty'})`, details, outputs });
    const v = parseVersion(c.talosVersion)!;
    const rendered = { contract: `v${v.major}.${v.minor}`, mode: 'metal' as const, configs, cwd: p.cwd, env: p.env };
    for (const check of CHECKS) {
      const reason = await check.run(rendered);
      if (reason) return result({ status: 'FAIL', class: check.name, reason, details, outputs });
    }
    return result({ status: 'PASS', details, outputs });
  } finally {
    p.cleanup();
  }
}
