import { parseContract, parseVersion, SUPPORTED_CONTRACTS, LATEST_CONTRACT, contractName, compareContracts, type Contract } from '../core/contract.js';
import { DEFAULT_TALOS_VERSION } from '../core/contract-traits.js';
import { TalgenError } from '../core/errors.js';
import type { WarningSink } from '../core/issue.js';
import { parseSchematic } from '../factory/schematic.js';
import { whereInDoc } from '../factory/where.js';
import type { LoadedYaml, PathPart } from '../load/yaml.js';
import type { LoadedTalconfig } from '../talconfig/load.js';
import { fieldPath } from '../talconfig/merge.js';
import { resolveAtPath, resolveManifestPath } from '../talconfig/paths.js';
import { NODE_CONFIG_FIELDS, type NodeSpec, type Obj } from '../talconfig/types.js';
import { dotted } from '../talconfig/validate.js';
import { checkLocalPortBase, parseBastion } from './access.js';
import { splitAddresses } from './addresses.js';
import type { ClusterPlan, FileSource, MachineFile, PatchRef, PlannedCluster, PlannedNode, Provenance, Source } from './types.js';

/** The Talos contract a talconfig `talosVersion` selects; newer than talgen knows ⇒ the newest, with a warning. */
function contractFor(version: string, where: Provenance['at'], onWarning: WarningSink): Contract {
  const v = parseVersion(version);
  if (!v) throw new TalgenError(`"${version}" is not a Talos version`, { ...where, hint: 'use a version like v1.13.9' });
  const c = { major: v.major, minor: v.minor };
  if (compareContracts(c, LATEST_CONTRACT) > 0) {
    onWarning(
      `Talos ${version} is newer than talgen's newest contract ${contractName(LATEST_CONTRACT)}; generating with ${contractName(LATEST_CONTRACT)} rules`,
    );
    return LATEST_CONTRACT;
  }
  if (!SUPPORTED_CONTRACTS.some((s) => compareContracts(s, c) === 0)) return parseContract(version, where);
  return c;
}

/** Where a field comes from; its position is looked up when first read (messages need it, most fields never do). */
function provenance(doc: LoadedYaml, source: Source, field: PathPart[]): Provenance {
  let at: Provenance['at'] | undefined;
  return {
    source,
    field,
    get at() {
      at ??= { ...doc.positionOf(field), path: dotted(field) };
      return at;
    },
  };
}

/** Every field the node sets: node-only ones from the node, merged ones from where the merge took them. */
function nodeProvenance(doc: LoadedYaml, n: NodeSpec): Record<string, Provenance> {
  const from: Record<string, Provenance> = {};
  for (const field of Object.keys(n)) {
    if (['index', 'group', 'origins', 'sourceOf'].includes(field)) continue;
    const src = field in NODE_CONFIG_FIELDS ? n.sourceOf[field as keyof typeof NODE_CONFIG_FIELDS] : 'node';
    if (src) from[field] = provenance(doc, src, fieldPath(n, field));
  }
  return from;
}

function fileSource(spec: string, envsubst: boolean): FileSource | undefined {
  if (!spec.startsWith('@') || !spec.slice(1).trim()) return undefined;
  return { file: spec.slice(1), envsubst };
}

