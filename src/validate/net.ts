import { isIP } from '../core/ip.js';

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

/** A subnet or address, optionally negated with a leading `!` (Talos trims it, then `ParseSubnetOrAddress`). */
export function isSubnetFilter(text: string): boolean {
  const s = text.replace(/^!/, '');
  return isCIDR(s) || isIP(s) !== 0;
}

/** `10.0.0.1:51820` or `[fd00::1]:51820` (Go netip.ParseAddrPort). */
export function isAddrPort(text: string): boolean {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  if (!m || Number(m[3]) > 65535) return false;
  return m[1] !== undefined ? isIP(m[1]) === 6 : isIP(m[2]!) === 4;
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
