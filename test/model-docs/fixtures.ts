// Shared helpers for the document-model tests: the Talos golden fixtures (../shared/conformance/talos) and the
// schema files of schemas/talos/, read straight from disk so the tests check the files themselves.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ROOT, conformanceFile } from '../helpers/shared.js';

export type Schema = Record<string, unknown>;

export const SCHEMA_DIR = join(ROOT, 'schemas', 'talos');

/** Every annotation keyword the document model uses (ARCHITECTURE.md, plus the model's internal helpers). */
export const ANNOTATIONS = [
  'x-kind',
  'x-apiVersion',
  'x-named',
  'x-since',
  'x-until',
  'x-omitempty',
  'x-omitempty-since',
  'x-pointer',
  'x-map',
  'x-unstructured',
  'x-merge',
  'x-merge-key',
  'x-bytes',
  'x-inline-pem',
  'x-scalar',
  'x-filemode',
  'x-go',
];

export interface KindSchema {
  kind: string;
  file: string;
  root: Schema;
}

/** The multi-document kinds (every schema file except the legacy v1alpha1 one). */
export function kindSchemas(): KindSchema[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.schema.json') && f !== 'v1alpha1.schema.json')
    .sort()
    .map((f) => {
      const root = JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')) as Schema;
      return { kind: String(root['x-kind']), file: f, root };
    });
}

export function v1alpha1Schema(): Schema {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, 'v1alpha1.schema.json'), 'utf8')) as Schema;
}

/** Ajv (draft 2020-12) in strict mode with talgen's x-* keywords registered as annotations. */
export function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, allErrors: true, validateFormats: false });
  ajv.addVocabulary(ANNOTATIONS);
  return ajv;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? yamlFiles(join(dir, f)) : f.endsWith('.yaml') ? [join(dir, f)] : []));
}

export interface Fixture {
  /** Path relative to the conformance talos directory. */
  name: string;
  file: string;
  /** Version contract the fixture was produced for (doc-types-head is main, i.e. v1.15 development). */
  minor: number;
  /** meta.Args encodings (not documents): a bare map of Kubernetes component flags. */
  args: boolean;
  /** Hand-written decoder inputs (Go decodes them; they are not encoder output). */
  decoderInput: boolean;
}

/** Decoder-only inputs of the block package's Go tests (2-space indentation, read with Load, never encoded). */
const DECODER_INPUTS = new Set([
  'volumeconfig_tpm_encryption_no_options.yaml',
  'volumeconfig_tpm_encryption_with_pcr_settings.yaml',
  'volumeconfig_tpm_encryption_with_pcrs_disabled.yaml',
]);

export function fixtures(): Fixture[] {
  const base = conformanceFile('talos');
  const out: Fixture[] = [];
  const add = (file: string, minor: number) => {
    const leaf = file.split('/').pop()!;
    out.push({
      name: file.slice(base.length + 1),
      file,
      minor,
      args: file.includes('/doc-types-head/meta/') && leaf.startsWith('args_'),
      decoderInput: DECODER_INPUTS.has(leaf),
    });
  };
  for (const f of yamlFiles(join(base, 'doc-types-v1.13'))) add(f, 13);
  for (const f of yamlFiles(join(base, 'doc-types-head'))) add(f, 15);
  for (const minor of [12, 13, 14, 15]) for (const f of yamlFiles(join(base, 'stability', `v1.${minor}`))) add(f, minor);
  return out;
}

