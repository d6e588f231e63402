/**
 * Plausible stand-in values for variables and encrypted values the corpus repos take from places we cannot
 * read (SOPS files encrypted to their owners' keys, 1Password/Doppler/Bitwarden, shell exports).
 * The value is chosen from the variable (or key) NAME and the YAML key it is used under, by the first matching
 * row of VALUE_RULES. Harness only: product code never invents values.
 */
import { randomBytes } from 'node:crypto';

export interface ValueContext {
  /** Variable or key name, e.g. `CLUSTER_ENDPOINT_IP`, `clusterDNSSuffix`. */
  name: string;
  /** The YAML key on the line that uses it (`addresses`, `endpoint`…), when known. */
  key?: string;
  /** The full line that uses it, when known. */
  line?: string;
  /** SOPS value type (`str`, `int`, `bool`, `float`). */
  type?: string;
  talosVersion: string;
  kubernetesVersion?: string;
}

/** Numbering for addresses so that different variables get different, valid values within one case. */
export class ValueSource {
  private n = 10;

  next(): number {
    return this.n++;
  }

  value(c: ValueContext): string {
    for (const rule of VALUE_RULES) if (rule.when(c)) return rule.value(c, this);
    return `corpus-${c.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  }
}

const keyIs = (re: RegExp) => (c: ValueContext) => re.test(c.key ?? '');
/** Splits camelCase and snake_case so `clusterEndpointIP` and `CLUSTER_ENDPOINT_IP` read alike. */
const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
const word = (re: RegExp) => (c: ValueContext) => re.test(`_${words(c.name)}_`);
const b64 = (bytes: number) => randomBytes(bytes).toString('base64');

/** First match wins: the order puts specific names (versions, CIDRs, tokens) before broad ones (IP, name). */
const VALUE_RULES: { when: (c: ValueContext) => boolean; value: (c: ValueContext, s: ValueSource) => string }[] = [
  { when: (c) => c.type === 'int', value: () => '1' },
  { when: (c) => c.type === 'bool', value: () => 'true' },
  { when: word(/_TALOS_.*VERSION_/), value: (c) => c.talosVersion },
  { when: (c) => !!c.kubernetesVersion && word(/_(KUBE|KUBERNETES|K8S)_.*VERSION_/)(c), value: (c) => c.kubernetesVersion! },
  // Names first: a DOMAIN is never an address or a secret, whatever else the name says.
  { when: word(/_DOMAIN_|_SUFFIX_|_FQDN_|_DOMAIN_NAME_/), value: () => 'example.com' },
  // A prefix is written before `::` (`${ipv6_prefix}::/64`).
  { when: word(/_IPV6_PREFIX_|_PREFIX_/), value: (_c, s) => `fd00:${s.next()}` },
  { when: word(/_V6_|_IP6_|_IPV6_/), value: (c, s) => (word(/CIDR|NET|PREFIX/)(c) ? `fd00:${s.next()}::/64` : `fd00::${s.next()}`) },
  // An address with a prefix length (`addresses: [${NODE_CIDR}]`) versus a network CIDR.
  {
    when: (c) => word(/_CIDR_|_SUBNET_|_PODNET_|_SVCNET_|_NET_/)(c) && (keyIs(/address/i)(c) || word(/_IP_/)(c)),
    value: (_c, s) => `192.168.1.${s.next()}/24`,
  },
  { when: word(/_CIDR_|_SUBNET_|_PODNET_|_SVCNET_|_NET_|_NETWORK_/), value: (_c, s) => `10.${s.next()}.0.0/16` },
  { when: word(/_MAC_/), value: (_c, s) => `02:00:00:00:00:${s.next().toString(16).padStart(2, '0')}` },
  { when: word(/_DISK_|_DEVICE_/), value: () => '/dev/sda' },
  {
    when: word(/_BOOTSTRAPTOKEN_|_BOOTSTRAP_TOKEN_|_TRUSTDINFO_TOKEN_|_TRUSTD_INFO_TOKEN_|_TRUSTDTOKEN_/),
    value: () => `${randomBytes(3).toString('hex')}.${randomBytes(8).toString('hex')}`,
  },
  { when: word(/_SECRETBOXENCRYPTIONSECRET_|_AESCBCENCYPTIONKEY_|_ENCRYPTION_|_CLUSTER_SECRET_|_CLUSTERSECRET_|_CLUSTER_ID_/), value: () => b64(32) },
  { when: word(/_KEY_|_TOKEN_|_SECRET_|_PASS_|_PASSWORD_|_AUTH_|_AUTHKEY_/), value: () => b64(32) },
  { when: word(/_USER_|_USERNAME_/), value: () => 'corpus' },
  { when: word(/_(IP|IP4|IPV4|ADDR|ADDRESS|GATEWAY|VIP|DNS|NTP|NAS|HOST)(_\d+)?_|_SERVER_|_ENDPOINT_/), value: (_c, s) => `192.168.1.${s.next()}` },
  { when: keyIs(/^(address|addresses|gateway|ip|vip|endpoint|nameservers|servers)$/i), value: (_c, s) => `192.168.1.${s.next()}` },
  { when: word(/_HOSTNAME_/), value: (_c, s) => `node-${s.next()}` },
  { when: word(/_NAME_|_CLUSTERNAME_/), value: () => 'corpus' },
  { when: word(/_ID_/), value: () => randomBytes(8).toString('hex') },
];
