/**
 * Go's YAML decoding rules as data: how go-yaml (v3 for talhelper's talconfig, the v4 fork for Talos configs)
 * turns a YAML node into a value of a typed Go field, and which Talos config types read their value themselves.
 * `src/model/go-decode.ts` follows these tables row by row; facts taken from go-yaml's decode/resolve code and
 * the Talos machinery types (`pkg/machinery/config/types/...`, v1.5 … v1.14).
 */

/** go-yaml flavour whose rules apply: talhelper decodes talconfig with v3, Talos ≥ 1.12 uses the v4 fork. */
export type GoYamlDecoder = 'v3' | 'v4';

/**
 * The kind of Go value a field holds, as far as decoding a YAML node goes.
 * `text`: a type that reads the scalar's text itself (encoding.TextUnmarshaler, or an UnmarshalYAML that first
 * decodes into a Go string); `duration`: time.Duration; `port-range`: Talos network.PortRange;
 * `args`: Talos ArgValue (a string or a list of strings); `any`: interface{} / Unstructured values.
 */
export type GoTarget = 'string' | 'bool' | 'int' | 'uint' | 'float' | 'any' | 'text' | 'duration' | 'port-range' | 'args';

/** The tag go-yaml resolves a scalar to (quoted and block scalars and `!!str` are always `!!str`). */
export type ScalarTag = '!!null' | '!!bool' | '!!int' | '!!float' | '!!timestamp' | '!!str';

/**
 * What a scalar decodes to:
 * `nil` — nothing is set (the field keeps its zero value; a map value or list item becomes the zero value);
 * `text` — the scalar's text as written (after YAML unescaping/folding, never re-formatted through a number);
 * `value` — the resolved value (bool / integer / float);
 * `yaml11-bool` — the YAML 1.1 words go-yaml still accepts for a bool field (`YAML11_BOOLS`);
 * `int-from-float` — a float into an integer field: v3 truncates, v4 only takes it when nothing is lost;
 * `float-from-int` — an integer into a float field;
 * `time` — a timestamp into a free-form value is a Go time.Time (re-encoded in RFC 3339);
 * `port-or-range` — PortRange: an integer port, else its `lo-hi` text;
 * `zero-only` — the integer 0 (as its text), any other integer is refused.
 */
export type ScalarResult = 'nil' | 'text' | 'value' | 'yaml11-bool' | 'int-from-float' | 'float-from-int' | 'time' | 'port-or-range' | 'zero-only';

export interface ScalarRule {
  into: readonly GoTarget[];
  /** Resolved tags this row takes ('*' = any tag). */
  tags: readonly ScalarTag[] | '*';
  result: ScalarResult;
  /** Only for this decoder (default: both). */
  decoder?: GoYamlDecoder;
}

const TEXT_READERS: readonly GoTarget[] = ['string', 'text', 'args'];

/**
 * A scalar node decoded into a Go target: the first row whose `into` and `tags` match decides; no matching row
 * is go-yaml's refusal `cannot unmarshal !!tag \`text\` into <type>`.
 */
export const SCALAR_RULES: readonly ScalarRule[] = [
  // `~`, `null`, an empty value: go-yaml sets nothing; maps and lists get the element's zero value.
  { into: ['string', 'bool', 'int', 'uint', 'float', 'any', 'text', 'duration', 'port-range', 'args'], tags: ['!!null'], result: 'nil' },
  // A Go string takes any scalar as written: `true` → "true", `200` → "200", `1.10` → "1.10", `0x1F` → "0x1F".
  { into: TEXT_READERS, tags: '*', result: 'text' },
  { into: ['bool'], tags: ['!!bool'], result: 'value' },
  { into: ['bool'], tags: ['!!str'], result: 'yaml11-bool' },
  { into: ['int', 'uint'], tags: ['!!int'], result: 'value' },
  { into: ['int', 'uint'], tags: ['!!float'], result: 'int-from-float' },
  { into: ['float'], tags: ['!!float'], result: 'value' },
  { into: ['float'], tags: ['!!int'], result: 'float-from-int' },
  // time.Duration is read from a string with time.ParseDuration; v4 also takes a literal 0.
  { into: ['duration'], tags: ['!!str'], result: 'text' },
  { into: ['duration'], tags: ['!!int'], result: 'zero-only', decoder: 'v4' },
  { into: ['port-range'], tags: ['!!int', '!!str'], result: 'port-or-range' },
  { into: ['any'], tags: ['!!bool', '!!int', '!!float'], result: 'value' },
  { into: ['any'], tags: ['!!timestamp'], result: 'time' },
  { into: ['any'], tags: ['!!str'], result: 'text' },
];

