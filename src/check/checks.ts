import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { basename, join, relative } from 'node:path';
import { TalgenError } from '../core/errors.js';
import type { Issue } from '../core/issue.js';
import { readInputFile } from '../core/read-input.js';
import { parseYamlText } from '../load/yaml.js';
import { hasEncValues, isSopsEncrypted } from '../sops/index.js';
import { DEFAULT_ENV_FILES, DEFAULT_SECRET_FILES } from '../talconfig/defaults.js';
import { STAGING_DIR } from '../core/atomic-write.js';
import { ignoredPaths, trackedFiles } from './git.js';
import type { Check, ClusterContext } from './types.js';
import type { LoadedWithSecrets } from '../compile/load-repo.js';
import type { LoadedRepo, GenconfigResult } from '../compile/talhelper-genconfig.js';
import { type Contract, contractName } from '../core/contract.js';
import type { SecretsBundle } from '../secrets/index.js';

/** Where `talgen genconfig --redacted -o rendered/` puts a committed render, beside the talconfig (the CI example's place). */
export const REDACTED_RENDER_DIR = 'rendered';

const error = (message: string, file: string, hint: string): Issue => ({ severity: 'error', message, hint, at: { file } });

/** `${VAR}` or `$VAR` and nothing else: a value talhelper takes from the env files (a default after `:-` is not). */
const ENV_REFERENCE = /^\$(?:\{[A-Za-z_]\w*\}|[A-Za-z_]\w*)$/;

/**
 * A secrets template: a YAML/JSON document whose every value is an env reference (`id: ${CLUSTER_ID}`), the secrets
 * themselves living in an encrypted talenv; committing it in plaintext is how many talhelper repos work.
 */
function onlyEnvReferences(text: string, file: string): boolean {
  let value: unknown;
  try {
    value = parseYamlText(text, file).value;
  } catch (e) {
    if (e instanceof TalgenError) return false;
    throw e;
  }
  const leaves: unknown[] = [];
  const walk = (v: unknown): void => {
    if (v !== null && typeof v === 'object') for (const x of Object.values(v)) walk(x);
    else leaves.push(v);
  };
  walk(value);
  return value !== null && typeof value === 'object' && leaves.every((v) => v === null || (typeof v === 'string' && ENV_REFERENCE.test(v.trim())));
}

/** A secret file that is not SOPS-encrypted (or is damaged), as a finding; `undefined` when it is encrypted or a template. */
export function encryptionProblem(file: string): Issue | undefined {
  let text: string;
  try {
    text = readInputFile(file, 'secret file', { file });
  } catch (e) {
    if (e instanceof TalgenError) return e.issue();
    throw e;
  }
  if (isSopsEncrypted(text, file) || onlyEnvReferences(text, file)) return undefined;
  if (hasEncValues(text)) return error('secret file holds SOPS-encrypted values but no sops metadata (truncated or damaged)', file, 'restore it from git');
  const hint = `encrypt it in place with "talgen encrypt -i ${basename(file)}" (or sops -e -i), and make sure the plaintext never was committed`;
  return error('secret file is not SOPS-encrypted', file, hint);
}

/** What git says of a cluster's files: the ones it tracks under the cluster directory, and which it ignores. */
interface GitView {
  tracked: Set<string>;
  /** The output directory's files (outputFiles), which `ignored` covers with the secret files. */
  outputs: string[];
  /** Among the secret files and the output directory's files. */
  ignored: Set<string>;
}

const gitViews = new WeakMap<ClusterContext, GitView>();

/**
 * The cluster's GitView, asked once for the rows that read it: one `git ls-files` and one `git check-ignore` per
 * cluster (each a git process, ~5 ms of a pre-commit run). The output directory is inside the cluster directory.
 */
function gitView(c: ClusterContext, top: string): GitView {
  let v = gitViews.get(c);
  if (!v) {
    const outputs = outputFiles(c.outDir);
    v = { tracked: new Set(trackedFiles(top, c.dir)), outputs, ignored: ignoredPaths(top, [...c.secretFiles, ...outputs]) };
    gitViews.set(c, v);
  }
  return v;
}

/** Secret files in the cluster directory are SOPS-encrypted; in a git work tree, ones git ignores are never committed. */
async function secretFilesEncrypted(c: ClusterContext): Promise<Issue[]> {
  const ignored = c.gitTop ? gitView(c, c.gitTop).ignored : new Set<string>();
  return c.secretFiles.filter((f) => !ignored.has(f)).flatMap((f) => encryptionProblem(f) ?? []);
}

const loads = new WeakMap<ClusterContext, Promise<LoadedWithSecrets>>();

