/**
 * talhelper's talconfig validator (pkg/config/validator.go) for the checks a JSON Schema cannot express, run on the
 * merged nodes by `genconfig` and `validate talconfig` alike. One row per talhelper check; every issue points at the
 * value where it is written (the node's own field, or the group's when the node inherited it).
 */
import { isIP } from '../core/ip.js';
import { parseVersion } from '../core/contract.js';
import { DEFAULT_TALOS_VERSION } from '../core/contract-traits.js';
import { TalgenError } from '../core/errors.js';
import { inputFileProblem } from '../core/read-input.js';
import type { Issue, Locator } from '../core/issue.js';
import { kubernetesSupportProblem } from '../core/kubernetes-support.js';
import { checkExtensions } from '../factory/extensions.js';
import { checkTalosImageURL } from '../factory/image-ref.js';
import { IMAGE_SUFFIXES } from '../factory/machine-spec.js';
import { parseSchematic } from '../factory/schematic.js';
import { whereInDoc } from '../factory/where.js';
import type { LoadedYaml, PathPart } from '../load/yaml.js';
import { checkLabelValue, checkQualifiedName } from '../validate/labels.js';
import { DISK_TYPES, knownDiskType } from '../validate/install-disk.js';
import { isAddressOrCIDR, isCIDR } from '../validate/net.js';
import { fieldPath } from './merge.js';
import { resolveAtPath, resolveManifestPath } from './paths.js';
import type { NodeSpec, Obj, Talconfig } from './types.js';
import { dotted } from './validate.js';

/** talhelper's isDomain: labels of letters, digits, `_` and `-` (not leading `-`), an optional trailing `.` or `_`. */
const DOMAIN = /^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$/;

export function isTalhelperDomain(text: string): boolean {
  return text !== '' && text.length - (text.match(/\./g)?.length ?? 0) <= 255 && DOMAIN.test(text);
}

/** talhelper skips map values holding a Go template (`{{`/`}}`): they are only valid once rendered. */
const isTemplate = (v: unknown) => typeof v === 'string' && (v.includes('{{') || v.includes('}}'));

interface Ctx {
  doc: LoadedYaml;
  config: Talconfig;
  /** Directory `@file` paths inside talconfig are relative to. */
  baseDir: string;
  talosVersion: string;
  out: Issue[];
}

const at = (ctx: Ctx, path: PathPart[], key = false): Locator => ({ ...ctx.doc.positionOf(path, key), path: dotted(path) });

function error(ctx: Ctx, path: PathPart[], message: string, hint?: string, key = false): void {
  ctx.out.push({ severity: 'error', message, hint, at: at(ctx, path, key) });
}

/** A check that throws TalgenError (factory parsers) as an issue; its warnings go to the list too. */
function collect(ctx: Ctx, fallback: PathPart[], fn: () => string[] | void): void {
  try {
    for (const w of fn() ?? []) ctx.out.push({ severity: 'warning', message: w, at: { file: ctx.doc.file } });
  } catch (e) {
    if (!(e instanceof TalgenError)) throw e;
    ctx.out.push(e.file ? e.issue() : { ...e.issue(), at: { ...at(ctx, fallback), ...(e.path ? { path: e.path } : {}) } });
  }
}

/**
 * Cluster-level checks (talhelper checkSupportedK8sVersion and checkDomain; the rest of its cluster checks are in
 * the schema).
 */
function checkCluster(ctx: Ctx): void {
  const { domain, kubernetesVersion } = ctx.config;
  if (typeof kubernetesVersion === 'string' && kubernetesVersion !== '') {
    const problem = kubernetesSupportProblem(kubernetesVersion, ctx.talosVersion);
    if (problem) error(ctx, ['kubernetesVersion'], problem.message, problem.hint);
  }
  if (typeof domain === 'string' && domain !== '' && !isTalhelperDomain(domain)) {
    error(ctx, ['domain'], `"${domain}" is not a valid domain`, 'letters, digits, "-" and "_" in dot-separated labels, e.g. cluster.local');
  }
}