/** The YAML 1.1 bool words go-yaml (v3 and v4) accepts for a Go bool field only (free-form values keep them as strings). */
export const YAML11_BOOLS: Readonly<Record<string, boolean>> = {
  y: true,
  Y: true,
  yes: true,
  Yes: true,
  YES: true,
  on: true,
  On: true,
  ON: true,
  n: false,
  N: false,
  no: false,
  No: false,
  NO: false,
  off: false,
  Off: false,
  OFF: false,
};

/** Which node kinds a target takes besides scalars (anything else is `cannot unmarshal !!seq/!!map into T`). */
export const COLLECTIONS_INTO: Readonly<Record<GoTarget, readonly ('seq' | 'map')[]>> = {
  string: [],
  bool: [],
  int: [],
  uint: [],
  float: [],
  text: [],
  duration: [],
  'port-range': [],
  // ArgValue tries a string, then a list of strings ("arg value must be a string or list of strings").
  args: ['seq'],
  any: ['seq', 'map'],
};

/**
 * How a self-decoding type prints the value it read (its MarshalText / MarshalYAML / String), i.e. what Talos
 * writes back for the text it was given; `src/model/go-reencode.ts` implements each one:
 * `as-written` — the text it was given; `addr` / `prefix` / `addr-port` — netip's canonical String();
 * `hardware-addr` — net.HardwareAddr.String() (lower-case, colon-separated bytes); `enum-name` — the enum's own
 * spelling of a name matched case-insensitively; `url` — url.URL.String() (the scheme lower-cased);
 * `duration` — time.Duration.String(); `disk-size` — DiskSize's go-humanize form.
 */
export type GoTextEncoding = 'as-written' | 'addr' | 'prefix' | 'addr-port' | 'hardware-addr' | 'enum-name' | 'url' | 'duration' | 'disk-size';

export interface SelfDecodingType {
  /** Go type (as Talos names it). */
  goType: string;
  /** Its own decoding: UnmarshalText receives the scalar text; UnmarshalYAML as noted. */
  how: string;
  target: GoTarget;
  /** Its own encoding of the decoded value. */
  encodes: GoTextEncoding;
  /** Go field names (`x-go` in schemas/talos) whose values are of this type (lists and maps: their elements). */
  fields: readonly string[];
}

/**
 * Talos config types that read their YAML value themselves, and the fields that use them. A field of the model
 * that is a self-marshaling scalar (`x-scalar`) but in none of these rows is decoded as a free-form value.
 */
