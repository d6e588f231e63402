import { isIP } from '../core/ip.js';
import type { Contract } from '../core/contract.js';
import { parseHumanBytes } from '../model/gotypes.js';
import { docSchemaFor, kindSinceUnmet } from '../model/registry.js';
import { docId, type ValidationIssue } from './issues.js';
import { isAddrPort, isSubnetFilter } from './net.js';
import { arr, inSpan, obj, text, type Obj } from './read.js';

/**
 * Talos's own checks of multi-document kinds (each kind's `Validate` in pkg/machinery/config/types/**), one row per
 * check: the row fires on a document of `kind` when `refuses` holds, for contracts `since` and newer.
 */
interface DocRule {
  kind: string;
  since?: string;
  path: string;
  refuses: (doc: Obj) => boolean;
  message: string;
}

/** Talos `constants.PartitionLabelLength` minus the two-character volume prefix (`u-`, `s-`, `r-`). */
const VOLUME_NAME_MAX = 34;
const VOLUME_NAME = /^[A-Za-z0-9-]+$/;
/** POSIX.1 environment variable names (Talos `POSIX1EnvKeyRegex`). */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Talos `constants.KubeSpanLinkMinimumMTU`. */
export const KUBESPAN_MIN_MTU = 1280;

const provisioning = (d: Obj) => obj(d.provisioning) ?? {};
const hasDiskSelector = (d: Obj) => text(obj(provisioning(d).diskSelector)?.match) !== undefined;
const hasSize = (d: Obj) => text(provisioning(d).minSize) !== undefined || text(provisioning(d).maxSize) !== undefined;
/** minSize above an absolute maxSize (a percentage maxSize is relative and not compared). */
function minAboveMax(d: Obj): boolean {
  const min = text(provisioning(d).minSize);
  const max = text(provisioning(d).maxSize);
  if (!min || !max || max.endsWith('%') || max.startsWith('-')) return false;
  const [a, b] = [parseHumanBytes(min), parseHumanBytes(max)];
  return a !== undefined && b !== undefined && a > b;
}
const badVolumeName = (d: Obj) => {
  const name = String(d.name ?? '');
  return name.length < 1 || name.length > VOLUME_NAME_MAX || !VOLUME_NAME.test(name);
};
/** A partition (the default) or disk user volume needs a disk selector; a partition one also a size. */
const volumeType = (d: Obj) => text(d.volumeType) ?? 'partition';

/** System volumes a VolumeConfig may configure, by release. */
const SYSTEM_VOLUMES: readonly { name: string; since: string }[] = [
  { name: 'EPHEMERAL', since: 'v1.8' },
  { name: 'IMAGECACHE', since: 'v1.9' },
  { name: 'STATE', since: 'v1.11' },
];

