import { isIP } from 'node:net';

/** Formats of schemas/talconfig.schema.json beyond JSON Schema's own (used by the precompiled validator). */
export function isCIDR(s: string): boolean {
  const [addr, bits, ...rest] = s.split('/');
  if (rest.length || addr === undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const fam = isIP(addr);
  return fam !== 0 && Number(bits) <= (fam === 4 ? 32 : 128);
}

export const formats = {
  ip: (s: string) => isIP(s) !== 0,
  cidr: isCIDR,
};
