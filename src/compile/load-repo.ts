import { traced } from '../core/debug.js';
import { issueText, type WarningSink } from '../core/issue.js';
import { planCluster } from '../plan/cluster.js';
import type { ClusterPlan, FileSource } from '../plan/types.js';
import { readMaybeEncrypted, type SecretSink } from '../sops/index.js';
import { substitute, type Env } from '../substitute/index.js';
import { loadTalconfig, type LoadedTalconfig } from '../talconfig/load.js';
import { assertValid } from '../talconfig/validate.js';
import { assertInsideRoot, existingInsideRoot, loadRootFor, type LoadRestrictor, type LoadRoot } from '../load/load-root.js';
import { substituteFileContent } from './file-content.js';
import { checkLoadRoot } from './load-root-check.js';
import type { LoadedRepo } from './talhelper-genconfig.js';
import type { SourceAccess } from './patch-steps.js';

export interface LoadRepoOptions {
  configFile: string;
  /** `-e`: relative to `cwd`, like talhelper. */
  envFiles: string[];
  /** `-s`: relative to `cwd`, like talhelper; the last existing one is used. */
  secretFiles: string[];
  /** Working directory for `envFiles` and `secretFiles` (default: process.cwd()). */
  cwd?: string;
  strict: boolean;
  onWarning: WarningSink;
  processEnv?: NodeJS.ProcessEnv;
  /** `--load-restrictor`: `rootOnly` (default) confines every read to the repository. */
  loadRestrictor?: LoadRestrictor;
  /**
   * The talconfig already loaded with these options (`loadTalconfig`), with the set its `onSecret` filled: `talgen
   * check` loads a cluster's talconfig once for the rows that read it.
   */
  loaded?: LoadedWithSecrets;
}

/** A loaded talconfig and the values its SOPS files decrypted to (for redaction). */
export interface LoadedWithSecrets {
  talconfig: LoadedTalconfig;
  secretValues: Set<string>;
}

/** Reads every file once per run (every node reads the same patch files) and substitutes env variables once per text. */
function sourceAccess(env: Env, root: LoadRoot, onSecret: SecretSink): SourceAccess {
  const texts = new Map<string, Promise<string>>();
  const substituted = new Map<string, string>();
  return {
    readText: (p) => {
      let t = texts.get(p);
      if (!t) {
        assertInsideRoot(root, p, { file: p }, 'file');
        texts.set(p, (t = readMaybeEncrypted(p, { onSecret }).then((r) => r.text)));
      }
      return t;
    },
    substitute: (text, file) => {
      const key = `${file}\u0000${text}`;
      let out = substituted.get(key);
      if (out === undefined) substituted.set(key, (out = substitute(text, env, file)));
      return out;
    },
    env: (name) => env[name],
  };
}

/** The contents of an `@file` value of talconfig, as talhelper's SubstituteFileContent reads it. */
async function readSource(src: FileSource, access: SourceAccess, env: Env): Promise<string> {
  const text = await access.readText(src.file);
  return src.envsubst ? substituteFileContent(text, env, src.file) : text;
}

/** The plan with every inline manifest and machine file read. */
async function readSources(plan: ClusterPlan, access: SourceAccess, env: Env): Promise<ClusterPlan> {
  const inlineManifests = [];
  for (const m of plan.cluster.inlineManifests) inlineManifests.push(m.source ? { name: m.name, contents: await readSource(m.source, access, env) } : m);
  const nodes = [];
  for (const n of plan.nodes) {
    if (!n.machineFiles) {
      nodes.push(n);
      continue;
    }
    const machineFiles = [];
    for (const { source, ...f } of n.machineFiles) machineFiles.push(source ? { ...f, content: await readSource(source, access, env) } : f);
    nodes.push({ ...n, machineFiles });
  }
  return { cluster: { ...plan.cluster, inlineManifests }, nodes };
}

/** Load (the one talconfig front end), check, plan and read a talhelper repo for compilation. */
export async function loadRepo(o: LoadRepoOptions): Promise<LoadedRepo & { talconfig: LoadedTalconfig }> {
  const cwd = o.cwd ?? process.cwd();
  const root = loadRootFor(o.configFile, o.loadRestrictor, cwd);
  existingInsideRoot(root, o.envFiles, cwd, '--env-file', 'env file');
  const secretValues = o.loaded?.secretValues ?? new Set<string>();
  const onSecret = (v: string) => secretValues.add(v);
  const talconfig =
    o.loaded?.talconfig ?? (await loadTalconfig({ configFile: o.configFile, envFiles: o.envFiles, cwd, processEnv: o.processEnv, strict: o.strict, onSecret }));
  for (const w of assertValid(talconfig.issues)) o.onWarning(issueText(w));
  const access = sourceAccess(talconfig.env, root, onSecret);
  const planned = traced(
    'plan',
    talconfig.file,
    () => planCluster(talconfig, o.onWarning),
    (p) => ({ nodes: p.nodes.length, globalPatches: p.cluster.patches.length }),
  );
  checkLoadRoot(root, talconfig, planned);
  const plan = await readSources(planned, access, talconfig.env);
  const secretFile = existingInsideRoot(root, o.secretFiles, cwd, '--secret-file', 'secrets file').pop();
  return { ...plan, secretFile, access, talconfig, secretValues };
}
