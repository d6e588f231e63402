import { isIPv4, isIPv6 } from 'node:net';

/**
 * The JSON Schema formats schemas/talconfig.schema.json uses (standard names only, so editors and ajv-cli know them),
 * implemented with Node's address parsers for the precompiled validator. CIDR fields use a `pattern` (`$defs/cidr`).
 */
export const formats = {
  ipv4: isIPv4,
  ipv6: isIPv6,
};