const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The node checks, in talhelper's order (checkNodeRequiredCfg … checkNodeExtraManifests). */
const NODE_RULES: ((ctx: Ctx, n: NodeSpec, seen: Map<string, number>) => void)[] = [
  // Unique hostnames: a hostname names the output file and the Talos node.
  (ctx, n, seen) => {
    if (typeof n.hostname !== 'string') return;
    const prev = seen.get(n.hostname.toLowerCase());
    if (prev === undefined) return void seen.set(n.hostname.toLowerCase(), n.index);
    const first = ctx.doc.positionOf(['nodes', prev, 'hostname']);
    error(
      ctx,
      ['nodes', n.index, 'hostname'],
      `duplicate hostname "${n.hostname}" (also nodes[${prev}] at line ${first.line})`,
      'every node needs its own hostname: it names the output file and the Talos node',
    );
  },
  // checkNodeRequiredCfg: an install disk, set on the node itself.
  (ctx, n) => {
    if (!n.installDisk && !n.installDiskSelector)
      error(
        ctx,
        ['nodes', n.index],
        'a node needs installDisk or installDiskSelector',
        'e.g. installDisk: /dev/sda (node-only: talhelper ignores it in controlPlane/worker)',
      );
  },
  // checkNodeInstallDiskSelector: a disk type the cluster's Talos matches. talhelper asks the newest Talos, which
  // compares it as written; Talos before v1.9 lower-cases it, so there `HDD` stands (as Talos itself takes it).
  (ctx, n) => {
    const type = (n.installDiskSelector as Obj | undefined)?.type;
    const version = parseVersion(ctx.talosVersion);
    if (type === undefined || type === '' || !version || knownDiskType(String(type), version)) return;
    error(
      ctx,
      [...fieldPath(n, 'installDiskSelector'), 'type'],
      `unsupported disk type ${JSON.stringify(String(type))}`,
      `Talos matches ${DISK_TYPES.join(', ')}, in lower case`,
    );
  },
  // checkNodeMachineSpec: an image suffix that fits the boot method, as talhelper spells them (the schema's enum
  // checks the boot method itself).
  (ctx, n) => {
    const spec = n.machineSpec;
    const method = spec?.bootMethod || 'iso';
    const fits = IMAGE_SUFFIXES[method];
    const suffix = spec?.imageSuffix ?? '';
    if (!fits || suffix === '') return;
    const base = fieldPath(n, 'machineSpec');
    if (!fits.includes(suffix)) {
      const hint = fits.length ? `for ${method} use ${fits.join(', ')}` : `${method} takes no suffix: leave it out`;
      error(ctx, [...base, 'imageSuffix'], `image suffix ${JSON.stringify(suffix)} does not fit boot method ${method}`, hint);
    }
  },
  // checkNodeIPAddress: every comma-separated item an IP or a domain.
  (ctx, n) => {
    if (typeof n.ipAddress !== 'string') return;
    for (const item of n.ipAddress.split(',').map((s) => s.trim())) {
      if (isIP(item) || (DNS_NAME.test(item) && !/^[\d.]+$/.test(item))) continue;
      error(
        ctx,
        ['nodes', n.index, 'ipAddress'],
        `"${item}" is neither an IP address nor a DNS name`,
        'use an address like 10.0.0.11 (or several, comma-separated)',
      );
    }
  },
  // checkNodeTalosImageURL: an image name without tag or digest.
  (ctx, n) => {
    if (typeof n.talosImageURL !== 'string' || !n.talosImageURL) return;
    const path = fieldPath(n, 'talosImageURL');
    collect(ctx, path, () => checkTalosImageURL(n.talosImageURL!, { ...whereInDoc(ctx.doc, path) }));
  },
  // checkNodeLabels / checkNodeAnnotations: Kubernetes keys and (labels) values; templated values are skipped.
  (ctx, n) => {
    for (const field of ['nodeLabels', 'nodeAnnotations'] as const) {
      const map = n[field];
      if (!map || typeof map !== 'object') continue;
      const base = fieldPath(n, field);
      for (const [k, v] of Object.entries(map)) {
        if (isTemplate(v)) continue;
        const keyProblem = checkQualifiedName(k);
        if (keyProblem) error(ctx, [...base, k], `key "${k}": ${keyProblem}`, 'Kubernetes keys are [prefix/]name, e.g. example.com/role or role', true);
        const valueProblem = field === 'nodeLabels' && typeof v === 'string' ? checkLabelValue(v) : undefined;
        if (valueProblem)
          error(
            ctx,
            [...base, k],
            `value "${v}": ${valueProblem}`,
            'label values are at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
          );
      }
    }
  },
  // checkNodeSchematic: official extensions of the Talos version, no duplicates, a known overlay.
  (ctx, n) => {
    if (!n.schematic) return;
    const path = fieldPath(n, 'schematic');
    const where = whereInDoc(ctx.doc, path);
    collect(ctx, path, () => {
      const s = parseSchematic(n.schematic, where);
      return n.noSchematicValidate ? [] : checkExtensions(s, ctx.talosVersion, where).warnings;
    });
  },
  // checkNodeNetworkInterfaces: Talos' device checks on addressing and routes.
  (ctx, n) => {
    for (const [i, dev] of (n.networkInterfaces ?? []).entries()) {
      const base = [...fieldPath(n, 'networkInterfaces'), i];
      // a null list item (`- ` with nothing after it) has no addresses or routes
      const d = (dev ?? {}) as Obj;
      for (const [j, a] of (Array.isArray(d.addresses) ? d.addresses : []).entries()) {
        if (!isAddressOrCIDR(String(a)))
          error(ctx, [...base, 'addresses', j], `"${String(a)}" is not an IP address or CIDR`, 'e.g. 10.0.0.11/24 or fd00::11/64');
      }
      for (const [j, r] of (Array.isArray(d.routes) ? (d.routes as Obj[]) : []).entries()) {
        if (r?.network !== undefined && r.network !== '' && !isCIDR(String(r.network)))
          error(ctx, [...base, 'routes', j, 'network'], `"${String(r.network)}" is not a valid CIDR`, 'e.g. 0.0.0.0/0 or 10.1.0.0/16');
        if (r?.gateway !== undefined && r.gateway !== '' && !isIP(String(r.gateway)))
          error(ctx, [...base, 'routes', j, 'gateway'], `"${String(r.gateway)}" is not a valid gateway IP address`, 'e.g. 10.0.0.1');
      }
    }
  },
  // checkNodeExtraManifests: every file exists (relative to the talconfig directory, as genconfig reads them).
  (ctx, n) => {
    for (const [i, spec] of (n.extraManifests ?? []).entries()) {
      const file = resolveManifestPath(String(spec), ctx.baseDir);
      const problem = inputFileProblem(file, 'extra manifest');
      if (problem) error(ctx, n.origins.extraManifests[i]!.path, problem.message, problem.hint ?? AT_HINT);
    }
  },
  // genconfig reads every `@file` patch and machine file: they exist.
  (ctx, n) => {
    n.patches?.forEach((spec, i) => {
      missingAtFile(ctx, String(spec), n.origins.patches[i]!.path, 'patch file');
    });
    const base = fieldPath(n, 'machineFiles');
    n.machineFiles?.forEach((f, i) => {
      missingAtFile(ctx, String(f?.content ?? ''), [...base, i, 'content'], 'machine file');
    });
  },
  // A machine file's permissions are a Go FileMode (uint32): a number, or octal digits as a string (`0o644`).
  (ctx, n) => {
    const base = fieldPath(n, 'machineFiles');
    n.machineFiles?.forEach((f, i) => {
      const p = f?.permissions;
      if (p === undefined || (typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 0xffffffff)) return;
      if (typeof p === 'string' && /^(?:0o)?[0-7]{1,11}$/.test(p) && parseInt(p.replace(/^0o/, ''), 8) <= 0xffffffff) return;
      error(ctx, [...base, i, 'permissions'], `permissions ${JSON.stringify(p)} is not a file mode`, 'write an octal mode such as 0o644 (or 0644)');
    });
  },
];

