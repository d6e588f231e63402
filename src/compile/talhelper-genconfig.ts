import { existsSync } from 'node:fs';
import { readOutputFile } from '../load/load-root.js';
import { dirname, resolve } from 'node:path';
import { traced, tracedAsync } from '../core/debug.js';
import { TalgenError } from '../core/errors.js';
import type { BundleSecrets } from '../generate/index.js';
import { nodeFileName, outputPath, gitignoreUpdate } from '../emit/layout.js';
import { renderConfig, type OutputFormat } from '../emit/render.js';
import { nodeInstallerImage } from '../plan/installer-image.js';
import { planNodeBase } from '../plan/node-config.js';
import type { PlannedCluster, PlannedNode } from '../plan/types.js';
import { generateSecretsBundle } from '../secrets/index.js';
import { readRepoSecrets } from './repo-secrets.js';
import { rebuildTalosconfig } from '../talosconfig/index.js';
import { planClientConfig } from '../talosconfig/client-config.js';
import { ADMIN_ROLE } from '../talosconfig/roles.js';
import { checkRendered, type Mode } from '../validate/index.js';
import { applyPatchBatch, type SourceAccess } from './patch-steps.js';
import { renderGoTemplate } from '../template/index.js';
import { v1alpha1TemplateData } from '../plan/go-template-data.js';
import { applyPatches } from '../patch/index.js';
import { plainView } from '../patch/plain.js';
import type { OutputFile } from './talosctl-gen.js';

type Doc = Record<string, unknown>;

const NODE_SETTINGS_HINT = "the node's talconfig settings (network, volumes, extension services, …) make these documents: fix the setting";

export interface GenconfigOptions {
  configFile: string;
  outDir: string;
  mode: Mode;
  /** Nothing will be written (a diff): outputs from other secrets need no --force. */
  dryRun: boolean;
  noGitignore: boolean;
  disableNodesSection: boolean;
  crtTTLHours: number;
  format: OutputFormat;
  /** Replace outputs in `outDir` even when no secrets file exists (they then get a new cluster identity). */
  force?: boolean;
  /** Render with this bundle instead of the secrets file (`check` without the SOPS key renders with a throwaway one). */
  secrets?: BundleSecrets;
  onWarning: (msg: string) => void;
}

export interface LoadedRepo {
  cluster: PlannedCluster;
  nodes: PlannedNode[];
  /** The secrets file actually used (last existing of -s), if any. */
  secretFile?: string;
  access: SourceAccess;
  /** Every value decrypted from a SOPS file while loading (filled as files are read): redacted in diffs and renders. */
  secretValues: Set<string>;
}

/** What a rendered file is: a node's machine config, the talosconfig, or the output directory's .gitignore. */
export interface RenderedFile extends OutputFile {
  role: 'node' | 'talosconfig' | 'gitignore';
  /** The node of a machine config. */
  hostname?: string;
}

export interface GenconfigResult {
  /** Everything genconfig writes, in order: the nodes' configs, talosconfig, .gitignore. */
  files: RenderedFile[];
  /** One line per written file, as talhelper prints them. */
  messages: string[];
  /** The secrets bundle the configs were rendered from. */
  secrets: BundleSecrets;
  /** The file it came from; undefined when it was generated for this run. */
  secretFile?: string;
}

/** The repo's secrets bundle; none ⇒ a fresh bundle with a warning (talhelper's behaviour). */
async function secretsFor(repo: LoadedRepo, onWarning: (m: string) => void): Promise<BundleSecrets> {
  const secrets = await readRepoSecrets(repo);
  if (secrets) return secrets;
  onWarning('secrets file is not found, new secrets will be generated every time you run this command (create one with "talgen gensecret")');
  return generateSecretsBundle(repo.cluster.contract);
}

/** extraManifests: files appended as extra YAML documents after all patches, Go-templated, no env substitution. */
async function extraManifestText(node: PlannedNode, v1: Doc, baseDir: string, access: SourceAccess): Promise<string> {
  let out = '';
  for (const [i, spec] of (node.extraManifests ?? []).entries()) {
    const file = resolve(baseDir, spec.replace(/^@/, ''));
    const where = `nodes[${node.index}].extraManifests[${i}]`;
    if (!existsSync(file)) throw new TalgenError(`extra manifest not found: ${file}`, { path: where });
    const text = renderGoTemplate(await access.readText(file), v1alpha1TemplateData(v1), where, { file, env: access.env });
    out += `---\n${text.endsWith('\n') ? text : `${text}\n`}`;
  }
  return out;
}

/**
 * Every node's output file name, checked up front (before anything is rendered): no two nodes share one, and none
 * takes a name genconfig writes itself (see RESERVED_OUTPUT_NAMES).
 */
function outputNames(repo: LoadedRepo): string[] {
  const seen = new Map<string, string>();
  return repo.nodes.map((node) => {
    const at = `nodes[${node.index}]`;
    const name = nodeFileName({
      clusterName: repo.cluster.clusterName,
      hostname: node.hostname,
      ipAddress: node.ipAddress,
      role: node.controlPlane ? 'controlplane' : 'worker',
      filenameTmpl: node.filenameTmpl,
      where: at,
    });
    const prev = seen.get(name);
    if (prev)
      throw new TalgenError(`${at} (${node.hostname}) renders to the same file ${name} as ${prev}`, {
        path: `${at}.hostname`,
        hint: 'hostnames must be unique (or give filenameTmpl distinct fields)',
      });
    seen.set(name, `${at} (${node.hostname})`);
    return name;
  });
}