/** The cluster's talconfig loaded as genconfig loads it, once per cluster for the rows that read it. */
function loadCluster(c: ClusterContext): Promise<LoadedWithSecrets> {
  let l = loads.get(c);
  if (!l) {
    l = (async () => {
      const { loadTalconfig } = await import('../talconfig/load.js');
      const secretValues = new Set<string>();
      const onSecret = (v: string) => secretValues.add(v);
      const talconfig = await loadTalconfig({ configFile: c.talconfig, envFiles: DEFAULT_ENV_FILES, cwd: c.dir, strict: c.strict, onSecret });
      return { talconfig, secretValues };
    })();
    loads.set(c, l);
  }
  return l;
}

/** The talconfig as genconfig reads it: env, substitution, schema, talhelper's rules, `@file`s, the Talos contract. */
async function talconfig(c: ClusterContext): Promise<Issue[]> {
  return findings(async () => {
    const { loadedTalconfigIssues } = await import('../compile/talconfig-issues.js');
    return loadedTalconfigIssues((await loadCluster(c)).talconfig);
  });
}

/** A cluster as the render check rendered it: the loaded repo, genconfig's result, the warnings it gave. */
interface RenderedCluster {
  repo: LoadedRepo;
  result: GenconfigResult;
  warnings: Issue[];
}

const renders = new WeakMap<ClusterContext, Promise<RenderedCluster>>();

/**
 * Throwaway bundles by contract, made once per process and shared by every cluster rendered without the secrets'
 * plaintext: from v1.7 one holds an RSA-4096 key, seconds to generate, and nothing of it outlives the render.
 */
const throwaways = new Map<string, SecretsBundle>();

async function throwawayBundle(contract: Contract): Promise<SecretsBundle> {
  let bundle = throwaways.get(contractName(contract));
  if (!bundle) {
    const { generateSecretsBundle } = await import('../secrets/index.js');
    bundle = generateSecretsBundle(contract);
    throwaways.set(contractName(contract), bundle);
  }
  return bundle;
}

/**
 * Every node rendered in memory by genconfig's own pipeline (patches, extra documents, Talos validation for the
 * mode), nothing written; once per cluster, shared by the rows that look at the rendered configs. Without the
 * secrets plaintext a throwaway bundle stands in (see the table's `without`).
 */
function renderCluster(c: ClusterContext): Promise<RenderedCluster> {
  let r = renders.get(c);
  if (!r) {
    r = (async () => {
      const { loadRepo } = await import('../compile/load-repo.js');
      const { genconfig } = await import('../compile/talhelper-genconfig.js');
      const warnings: Issue[] = [];
      const onWarning = (message: string) => warnings.push({ severity: 'warning', message, at: {} });
      const repo = await loadRepo({
        configFile: c.talconfig,
        envFiles: DEFAULT_ENV_FILES,
        secretFiles: c.missing.secrets ? [] : DEFAULT_SECRET_FILES,
        cwd: c.dir,
        strict: c.strict,
        onWarning,
        loaded: await loadCluster(c),
      });
      const result = await genconfig(repo, {
        configFile: c.talconfig,
        outDir: c.outDir,
        mode: c.mode,
        dryRun: false,
        noGitignore: true,
        disableNodesSection: false,
        crtTTLHours: 1,
        format: 'talhelper',
        force: true,
        secrets: c.missing.secrets ? await throwawayBundle(repo.cluster.contract) : undefined,
        onWarning,
      });
      return { repo, result, warnings };
    })();
    renders.set(c, r);
  }
  return r;
}

/** A TalgenError of `run` as this check's finding (the error's own location and hint). */
async function findings(run: () => Promise<Issue[]>): Promise<Issue[]> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof TalgenError) return [e.issue()];
    throw e;
  }
}

async function render(c: ClusterContext): Promise<Issue[]> {
  return findings(async () => (await renderCluster(c)).warnings);
}

/**
 * Every address the talosconfig and generated commands use to reach a node (its ipAddress, the endpoints, Tailscale
 * names, 127.0.0.1 through an SSH bastion) is covered by that node's API certificate (issue: a missing SAN).
 */
async function endpointSans(c: ClusterContext): Promise<Issue[]> {
  return findings(async () => {
    const { repo, result } = await renderCluster(c);
    const { planClientConfig } = await import('../talosconfig/client-config.js');
    const { clusterSanCoverage } = await import('../talosconfig/node-view.js');
    const { ADMIN_ROLE } = await import('../talosconfig/roles.js');
    const rendered = repo.nodes.map((node) => {
      const file = result.files.find((f) => f.role === 'node' && f.hostname === node.hostname);
      return { node, docs: file ? parseAllDocuments(String(file.data)).map((d) => d.toJS() as Record<string, unknown>) : [] };
    });
    const client = planClientConfig({ clusterName: repo.cluster.clusterName, clusterNodes: repo.nodes, roles: [ADMIN_ROLE], nodesSection: true });
    return clusterSanCoverage(rendered, repo.cluster.talosVersion, {
      endpoints: client.endpoints,
      talosconfigNodes: client.nodes ?? [],
      sshTunnel: Boolean(repo.cluster.access?.sshBastion),
    });
  });
}