/** Facts from the Talos Go sources (registry.Register calls): the multi-document kinds each release accepts. */
const KINDS_V1_12 = [
  'BondConfig',
  'BridgeConfig',
  'DHCPv4Config',
  'DHCPv6Config',
  'DummyLinkConfig',
  'EthernetConfig',
  'EventSinkConfig',
  'ExistingVolumeConfig',
  'ExtensionServiceConfig',
  'HCloudVIPConfig',
  'HostnameConfig',
  'KmsgLogConfig',
  'KubeSpanEndpointsConfig',
  'Layer2VIPConfig',
  'LinkAliasConfig',
  'LinkConfig',
  'NetworkDefaultActionConfig',
  'NetworkRuleConfig',
  'OOMConfig',
  'PCIDriverRebindConfig',
  'RawVolumeConfig',
  'RegistryAuthConfig',
  'RegistryMirrorConfig',
  'RegistryTLSConfig',
  'ResolverConfig',
  'SideroLinkConfig',
  'StaticHostConfig',
  'SwapVolumeConfig',
  'TimeSyncConfig',
  'TrustedRootsConfig',
  'UserVolumeConfig',
  'VLANConfig',
  'VolumeConfig',
  'WatchdogTimerConfig',
  'WireguardConfig',
  'ZswapConfig',
];
const KINDS_V1_13 = [
  ...KINDS_V1_12,
  'BlackholeRouteConfig',
  'EnvironmentConfig',
  'ExternalVolumeConfig',
  'ImageVerificationConfig',
  'KubeSpanConfig',
  'RoutingRuleConfig',
  'TCPProbeConfig',
  'VRFConfig',
];
const KINDS_V1_14 = [
  ...KINDS_V1_13,
  'BGPInstanceConfig',
  'CRIBaseRuntimeSpecConfig',
  'CRICustomizationConfig',
  'ContainerConfig',
  'DiscoveryIdentityConfig',
  'DiscoveryServiceConfig',
  'EtcFileConfig',
  'FilesystemScrubConfig',
  'FilesystemTrimConfig',
  'HTTPProbeConfig',
  'ImageCacheConfig',
  'KernelModuleConfig',
  'KubeAPIServerCAConfig',
  'KubeAPIServerConfig',
  'KubeAdmissionControlConfig',
  'KubeAggregatorCAConfig',
  'KubeAuditPolicyConfig',
  'KubeAuthenticationConfig',
  'KubeAuthorizerConfig',
  'KubeClusterConfig',
  'KubeControllerManagerConfig',
  'KubeCoreDNSConfig',
  'KubeCredentialProviderConfig',
  'KubeEtcdEncryptionConfig',
  'KubeExternalManifestConfig',
  'KubeFlannelCNIConfig',
  'KubeInlineManifestConfig',
  'KubeNetworkConfig',
  'KubeNodeConfig',
  'KubePrismConfig',
  'KubeProxyConfig',
  'KubeSchedulerConfig',
  'KubeServiceAccountConfig',
  'KubeStaticPodConfig',
  'KubeTalosAPIAccessConfig',
  'KubeletConfig',
  'LVMLogicalVolumeConfig',
  'LVMVolumeGroupConfig',
  'RAIDArrayConfig',
  'SecurityProfileConfig',
  'SysctlConfig',
  'SysfsConfig',
  'UdevRulesConfig',
  'UnattendedInstallConfig',
  'VethConfig',
];
/** v1.15 (main at the goldens' commit) registers no new kind. */
const KINDS_V1_15 = [...KINDS_V1_14];
export const KINDS_BY_CONTRACT: Record<string, string[]> = { 'v1.12': KINDS_V1_12, 'v1.13': KINDS_V1_13, 'v1.14': KINDS_V1_14, 'v1.15': KINDS_V1_15 };

/** Kinds Talos accepted before v1.12 and the release that introduced them. */
export const EARLY_KINDS: Record<string, string> = {
  EventSinkConfig: 'v1.5',
  KmsgLogConfig: 'v1.5',
  SideroLinkConfig: 'v1.5',
  NetworkDefaultActionConfig: 'v1.6',
  NetworkRuleConfig: 'v1.6',
  ExtensionServiceConfig: 'v1.7',
  WatchdogTimerConfig: 'v1.7',
  KubeSpanEndpointsConfig: 'v1.8',
  TrustedRootsConfig: 'v1.8',
  VolumeConfig: 'v1.8',
  EthernetConfig: 'v1.10',
  PCIDriverRebindConfig: 'v1.10',
  UserVolumeConfig: 'v1.10',
  ExistingVolumeConfig: 'v1.11',
  RawVolumeConfig: 'v1.11',
  SwapVolumeConfig: 'v1.11',
  ZswapConfig: 'v1.11',
};