/**
 * Without a secrets file every run generates a new cluster identity: writing it over configs (or a talosconfig)
 * rendered from other secrets would lock the user out of a running cluster, so that needs --force.
 */
function refuseNewIdentity(outDir: string, names: string[]): void {
  const existing = [...names, 'talosconfig'].map((n) => outputPath(outDir, n)).filter((p) => existsSync(p));
  if (!existing.length) return;
  throw new TalgenError(`no secrets file, and ${existing[0]} was rendered from other secrets; a new cluster identity would replace it`, {
    file: existing[0],
    hint: 'pass -s with the secrets bundle those files came from (talgen gensecret --from-configfile can recover it from a controlplane config), or --force to replace them',
  });
}

/**
 * talhelper's genconfig pipeline for an already loaded repo: per node, the Talos base config, node overrides,
 * talhelper's extra documents, group+node patches, global patches, extra manifests, validation for the mode,
 * encoding; then talosconfig and .gitignore. Nothing is written here: the caller writes `files` atomically or
 * compares them with what is there.
 */
export async function genconfig(repo: LoadedRepo, o: GenconfigOptions): Promise<GenconfigResult> {
  const { cluster } = repo;
  // talhelper renders, patches and encodes with the newest Talos machinery whatever talosVersion says.
  const c = { ...cluster.contract, newestMachinery: true };
  const baseDir = dirname(o.configFile);
  const names = outputNames(repo);
  if (!repo.secretFile && !o.dryRun && !o.force) refuseNewIdentity(o.outDir, names);
  const secrets = o.secrets ?? (await secretsFor(repo, o.onWarning));
  const files: RenderedFile[] = [];
  const messages: string[] = [];

  for (const [i, node] of repo.nodes.entries()) {
    const at = `nodes[${node.index}]`;
    const name = names[i]!;

    const image = nodeInstallerImage(cluster, node);
    const base = traced(
      'generate',
      node.hostname,
      () => planNodeBase(cluster, node, secrets, image, o.mode, o.onWarning),
      (b) => ({ documents: b.docs.length, settingsDocuments: b.extraDocs.length }),
    );
    // Patching works on plain objects; convert the generated Go maps once instead of at every patch step.
    let docs = base.docs.map((d) => plainView(d) as Doc);
    if (base.extraDocs.length) {
      try {
        docs = applyPatches(docs, [{ kind: 'strategic', docs: base.extraDocs, source: `${at} (talconfig node settings)` } as never], {
          contract: c,
          onWarning: o.onWarning,
        }) as Doc[];
      } catch (e) {
        // the documents talhelper makes of the node's settings come from no file: the node's path locates them
        if (!(e instanceof TalgenError)) throw e;
        throw new TalgenError(e.message, { path: `${at} (talconfig node settings)${e.path ? `: ${e.path}` : ''}`, hint: e.hint ?? NODE_SETTINGS_HINT });
      }
    }
    const ctx = { contract: c, access: repo.access, onWarning: o.onWarning };
    for (const [batch, patches] of [
      ['node and group', node.patches ?? []],
      ['global', cluster.patches],
    ] as const) {
      docs = await tracedAsync(
        'patch',
        `${node.hostname} (${batch} patches)`,
        () => applyPatchBatch(docs, patches, ctx),
        (d) => ({ patches: patches.length, documents: d.length }),
      );
    }

    // Structure and types are checked by the model while rendering; here the Talos rules for the mode.
    traced(
      'validate',
      node.hostname,
      () => checkRendered(docs, { contract: c, mode: o.mode, schema: false, source: `${at} (${node.hostname})`, onWarning: o.onWarning }),
      () => ({ documents: docs.length }),
    );
    let text: string;
    try {
      text = traced(
        'emit',
        node.hostname,
        () => renderConfig(docs, c, o.format),
        (t) => ({ bytes: Buffer.byteLength(t) }),
      );
    } catch (e) {
      if (e instanceof TalgenError) throw new TalgenError(`${e.path ? `${e.path}: ` : ''}${e.message}`, { path: `${at} (${node.hostname})`, hint: e.hint });
      throw e;
    }
    text += await extraManifestText(node, docs[0]!, baseDir, repo.access);

    const path = outputPath(o.outDir, name);
    files.push({ path, data: text, mode: 0o600, role: 'node', hostname: node.hostname });
    messages.push(`generated config for ${node.hostname} in ${path}`);
  }

  const talosconfigPath = outputPath(o.outDir, 'talosconfig');
  const existing = readOutputFile(talosconfigPath);
  const client = planClientConfig({ clusterName: cluster.clusterName, clusterNodes: repo.nodes, roles: [ADMIN_ROLE], nodesSection: !o.disableNodesSection });
  const talosconfig = rebuildTalosconfig({ ...client, osCA: secrets.certs.os, ttlHours: o.crtTTLHours }, existing);
  files.push({ path: talosconfigPath, data: talosconfig.text, mode: 0o600, role: 'talosconfig' });
  messages.push(`generated client config in ${talosconfigPath}${talosconfig.kept ? ' (client certificate kept)' : ''}`);
  if (!o.noGitignore) {
    const names = [...files.map((f) => f.path.slice(resolve(o.outDir).length + 1))];
    const gi = gitignoreUpdate(o.outDir, names);
    if (gi !== undefined) {
      files.push({ path: resolve(o.outDir, '.gitignore'), data: gi, mode: 0o644, role: 'gitignore' });
      messages.push(`generated .gitignore file in ${resolve(o.outDir, '.gitignore')}`);
    }
  }
  return { files, messages, secrets, secretFile: repo.secretFile };
}