/** The committed redacted render (`rendered/` beside the talconfig, from `genconfig --redacted`) is current. */
async function redactedRenderCurrent(c: ClusterContext): Promise<Issue[]> {
  const dir = join(c.dir, REDACTED_RENDER_DIR);
  if (!existsSync(dir)) return [];
  return findings(async () => {
    const { repo, result } = await renderCluster(c);
    const { staleRenderIssues } = await import('../compile/redacted-render.js');
    const { repositoryRoot } = await import('../compile/compare-outputs.js');
    return staleRenderIssues(result, repo.secretValues, dir, repositoryRoot(c.talconfig));
  });
}

/** Files in the output directory (its .gitignore and staging directory aside). */
function outputFiles(dir: string): string[] {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((n) => join(dir, n))
    .filter((f) => lstatSync(f).isFile() && !relative(dir, f).startsWith(STAGING_DIR) && basename(f) !== '.gitignore');
}

const encryptedFile = (f: string): boolean => isSopsEncrypted(readInputFile(f, 'file', { file: f }), f);

/**
 * Rendered configs hold the cluster's keys: every file genconfig wrote stays out of git (talhelper's .gitignore in
 * the output directory does that) unless it is SOPS-encrypted. The talosconfig has its own check.
 */
async function outDirIgnored(c: ClusterContext): Promise<Issue[]> {
  const top = c.gitTop!;
  const { tracked, outputs, ignored } = gitView(c, top);
  const files = outputs.filter((f) => basename(f) !== 'talosconfig');
  const out: Issue[] = [];
  for (const f of files) {
    if (ignored.has(f) || encryptedFile(f)) continue;
    out.push(
      tracked.has(f)
        ? error(
            'rendered config is tracked by git in plaintext: it holds the cluster keys',
            f,
            `git rm --cached ${relative(top, f)} (then rotate the secrets it exposed)`,
          )
        : error(
            'rendered config is not git-ignored: it holds the cluster keys',
            f,
            `list it in ${relative(top, join(c.outDir, '.gitignore'))} (genconfig does unless --no-gitignore)`,
          ),
    );
  }
  return out;
}

/** A talosconfig is an admin credential: none under the cluster directory is tracked by git in plaintext. */
async function talosconfigUntracked(c: ClusterContext): Promise<Issue[]> {
  const top = c.gitTop!;
  return [...gitView(c, top).tracked]
    .filter((f) => basename(f) === 'talosconfig' && existsSync(f) && !encryptedFile(f))
    .map((f) =>
      error(
        'talosconfig is tracked by git: it is an admin credential of the cluster',
        f,
        `git rm --cached ${relative(top, f)}, and issue a new client certificate`,
      ),
    );
}

/**
 * The checks `talgen check` runs for every cluster, in order. `needs`: skipped (one line saying why) unless met;
 * `without`: what the check does instead when that requirement is missing; `after`: skipped when that check failed.
 */
export const CHECKS: readonly Check[] = [
  { id: 'secrets-encrypted', title: 'secret files are SOPS-encrypted', needs: [], run: secretFilesEncrypted },
  { id: 'sops-open', title: 'SOPS files open and their MACs verify', needs: [], run: async (c) => c.sopsFailures },
  { id: 'talconfig', title: 'talconfig: env, schema, talhelper rules, @files, Talos contract', needs: ['env'], run: talconfig },
  {
    id: 'render',
    title: 'every node renders (patches, documents) and passes Talos validation',
    needs: ['env'],
    without: { secrets: 'rendered with a throwaway secrets bundle: the real bundle was not checked' },
    after: 'talconfig',
    run: render,
  },
  { id: 'endpoint-sans', title: 'every address that reaches a node is in its certificate (certSANs)', needs: ['env'], after: 'render', run: endpointSans },
  {
    id: 'redacted-render',
    title: `the committed redacted render (${REDACTED_RENDER_DIR}/) is current`,
    needs: ['env', 'secrets'],
    after: 'render',
    run: redactedRenderCurrent,
  },
  { id: 'out-dir-ignored', title: 'rendered configs are git-ignored', needs: ['git'], run: outDirIgnored },
  { id: 'talosconfig-untracked', title: 'no talosconfig is tracked by git', needs: ['git'], run: talosconfigUntracked },
];
