/**
 * Preparation of one corpus case, as its owner would have it on disk: a private copy of the case, fresh secrets
 * where the repo's are encrypted to keys we do not have (or missing), plaintext stand-ins for other unreadable SOPS
 * files, and values for every variable the repo takes from somewhere we cannot read (process env, 1Password…).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { DEFAULT_SECRET_FILES } from '../../src/talconfig/defaults.js';
import { parseEnvFile } from '../../src/substitute/index.js';
import type { CorpusCase } from './cases.js';
import { freshBundle, secretTemplateValues } from './secrets.js';
import { isAgeArmored, isSopsText, sopsStandin } from './sops-standins.js';
import { ValueSource, type ValueContext } from './values.js';
import { keyOf, references } from './variables.js';

export interface PreparedCase {
  /** Temporary copy of the case (removed by `cleanup`). */
  root: string;
  /** The talconfig's directory: genconfig runs here, like talhelper users do. */
  cwd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** What the harness changed, for --verbose. */
  actions: string[];
  values: ValueSource;
  versions: Pick<ValueContext, 'talosVersion' | 'kubernetesVersion'>;
  cleanup: () => void;
}

/** Roles (SOURCE.txt `files:`) by what talhelper does with the file. */
const isSecretRole = (role: string) => role.startsWith('secret file');
const isEnvRole = (role: string) => role.startsWith('env file');
/** Files the repo's wrapper (op run, mise, clustertool) exports into talhelper's process environment. */
const isProcessEnvRole = (role: string) => /^(process env file|clustertool env file)/.test(role);

function envKeys(text: string, file: string): Record<string, string> {
  try {
    return parseEnvFile(text, file);
  } catch {
    return {};
  }
}

export async function prepareCase(c: CorpusCase): Promise<PreparedCase> {
  const root = mkdtempSync(join(tmpdir(), 'talgen-corpus-'));
  try {
    return await prepareIn(root, c);
  } catch (e) {
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
}

async function prepareIn(root: string, c: CorpusCase): Promise<PreparedCase> {
  const home = join(root, '.home');
  const work = join(root, 'repo');
  cpSync(c.dir, work, { recursive: true });
  rmSync(join(work, 'SOURCE.txt'));
  // A checkout is a git work tree: its top-level is talgen's load root (files beside the talconfig's directory).
  execFileSync('git', ['init', '-q', work]);
  mkdirSync(home);
  const cwd = dirname(join(work, c.talconfig));
  const actions: string[] = [];
  const values = new ValueSource();
  const versions = { talosVersion: c.talosVersion, kubernetesVersion: c.kubernetesVersion };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), LANG: 'C.UTF-8' };
  const defined: Record<string, string> = {};
  const args = ['genconfig'];

  // Unreadable SOPS files other than the secrets bundle → plaintext with the same keys.
  for (const f of c.files) {
    const p = join(work, f.dst);
    if (isSecretRole(f.role) || !existsSync(p)) continue;
    const text = readFileSync(p, 'utf8');
    if (isSopsText(text)) {
      writeFileSync(p, sopsStandin(text, p, values, versions));
      actions.push(`${f.dst}: SOPS-encrypted to the owner's keys → plaintext stand-in with the same keys`);
    }
  }
  // The secrets bundle: the repo's own when readable, a fresh one (talgen gensecret) otherwise;
  // an env-templated bundle keeps its template and gets the fresh bundle's values as variables.
  const fromBundle: Record<string, string> = {};
  const secrets = c.files.filter((f) => isSecretRole(f.role));
  const bundle = () => freshBundle(c.talosVersion, env, cwd);
  if (!secrets.length) {
    writeFileSync(join(cwd, 'talsecret.yaml'), await bundle());
    actions.push('no secrets file committed → talsecret.yaml from talgen gensecret');
  }
  for (const f of secrets) {
    const p = join(work, f.dst);
    const rel = relative(cwd, p);
    if (dirname(rel) !== '.' || !DEFAULT_SECRET_FILES.includes(basename(rel))) args.push('-s', rel);
    const text = existsSync(p) ? readFileSync(p, 'utf8') : '';
    if (!text || isSopsText(text) || isAgeArmored(text)) {
      writeFileSync(p, await bundle());
      actions.push(`${f.dst}: ${text ? 'encrypted to keys we do not have' : 'missing'} → talgen gensecret`);
    } else if (references(text).length) {
      const filled = secretTemplateValues(text, await bundle());
      Object.assign(fromBundle, filled);
      actions.push(`${f.dst}: env-templated → ${Object.keys(filled).length} variables from a talgen gensecret bundle`);
    }
  }

  // Values the repo's own files define (talhelper env files, and what wrappers export into the process env).
  for (const f of c.files) {
    const p = join(work, f.dst);
    if (!existsSync(p) || !(isEnvRole(f.role) || isProcessEnvRole(f.role))) continue;
    const vars = envKeys(readFileSync(p, 'utf8'), p);
    if (isEnvRole(f.role)) Object.assign(defined, vars);
    else {
      for (const [k, v] of Object.entries(vars)) {
        // 1Password/Bitwarden references are resolved by their CLI; stand in for the secret.
        env[k] = !/^(op|bws):\/\//.test(v) ? v : (fromBundle[k] ?? values.value({ ...versions, name: k }));
      }
      actions.push(`${f.dst}: exported into the process env (${f.role.split(' (')[0]})`);
    }
  }
  for (const [k, v] of Object.entries(fromBundle)) env[k] ??= v;

  // Every other variable the repo references but nothing readable defines: a plausible value for its name and use.
  const scanned = new Set<string>();
  for (const f of c.files) {
    const p = join(work, f.dst);
    if (!existsSync(p) || isEnvRole(f.role) || isProcessEnvRole(f.role)) continue;
    const text = readFileSync(p, 'utf8');
    for (const r of references(text)) {
      if (!r.required || scanned.has(r.name) || defined[r.name] !== undefined || env[r.name] !== undefined) continue;
      scanned.add(r.name);
      env[r.name] = values.value({ ...versions, name: r.name, key: keyOf(text, r.line), line: r.line });
    }
  }
  if (scanned.size)
    actions.push(
      `stand-in values for ${[...scanned]
        .sort()
        .map((n) => `${n}=${env[n]}`)
        .join(', ')}`,
    );
  return { root, cwd, args, env, actions, values, versions, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
