import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isIP } from 'node:net';
import { parseContract, parseVersion, SUPPORTED_CONTRACTS, LATEST_CONTRACT, contractName, compareContracts, type Contract } from '../core/contract.js';
import { DEFAULT_TALOS_VERSION } from '../core/contract-traits.js';
import { TalgenError } from '../core/errors.js';
import { checkExtensions, parseSchematic } from '../factory/index.js';
import { checkTalosImageURL } from '../factory/urls.js';
import { parseYamlText, type LoadedYaml } from '../load/yaml.js';
import type { PlannedCluster, PlannedNode, PatchRef } from '../plan/types.js';
import { readMaybeEncrypted } from '../sops/index.js';
import { buildEnv, parseEnvFile, substitute, type Env } from '../substitute/index.js';
import { mergeGroupIntoNode, patchLabels } from '../talconfig/merge.js';
import { assertValid, talconfigSchema, validateTalconfig } from '../talconfig/validate.js';
import { goDecodeLoaded } from '../model/go-decode.js';
import type { LoadedRepo } from './talhelper-genconfig.js';
import type { SourceAccess } from './patch-steps.js';

type Obj = Record<string, any>;

export { DEFAULT_ENV_FILES, DEFAULT_SECRET_FILES } from './defaults.js';

export interface LoadRepoOptions {
  configFile: string;
  envFiles: string[];
  secretFiles: string[];
  strict: boolean;
  onWarning: (msg: string) => void;
  processEnv?: NodeJS.ProcessEnv;
}

/** talhelper resolves these relative to the working directory; talgen to the talconfig's directory. */
function around(baseDir: string, p: string): string {
  return resolve(baseDir, p);
}

function contractFor(version: string, where: { file?: string; path?: string }, onWarning: (m: string) => void): Contract {
  const v = parseVersion(version);
  if (!v) throw new TalgenError(`"${version}" is not a Talos version`, { ...where, hint: 'use a version like v1.13.9' });
  const c = { major: v.major, minor: v.minor };
  if (compareContracts(c, LATEST_CONTRACT) > 0) {
    onWarning(`Talos ${version} is newer than talgen's newest contract ${contractName(LATEST_CONTRACT)}; generating with ${contractName(LATEST_CONTRACT)} rules`);
    return LATEST_CONTRACT;
  }
  if (!SUPPORTED_CONTRACTS.some((s) => compareContracts(s, c) === 0)) return parseContract(version, where);
  return c;
}

const isDomain = (s: string) => !/^[\d.]+$/.test(s) && /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(s);