export const SELF_DECODING: readonly SelfDecodingType[] = [
  {
    goType: 'v1alpha1.Endpoint',
    how: 'UnmarshalYAML: a string, parsed with url.Parse',
    encodes: 'url',
    target: 'text',
    fields: ['Endpoint', 'LoggingEndpoint'],
  },
  {
    goType: 'v1alpha1.DiskSize',
    how: 'UnmarshalYAML: a string (an integer reads as its digits), go-humanize ParseBytes',
    encodes: 'disk-size',
    target: 'text',
    fields: ['DiskSize'],
  },
  { goType: 'v1alpha1.InstallDiskSizeMatcher', how: 'UnmarshalYAML: a string `[>=|<=|>|<|==]<size>`', encodes: 'as-written', target: 'text', fields: ['Size'] },
  { goType: 'v1alpha1.Base64Bytes', how: 'UnmarshalYAML: a string, base64-decoded', encodes: 'as-written', target: 'text', fields: ['TLSCA'] },
  {
    goType: 'ArgValue (v1alpha1 ≤ v1.13, meta ≥ v1.14)',
    how: 'UnmarshalYAML: a string, else a list of strings',
    encodes: 'as-written',
    target: 'args',
    fields: ['KubeletExtraArgs', 'EtcdExtraArgs', 'ExtraArgsConfig', 'KubeletArgs', 'PodArgs', 'ProxyExtraArgs'],
  },
  {
    goType: 'meta.URL',
    how: 'UnmarshalYAML: a string, parsed with url.Parse',
    encodes: 'url',
    target: 'text',
    fields: ['APIUrlConfig', 'ClusterEndpointConfig', 'EndpointURL', 'HTTPEndpoint', 'IssuerURL', 'Issuers', 'KmsgLogURL', 'URLSpec'],
  },
  {
    goType: 'meta.Addr / netip.Addr',
    how: 'UnmarshalText: netip.ParseAddr',
    encodes: 'addr',
    target: 'text',
    fields: ['Address', 'BGPRouteSource', 'BGPRouterID', 'NeighborAddressConfig', 'RouteGateway', 'RouteSource', 'BondARPIPTargets', 'BondNSIP6Targets'],
  },
  {
    goType: 'meta.Prefix / netip.Prefix',
    how: 'UnmarshalText: netip.ParsePrefix',
    encodes: 'prefix',
    target: 'text',
    fields: [
      'AddressAddress',
      'ConfigExcludeAdvertisedNetworks',
      'Except',
      'ImportPrefixes',
      'NetworkPodSubnets',
      'NetworkServiceSubnets',
      'RouteDestination',
      'RuleDst',
      'RuleSrc',
      'Subnet',
      'WireguardAllowedIPs',
    ],
  },
  {
    goType: 'meta.AddrPort / netip.AddrPort',
    how: 'UnmarshalText: netip.ParseAddrPort',
    encodes: 'addr-port',
    target: 'text',
    fields: ['ExtraAnnouncedEndpointsConfig', 'WireguardEndpoint'],
  },
  {
    goType: 'nethelpers.HardwareAddr',
    how: 'UnmarshalText: hex bytes, colons ignored (encoding/hex)',
    encodes: 'hardware-addr',
    target: 'text',
    fields: ['ConfigDUIDRaw', 'HardwareAddressConfig'],
  },
  {
    goType: 'nethelpers enums (BondMode, ADSelect, ARPValidate, LACPRate, RoutingTable, Protocol, WOLMode, …)',
    how: 'UnmarshalText: one of the enum names',
    target: 'text',
    encodes: 'enum-name',
    fields: [
      'BondADLACPActive',
      'BondADSelect',
      'BondARPAllTargets',
      'BondARPValidate',
      'BondLACPRate',
      'BondMode',
      'BondPrimaryReselect',
      'BondXmitHashPolicy',
      'ConfigAuto',
      'ConfigClientIdentifier',
      'Ingress',
      'Protocol',
      'RouteTable',
      'RuleAction',
      'RuleTable',
      'VLANModeConfig',
      'VRFTable',
      'WakeOnLANConfig',
    ],
  },
  {
    goType: 'nethelpers.FailOverMAC',
    how: 'UnmarshalText: FailOverMACByName, the exact lower-case names only',
    encodes: 'as-written',
    target: 'text',
    fields: ['BondFailOverMAC'],
  },
  {
    goType: 'block / storage enums (FilesystemType, EncryptionProviderType, VolumeType, LVMLogicalVolumeType, MDLevel, MDMetadata)',
    how: 'UnmarshalText: one of the enum names',
    encodes: 'enum-name',
    target: 'text',
    fields: ['EncryptionProvider', 'FilesystemType', 'LVType', 'Level', 'MetadataFormat', 'VolumeType'],
  },
  {
    goType: 'config.ContainerNetworkMode / ContainerSecurityProfile',
    how: 'a string type',
    encodes: 'as-written',
    target: 'text',
    fields: ['NetworkMode', 'SecurityProfile'],
  },
  {
    goType: 'block.Size / block.ByteSize',
    how: 'UnmarshalText: a byte size or a percentage',
    encodes: 'as-written',
    target: 'text',
    fields: ['ProvisioningMaxSize', 'ProvisioningMinSize', 'MinAllocationGroupSizeConfig'],
  },
  {
    goType: 'cel.Expression',
    how: 'UnmarshalText: a CEL expression',
    encodes: 'as-written',
    target: 'text',
    fields: ['Match', 'OOMCgroupRankingExpression', 'OOMTriggerExpression'],
  },
  {
    goType: 'time.Duration',
    how: 'go-yaml: a string read with time.ParseDuration',
    target: 'duration',
    encodes: 'duration',
    fields: [
      'AdminKubeconfigCertLifetime',
      'BFDReceiveInterval',
      'BFDTransmitInterval',
      'HTTPTimeout',
      'NeighborHoldTime',
      'OOMSampleInterval',
      'ProbeInterval',
      'ScrubInterval',
      'TCPTimeout',
      'TimeBootTimeout',
      'TrimInterval',
      'WatchdogTimeout',
      'WireguardPersistentKeepaliveInterval',
    ],
  },
  { goType: 'network.PortRange', how: 'UnmarshalYAML: a uint16 port, else a "lo-hi" string', encodes: 'as-written', target: 'port-range', fields: ['Ports'] },
];

