import { isIPv4, isIPv6 } from '../core/ip.js';

/**
 * The JSON Schema formats schemas/talconfig.schema.json uses (standard names only, so editors and ajv-cli know them),
 * implemented with Node's address grammar (`core/ip.ts`) for the precompiled validator. CIDR fields use a `pattern`
 * (`$defs/cidr`).
 */
export const formats = {
  ipv4: isIPv4,
  ipv6: isIPv6,
};