const AT_HINT = 'paths after "@" are relative to the talconfig directory';

function missingAtFile(ctx: Ctx, spec: string, path: PathPart[], what: string): void {
  if (!spec.startsWith('@')) return;
  const file = resolveAtPath(spec, ctx.baseDir).slice(1);
  const problem = file.trim() ? inputFileProblem(file, what) : undefined;
  if (problem) error(ctx, path, problem.message, problem.hint ?? AT_HINT);
}

/**
 * talhelper's semantic checks of a talconfig and its merged nodes. Issues point at the value in the file;
 * `talosVersion` selects the extension catalog (talhelper's default when unset).
 */
export function checkTalconfig(doc: LoadedYaml, config: Talconfig, nodes: NodeSpec[], baseDir: string): Issue[] {
  const v = String(config.talosVersion ?? DEFAULT_TALOS_VERSION);
  const ctx: Ctx = { doc, config, baseDir, talosVersion: v.startsWith('v') ? v : `v${v}`, out: [] };
  checkCluster(ctx);
  config.patches?.forEach((spec, i) => {
    missingAtFile(ctx, String(spec), ['patches', i], 'patch file');
  });
  config.inlineManifests?.forEach((m, i) => {
    missingAtFile(ctx, String(m?.contents ?? ''), ['inlineManifests', i, 'contents'], 'inline manifest file');
  });
  const seen = new Map<string, number>();
  for (const n of nodes) for (const rule of NODE_RULES) rule(ctx, n, seen);
  return ctx.out;
}