export const DOC_RULES: readonly DocRule[] = [
  // runtime/kmsg_log.go, runtime/event_sink.go, runtime/environment.go
  { kind: 'KmsgLogConfig', path: 'url', refuses: (d) => !text(d.url), message: 'url is required' },
  {
    kind: 'EventSinkConfig',
    path: 'endpoint',
    refuses: (d) => !/^(\[[^\]]*\]|[^:[\]]*):[^:]*$/.test(String(d.endpoint ?? '')),
    message: 'the endpoint must be host:port',
  },
  {
    kind: 'EnvironmentConfig',
    since: 'v1.13',
    path: 'variables',
    refuses: (d) => Object.keys(obj(d.variables) ?? {}).some((k) => !ENV_NAME.test(k)),
    message: 'environment variable names must match [A-Za-z_][A-Za-z0-9_]*',
  },
  // network/rule_config.go
  {
    kind: 'NetworkRuleConfig',
    path: 'portSelector.ports',
    refuses: (d) => arr(obj(d.portSelector)?.ports).length === 0,
    message: 'portSelector.ports is required',
  },
  // network/bond.go, network/vlan.go, network/layer2_vip.go, network/static_host.go
  { kind: 'BondConfig', path: 'links', refuses: (d) => arr(d.links).length === 0, message: 'at least one link must be specified' },
  { kind: 'VLANConfig', path: 'parent', refuses: (d) => !text(d.parent), message: 'parent must be specified' },
  { kind: 'Layer2VIPConfig', path: 'name', refuses: (d) => isIP(String(d.name ?? '')) === 0, message: 'name must be a valid IP address' },
  { kind: 'Layer2VIPConfig', path: 'link', refuses: (d) => !text(d.link), message: 'link must be specified' },
  { kind: 'StaticHostConfig', path: 'name', refuses: (d) => isIP(String(d.name ?? '')) === 0, message: 'name must be a valid IP address' },
  { kind: 'StaticHostConfig', path: 'hostnames', refuses: (d) => arr(d.hostnames).length === 0, message: 'at least one hostname is required' },
  // network/kubespan.go
  {
    kind: 'KubeSpanConfig',
    path: 'mtu',
    refuses: (d) => typeof d.mtu === 'number' && d.mtu < KUBESPAN_MIN_MTU,
    message: `KubeSpan link MTU must be at least ${KUBESPAN_MIN_MTU}`,
  },
  {
    kind: 'KubeSpanConfig',
    path: 'filters.endpoints',
    refuses: (d) => arr(obj(d.filters)?.endpoints).some((f) => !isSubnetFilter(String(f))),
    message: 'KubeSpan endpoint filters must be subnets or addresses',
  },
  // network/kubespan_endpoints.go (Talos refuses these while decoding)
  {
    kind: 'KubeSpanEndpointsConfig',
    path: 'extraAnnouncedEndpoints',
    refuses: (d) => arr(d.extraAnnouncedEndpoints).some((e) => !isAddrPort(String(e))),
    message: 'extra announced endpoints must be address:port',
  },
  // block/volume_config.go
  { kind: 'VolumeConfig', path: 'provisioning', refuses: minAboveMax, message: 'minSize is greater than maxSize' },
  // block/user_volume_config.go, block/swap_volume_config.go
  { kind: 'UserVolumeConfig', path: 'name', refuses: badVolumeName, message: `name must be 1–${VOLUME_NAME_MAX} ASCII letters, digits and hyphens` },
  {
    kind: 'UserVolumeConfig',
    path: 'provisioning.diskSelector',
    refuses: (d) => volumeType(d) !== 'directory' && !hasDiskSelector(d),
    message: 'a disk selector is required',
  },
  { kind: 'UserVolumeConfig', path: 'provisioning', refuses: (d) => volumeType(d) === 'partition' && !hasSize(d), message: 'minSize or maxSize is required' },
  {
    kind: 'UserVolumeConfig',
    path: 'provisioning',
    refuses: (d) => volumeType(d) === 'partition' && minAboveMax(d),
    message: 'minSize is greater than maxSize',
  },
  { kind: 'SwapVolumeConfig', path: 'name', refuses: badVolumeName, message: `name must be 1–${VOLUME_NAME_MAX} ASCII letters, digits and hyphens` },
  { kind: 'SwapVolumeConfig', path: 'provisioning.diskSelector', refuses: (d) => !hasDiskSelector(d), message: 'a disk selector is required' },
  { kind: 'SwapVolumeConfig', path: 'provisioning', refuses: (d) => !hasSize(d), message: 'minSize or maxSize is required' },
];

/** Talos's per-document checks of the multi-document kinds. */
export function documentIssues(docs: readonly Obj[], contract: Contract): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const volumes = SYSTEM_VOLUMES.filter((v) => inSpan(contract, v)).map((v) => v.name);
  for (const doc of docs) {
    // A kind the release does not know has no checks of its own there (the schema's contract rule reports it).
    const schema = docSchemaFor(doc);
    if (schema && kindSinceUnmet(schema, contract)) continue;
    if (doc.kind === 'VolumeConfig' && !volumes.includes(String(doc.name ?? ''))) {
      issues.push({ severity: 'error', doc: docId(doc), path: 'name', rule: 'document', message: `only ${volumes.join(', ')} volumes can be configured` });
      continue;
    }
    for (const rule of DOC_RULES) {
      if (rule.kind === doc.kind && inSpan(contract, rule) && rule.refuses(doc)) {
        issues.push({ severity: 'error', doc: docId(doc), path: rule.path, rule: 'document', message: rule.message });
      }
    }
  }
  return issues;
}