function planNode(loaded: LoadedTalconfig, n: NodeSpec): PlannedNode {
  const { doc, baseDir } = loaded;
  const from = nodeProvenance(doc, n);
  const machineFiles = (n.machineFiles ?? []).map((f): MachineFile => {
    const spec = resolveAtPath(String(f.content ?? ''), baseDir);
    const source = fileSource(spec, !f.skipEnvsubst);
    const mf: MachineFile = { content: source ? '' : spec, path: f.path, op: f.op ?? 'create' };
    if (f.permissions !== undefined) mf.permissions = typeof f.permissions === 'string' ? parseInt(f.permissions.replace(/^0o/, ''), 8) : f.permissions;
    if (source) mf.source = source;
    return mf;
  });
  const patches: PatchRef[] = (n.patches ?? []).map((spec, j) => {
    const origin = n.origins.patches[j]!;
    return { spec: resolveAtPath(String(spec), baseDir), label: origin.label, at: { ...doc.positionOf(origin.path), path: origin.label } };
  });
  return {
    index: n.index,
    hostname: String(n.hostname),
    ipAddress: String(n.ipAddress),
    controlPlane: n.controlPlane,
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
    extraManifests: n.extraManifests?.map((s) => resolveManifestPath(String(s), baseDir)),
    certSANs: n.certSANs,
    patches,
    talosImageURL: n.talosImageURL,
    schematic: n.schematic ? (parseSchematic(n.schematic, whereInDoc(doc, fieldPath(n, 'schematic'))) as Obj) : undefined,
    imageSchematic: n.imageSchematic as Obj | undefined,
    noSchematicValidate: n.noSchematicValidate === true,
    machineSpec: n.machineSpec,
    ingressFirewall: n.ingressFirewall as Obj | undefined,
    extensionServices: n.extensionServices as Obj[] | undefined,
    volumes: n.volumes as Obj[] | undefined,
    userVolumes: n.userVolumes as Obj[] | undefined,
    filenameTmpl: n.filenameTmpl,
    sideroLink: n.sideroLink,
    from,
  };
}

/** talgen's `access` field, checked: a bastion spec ssh can use, tunnel ports that fit every node address. */
function planAccess(doc: LoadedYaml, access: NonNullable<LoadedTalconfig['config']['access']>, nodes: PlannedNode[]): PlannedCluster['access'] {
  const at = (field: string) => ({ ...doc.positionOf(['access', field]), path: `access.${field}` });
  const out: NonNullable<PlannedCluster['access']> = {};
  if (access.sshBastion !== undefined) out.sshBastion = parseBastion(access.sshBastion, at('sshBastion'));
  if (access.localPortBase !== undefined) {
    checkLocalPortBase(access.localPortBase, nodes.flatMap((n) => splitAddresses(n.ipAddress)).length, at('localPortBase'));
    out.localPortBase = access.localPortBase;
  }
  return out;
}

/**
 * A loaded, valid talconfig (see `assertValid`) as typed cluster and node plans, keeping for every value which part
 * of talconfig it came from (node, group, global, default) with its position. Pure: `@file` values become
 * `FileSource`s (resolved against the talconfig directory) that the compiler reads.
 */
export function planCluster(loaded: LoadedTalconfig, onWarning: WarningSink): ClusterPlan {
  const { doc, config: c, baseDir } = loaded;
  const from: Record<string, Provenance> = {};
  for (const k of Object.keys(c)) if (k !== 'nodes' && k !== 'controlPlane' && k !== 'worker') from[k] = provenance(doc, 'global', [k]);
  const written = c.talosVersion !== undefined ? String(c.talosVersion) : undefined;
  const talosVersion = (() => {
    const v = written ?? DEFAULT_TALOS_VERSION;
    return v.startsWith('v') ? v : `v${v}`;
  })();
  if (written === undefined) from.talosVersion = { source: 'default', field: ['talosVersion'], at: { file: doc.file, path: 'talosVersion' } };
  const contract = contractFor(talosVersion, from.talosVersion!.at, onWarning);
  const patchRefs = (list: unknown[] | undefined): PatchRef[] =>
    (list ?? []).map((spec, i) => ({
      spec: resolveAtPath(String(spec), baseDir),
      label: `patches[${i}]`,
      at: { ...doc.positionOf(['patches', i]), path: `patches[${i}]` },
    }));
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
    inlineManifests: (c.inlineManifests ?? []).map((m) => {
      const spec = resolveAtPath(String(m.contents ?? ''), baseDir);
      const source = fileSource(spec, !m.skipEnvsubst);
      return source ? { name: String(m.name), contents: '', source } : { name: String(m.name), contents: spec };
    }),
    patches: patchRefs(c.patches),
    imageFactory: c.imageFactory as Obj | undefined,
    from,
  };
  const nodes = loaded.nodes.map((n) => planNode(loaded, n));
  if (c.access) cluster.access = planAccess(doc, c.access, nodes);
  return { cluster, nodes };
}
