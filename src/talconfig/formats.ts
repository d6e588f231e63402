import { isIPv4, isIPv6 } from 'node:net';

/**
 * The JSON Schema formats schemas/talconfig.schema.json uses (standard names only, so editors and ajv-cli know them),
 * implemented with Node's address parsers for the precompiled validator. CIDR fields use a `pattern` (`$defs/cidr`).
 */
export const formats = {
  ipv4: isIPv4,
  // Every IPv6 address has a colon; the check spares the rest of the strings (all of them, in IPv4-only repos) Node's
  // IPv6 matcher, which takes ~3 ms to compile on its first use.
  ipv6: (s: string) => s.includes(':') && isIPv6(s),
};