export interface ListRewrite {
  goType: string;
  /** Go field name (`x-go`) of the list. */
  field: string;
  /** Item key whose string value is rewritten, and the characters trimmed from its start (strings.TrimLeft). */
  key: string;
  trimLeft: string;
}

/**
 * Talos list types whose UnmarshalYAML decodes the list and then rewrites its items (Talos v1.6 on; the v1.5
 * decoder kept them as written).
 */
export const LIST_REWRITES: readonly ListRewrite[] = [
  // Leading tabs and line breaks (not spaces) of an inline manifest are dropped.
  { goType: 'v1alpha1.ClusterInlineManifests', field: 'ClusterInlineManifests', key: 'contents', trimLeft: '\t\n\v\f\r' },
];

/** Go integer kinds and their ranges (go-yaml refuses a value the kind overflows). `int`/`uint` are 64-bit. */
export type GoIntKind = 'int' | 'int32' | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64';

export const GO_INT_RANGES: Readonly<Record<GoIntKind, readonly [bigint, bigint]>> = {
  int: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint: [0n, 2n ** 64n - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/**
 * Go integer kind of every integer field of the model, by Go field name (`x-go`; pointers and lists by their
 * element). Fields not listed (talconfig) are 64-bit ints.
 */
export const GO_INT_FIELDS: Readonly<Record<string, GoIntKind>> = {
  AddressPriority: 'uint32',
  BFDDetectMultiplier: 'uint8',
  BGPLocalASN: 'uint32',
  BGPMaxPaths: 'uint8',
  BondADActorSysPrio: 'uint16',
  BondADUserPortKey: 'uint16',
  BondARPInterval: 'uint32',
  BondAllSlavesActive: 'uint8',
  BondDownDelay: 'uint32',
  BondLPInterval: 'uint32',
  BondMIIMon: 'uint32',
  BondMinLinks: 'uint32',
  BondMissedMax: 'uint8',
  BondNumPeerNotif: 'uint8',
  BondPacketsPerSlave: 'uint32',
  BondPeerNotifyDelay: 'uint32',
  BondResendIGMP: 'uint32',
  BondTLBDynamicLB: 'uint8',
  BondUpDelay: 'uint32',
  CQESize: 'uint32',
  Combined: 'uint32',
  ConfigMTU: 'uint32',
  ConfigRouteMetric: 'uint32',
  ContainerID: 'uint32',
  DHCPRouteMetric: 'uint32',
  DeviceMTU: 'int',
  EncryptionBlockSize: 'uint64',
  EncryptionKeySize: 'uint',
  FileMode: 'uint32',
  FilePermissions: 'uint32',
  FlannelBackendMTU: 'uint32',
  FlannelBackendPort: 'uint16',
  HostID: 'uint32',
  KeySlot: 'int',
  KubeSpanMTU: 'uint32',
  LVMirrors: 'uint32',
  LVStripes: 'uint32',
  LinkMTU: 'uint32',
  LocalAPIServerPort: 'int',
  MaxPoolPercentConfig: 'int',
  NeighborLocalASN: 'uint32',
  NeighborPeerASN: 'uint32',
  NetworkNodeCIDRMaskSizeIPv4: 'int',
  NetworkNodeCIDRMaskSizeIPv6: 'int',
  Other: 'uint32',
  PCRs: 'int',
  PodAPIPort: 'int',
  PortConfig: 'int',
  ProbeFailureThreshold: 'int',
  RX: 'uint32',
  RXBufLen: 'uint32',
  RXJumbo: 'uint32',
  RXMini: 'uint32',
  RouteMTU: 'uint32',
  RouteMetric: 'uint32',
  RuleFwMark: 'uint32',
  RuleFwMask: 'uint32',
  RunAsGID: 'int32',
  RunAsUID: 'int32',
  ServerPort: 'int',
  Size: 'uint32',
  TX: 'uint32',
  TXPushBufLen: 'uint32',
  VLANIDConfig: 'uint16',
  VlanID: 'uint16',
  VlanMTU: 'uint32',
  WireguardFirewallMark: 'int',
  WireguardListenPort: 'int',
};

/** Go type of each target for go-yaml's refusal message. */
export const GO_TYPE_NAMES: Readonly<Record<GoTarget, string>> = {
  string: 'string',
  bool: 'bool',
  int: 'int',
  uint: 'uint',
  float: 'float64',
  any: 'interface {}',
  text: 'string',
  duration: 'time.Duration',
  'port-range': 'network.PortRange',
  args: 'v1alpha1.ArgValue',
};