/** Load, substitute, validate and merge a talhelper repo into typed cluster + node plans. */
export async function loadRepo(o: LoadRepoOptions): Promise<LoadedRepo & { doc: LoadedYaml; env: Env }> {
  const configFile = resolve(o.configFile);
  if (!existsSync(configFile)) {
    throw new TalgenError(`talconfig not found (looked at ${configFile})`, { hint: 'pass -c path/to/talconfig.yaml or run talgen in the directory that holds it' });
  }
  const baseDir = dirname(configFile);
  const envContents: Record<string, string>[] = [];
  for (const f of o.envFiles) {
    const p = around(baseDir, f);
    if (!existsSync(p)) continue;
    const { text } = await readMaybeEncrypted(p);
    envContents.push(parseEnvFile(text, p));
  }
  const env = buildEnv(o.processEnv ?? process.env, envContents);
  // Every node reads the same patch files: read/decrypt and substitute each once per run.
  const texts = new Map<string, Promise<string>>();
  const substituted = new Map<string, string>();
  const access: SourceAccess = {
    readText: (p) => {
      let t = texts.get(p);
      if (!t) texts.set(p, (t = readMaybeEncrypted(p).then((r) => r.text)));
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

  const raw = (await readMaybeEncrypted(configFile)).text;
  const doc = parseYamlText(substitute(raw, env, configFile), configFile);
  doc.value = goDecodeLoaded(doc, talconfigSchema(), 'v3');
  const warnings = assertValid(await validateTalconfig(doc, { strict: o.strict }));
  for (const w of warnings) o.onWarning(`${w.pos.file}:${w.pos.line ?? '?'}:${w.pos.col ?? '?'}: ${w.path}: ${w.message}${w.hint ? ` (${w.hint})` : ''}`);
  const c = doc.value as Obj;
  const at = (path: (string | number)[]) => doc.positionOf(path);

  const talosVersion = (() => {
    const v = String(c.talosVersion ?? DEFAULT_TALOS_VERSION);
    return v.startsWith('v') ? v : `v${v}`;
  })();
  const contract = contractFor(talosVersion, { ...at(['talosVersion']), path: 'talosVersion' }, o.onWarning);
  if (!c.kubernetesVersion) throw new TalgenError('missing required field "kubernetesVersion"', { file: configFile, line: 1, col: 1, hint: 'e.g. kubernetesVersion: v1.36.3' });
  try {
    new URL(String(c.endpoint));
  } catch {
    throw new TalgenError(`endpoint "${String(c.endpoint)}" is not a URL`, { ...at(['endpoint']), path: 'endpoint', hint: 'use https://<host or VIP>:6443' });
  }
  const patchRefs = (list: unknown, labels: string[]): PatchRef[] => ((list as string[]) ?? []).map((spec, i) => ({ spec: String(spec), label: labels[i]! }));

  const inlineManifests = [];
  for (const [i, m] of ((c.inlineManifests as Obj[]) ?? []).entries()) {
    let contents = String(m.contents ?? '');
    if (contents.startsWith('@')) {
      const p = around(baseDir, contents.slice(1));
      if (!existsSync(p)) throw new TalgenError(`inline manifest file not found: ${p}`, { ...at(['inlineManifests', i, 'contents']), path: `inlineManifests[${i}].contents` });
      contents = await access.readText(p);
      if (!m.skipEnvsubst) contents = substitute(contents, env, p);
    }
    inlineManifests.push({ name: String(m.name), contents });
  }

  const cluster: PlannedCluster = {
    clusterName: String(c.clusterName),
    endpoint: String(c.endpoint),
    talosVersion,
    contract,
    kubernetesVersion: String(c.kubernetesVersion).replace(/^v/, ''),
    domain: c.domain ? String(c.domain) : undefined,
    allowSchedulingOnControlPlanes: c.allowSchedulingOnControlPlanes === true || c.allowSchedulingOnMasters === true,
    additionalMachineCertSans: c.additionalMachineCertSans ?? [],
    additionalApiServerCertSans: c.additionalApiServerCertSans ?? [],
    clusterPodNets: c.clusterPodNets ?? [],
    clusterSvcNets: c.clusterSvcNets ?? [],
    cniConfig: c.cniConfig,
    inlineManifests,
    patches: patchRefs(c.patches, ((c.patches as unknown[]) ?? []).map((_, i) => `patches[${i}]`)),
    imageFactory: c.imageFactory,
  };

  const nodes: PlannedNode[] = [];
  const hostnames = new Map<string, number>();
  for (const [i, rawNode] of ((c.nodes as Obj[]) ?? []).entries()) {
    const groupName = rawNode.controlPlane ? 'controlPlane' : 'worker';
    const group = c[groupName] as Obj | undefined;
    const n = mergeGroupIntoNode(rawNode, group) as Obj;
    const where = `nodes[${i}]`;
    const hostname = String(n.hostname);
    const prev = hostnames.get(hostname);
    if (prev !== undefined) throw new TalgenError(`duplicate hostname "${hostname}" (also nodes[${prev}])`, { ...at(['nodes', i, 'hostname']), path: `${where}.hostname`, hint: 'every node needs its own hostname' });
    hostnames.set(hostname, i);
    for (const ip of String(n.ipAddress).split(',').map((s) => s.trim())) {
      if (!isIP(ip) && !isDomain(ip)) throw new TalgenError(`"${ip}" is neither an IP address nor a DNS name`, { ...at(['nodes', i, 'ipAddress']), path: `${where}.ipAddress` });
    }
    if (!n.installDisk && !n.installDiskSelector) {
      throw new TalgenError('a node needs installDisk or installDiskSelector', { ...at(['nodes', i]), path: where, hint: 'e.g. installDisk: /dev/sda' });
    }
    if (n.talosImageURL) {
      try {
        checkTalosImageURL(String(n.talosImageURL), `${where}.talosImageURL`);
      } catch (e) {
        throw e instanceof TalgenError ? e.withContext(at(['nodes', i, 'talosImageURL'])) : e;
      }
    }
    let schematic;
    const officialFactory = !cluster.imageFactory?.registryURL || cluster.imageFactory.registryURL === 'factory.talos.dev';
    try {
      schematic = n.schematic ? parseSchematic(n.schematic, `${where}.schematic`) : undefined;
      if (schematic && officialFactory && !n.noSchematicValidate) {
        for (const w of checkExtensions(schematic, talosVersion, `${where}.schematic`).warnings) o.onWarning(w);
      }
    } catch (e) {
      const fromGroup = !rawNode.schematic && group?.schematic;
      throw e instanceof TalgenError ? e.withContext(doc.positionOf(fromGroup ? [groupName, 'schematic'] : ['nodes', i, 'schematic'])) : e;
    }
    const machineFiles = [];
    for (const [j, f] of ((n.machineFiles as Obj[]) ?? []).entries()) {
      let content = String(f.content ?? '');
      if (content.startsWith('@')) {
        const p = around(baseDir, content.slice(1));
        if (!existsSync(p)) throw new TalgenError(`machine file not found: ${p}`, { ...at(['nodes', i, 'machineFiles', j, 'content']), path: `${where}.machineFiles[${j}].content` });
        content = await access.readText(p);
        if (!f.skipEnvsubst) content = substitute(content, env, p);
      }
      const mf: Obj = { content };
      if (f.permissions !== undefined) mf.permissions = typeof f.permissions === 'string' ? parseInt(f.permissions.replace(/^0o/, ''), 8) : f.permissions;
      mf.path = f.path;
      mf.op = f.op ?? 'create';
      machineFiles.push(mf as PlannedNode['machineFiles'] extends (infer T)[] | undefined ? T : never);
    }
    nodes.push({
      index: i,
      hostname,
      ipAddress: String(n.ipAddress),
      controlPlane: n.controlPlane === true,
      installDisk: n.installDisk,
      installDiskSelector: n.installDiskSelector,
      ignoreHostname: n.ignoreHostname === true,
      nodeLabels: n.nodeLabels,
      nodeAnnotations: n.nodeAnnotations,
      nodeTaints: n.nodeTaints,
      machineDisks: n.machineDisks,
      machineFiles: machineFiles.length ? machineFiles : undefined,
      disableSearchDomain: n.disableSearchDomain === true,
      kernelModules: n.kernelModules,
      nameservers: n.nameservers,
      networkInterfaces: n.networkInterfaces,
      extraManifests: n.extraManifests,
      certSANs: n.certSANs,
      patches: patchRefs(n.patches, patchLabels(i, rawNode, group, groupName)),
      talosImageURL: n.talosImageURL,
      schematic: schematic as Record<string, unknown> | undefined,
      machineSpec: n.machineSpec,
      ingressFirewall: n.ingressFirewall,
      extensionServices: n.extensionServices,
      volumes: n.volumes,
      userVolumes: n.userVolumes,
      filenameTmpl: n.filenameTmpl,
    });
  }

  const secretFile = o.secretFiles.map((f) => around(baseDir, f)).filter((p) => existsSync(p)).pop();
  return { cluster, nodes, secretFile, access, doc, env };
}
