import { isIP } from 'node:net';

/** `10.0.0.0/8`, `fd00::/64` — address plus prefix length in range. */
export function isCIDR(text: string): boolean {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return false;
  const addr = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  const family = isIP(addr);
  if (!family || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** An address with or without prefix (Talos accepts both in `addresses`). */
export function isAddressOrCIDR(text: string): boolean {
  return isIP(text) !== 0 || isCIDR(text);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i;

/** DNS domain name as Kubernetes/Talos accept for `dnsDomain`. */
export function isDNSDomain(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  return text.split('.').every((l) => l.length <= 63 && DNS_LABEL.test(l));
}

export function isURL(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol.length > 1;
  } catch {
    return false;
  }
}
