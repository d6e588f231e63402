import { createRequire } from 'node:module';
import type * as Net from 'node:net';

/**
 * Node's `net.isIP`, `isIPv4` and `isIPv6`, with the same answers, without loading `node:net` (and its sockets and
 * streams, ~0.5 ms at start-up) for strings that hold no colon: an IPv4 address is matched here by Node's own
 * grammar (four decimal octets 0–255, no leading zeros, nothing around them), and every IPv6 address has a colon,
 * so only a string with one is handed to Node's IPv6 matcher (which also takes ~3 ms to compile on its first use).
 */

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const IPV4 = new RegExp(`^(?:${OCTET}\\.){3}${OCTET}$`);

let net: typeof Net | undefined;

export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

export function isIPv6(s: string): boolean {
  if (!s.includes(':')) return false;
  net ??= createRequire(import.meta.url)('node:net') as typeof Net;
  return net.isIPv6(s);
}

/** 4 for an IPv4 address, 6 for an IPv6 address, 0 otherwise (as `net.isIP`). */
export function isIP(s: string): 0 | 4 | 6 {
  return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0;
}
