/**
 * Go's `net/netip` text forms, written from the package's documented behaviour: ParseAddr / ParsePrefix /
 * ParseAddrPort accept an address as written, String() prints the one canonical form (IPv6 per RFC 5952:
 * lower-case hex, no leading zeros, the longest run of two or more zero groups as `::`; IPv4-mapped addresses as
 * `::ffff:a.b.c.d`; a zone after `%`). A Prefix keeps its host bits. Each parser returns the canonical text, or
 * the reason Go refuses the input.
 */

export type NetipResult = { ok: true; text: string } | { ok: false; why: string };

interface Addr {
  /** 4 bytes (IPv4) or 16 bytes (IPv6). */
  bytes: number[];
  zone: string;
}

const fail = (why: string): NetipResult => ({ ok: false, why });

function parseIPv4(s: string): number[] | string {
  const fields = s.split('.');
  if (fields.length !== 4) return fields.length < 4 ? 'IPv4 address too short' : 'IPv4 address too long';
  const out: number[] = [];
  for (const f of fields) {
    if (f === '') return 'IPv4 field must have at least one digit';
    if (!/^\d{1,3}$/.test(f)) return /^\d+$/.test(f) ? 'IPv4 field has value >255' : 'unexpected character';
    if (f.length > 1 && f[0] === '0') return 'IPv4 field has octet with leading zero';
    const v = Number(f);
    if (v > 255) return 'IPv4 field has value >255';
    out.push(v);
  }
  return out;
}

function parseIPv6(text: string): Addr | string {
  let s = text;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct >= 0) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') return 'zone must be a non-empty string';
  }
  const bytes: number[] = [];
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
  }
  while (s.length > 0 && bytes.length < 16) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(s);
    if (!m) return 'each colon-separated field must have at least one digit';
    const rest = s.slice(m[0].length);
    if (rest.startsWith('.')) {
      // An embedded IPv4 address ends the address.
      if (ellipsis < 0 && bytes.length !== 12) return 'embedded IPv4 address must replace the final 2 fields of the address';
      if (bytes.length + 4 > 16) return 'too many hex fields to fit an embedded IPv4 at the end of the address';
      const v4 = parseIPv4(s);
      if (typeof v4 === 'string') return v4;
      bytes.push(...v4);
      s = '';
      break;
    }
    if (/^[0-9a-fA-F]/.test(rest)) return 'each colon-separated field must have at most 4 hex digits';
    const v = parseInt(m[0], 16);
    bytes.push(v >> 8, v & 0xff);
    s = rest;
    if (s === '') break;
    if (s[0] !== ':') return 'unexpected character, want colon';
    if (s.length === 1) return 'colon must be followed by more characters';
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return 'multiple :: in address';
      ellipsis = bytes.length;
      s = s.slice(1);
    }
  }
  if (s !== '') return 'trailing garbage after address';
  if (bytes.length < 16) {
    if (ellipsis < 0) return 'address string too short';
    bytes.splice(ellipsis, 0, ...new Array<number>(16 - bytes.length).fill(0));
  } else if (ellipsis >= 0) {
    return 'the :: must expand to at least one field of zeros';
  }
  return { bytes, zone };
}

/** netip.ParseAddr: the address, or Go's reason (without the `ParseAddr("…"):` prefix). */
function parseAddr(s: string): Addr | string {
  for (const c of s) {
    if (c === '.') {
      const v4 = parseIPv4(s);
      return typeof v4 === 'string' ? v4 : { bytes: v4, zone: '' };
    }
    if (c === ':') return parseIPv6(s);
    if (c === '%') return 'missing IPv6 address';
  }
  return 'unable to parse IP';
}

const is4In6 = (a: Addr) => a.bytes.length === 16 && a.bytes.slice(0, 10).every((b) => b === 0) && a.bytes[10] === 0xff && a.bytes[11] === 0xff;

/** Addr.String(). */
function addrString(a: Addr): string {
  const zone = a.zone ? `%${a.zone}` : '';
  if (a.bytes.length === 4) return a.bytes.join('.');
  if (is4In6(a)) return `::ffff:${a.bytes.slice(12).join('.')}${zone}`;
  const groups = Array.from({ length: 8 }, (_, i) => (a.bytes[2 * i]! << 8) | a.bytes[2 * i + 1]!);
  // the longest run of at least two zero groups (the first one on a tie) becomes `::`
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  const text = best < 0 ? hex(0, 8) : `${hex(0, best)}::${hex(best + bestLen, 8)}`;
  return text + zone;
}

/** A key whose string order is netip's `Addr.Compare` (IPv4 before IPv6, then the bytes, then the zone); undefined for no address. */
export function addrSortKey(s: string): string | undefined {
  const a = parseAddr(s);
  if (typeof a === 'string') return undefined;
  return `${a.bytes.length === 4 ? 4 : 6}${a.bytes.map((b) => b.toString(16).padStart(2, '0')).join('')}%${a.zone}`;
}

/** netip.ParseAddr then Addr.String(). */
export function canonicalAddr(s: string): NetipResult {
  const a = parseAddr(s);
  return typeof a === 'string' ? fail(`ParseAddr(${JSON.stringify(s)}): ${a}`) : { ok: true, text: addrString(a) };
}

/** netip.ParsePrefix then Prefix.String() (host bits are kept). */
export function canonicalPrefix(s: string): NetipResult {
  const why = (w: string) => fail(`netip.ParsePrefix(${JSON.stringify(s)}): ${w}`);
  const slash = s.lastIndexOf('/');
  if (slash < 0) return why("no '/'");
  const a = parseAddr(s.slice(0, slash));
  if (typeof a === 'string') return why(`ParseAddr(${JSON.stringify(s.slice(0, slash))}): ${a}`);
  if (a.zone) return why('IPv6 zones cannot be present in a prefix');
  const bits = s.slice(slash + 1);
  if (!/^(0|[1-9]\d*)$/.test(bits))
    return why(bits.length > 1 && !/^[1-9]/.test(bits) ? 'bad bits after slash' : `bad bits after slash: ${JSON.stringify(bits)}`);
  const n = Number(bits);
  if (n > a.bytes.length * 8) return why('prefix length out of range');
  return { ok: true, text: `${addrString(a)}/${n}` };
}

/** netip.ParseAddrPort then AddrPort.String(): `a.b.c.d:port`, `[v6]:port`. */
export function canonicalAddrPort(s: string): NetipResult {
  const why = (w: string) => fail(`invalid ip:port ${JSON.stringify(s)}, ${w}`);
  const colon = s.lastIndexOf(':');
  if (colon < 0) return why('not an ip:port');
  let ip = s.slice(0, colon);
  const port = s.slice(colon + 1);
  if (ip === '') return why('no IP');
  if (port === '') return why('no port');
  const v6 = ip.startsWith('[');
  if (v6) {
    if (ip.length < 2 || !ip.endsWith(']')) return why('bad IPv6 address');
    ip = ip.slice(1, -1);
  }
  const a = parseAddr(ip);
  if (typeof a === 'string') return fail(`ParseAddr(${JSON.stringify(ip)}): ${a}`);
  if (!/^\d+$/.test(port) || Number(port) > 65535) return fail(`invalid port ${JSON.stringify(port)} parsing ${JSON.stringify(s)}`);
  if (v6 && a.bytes.length === 4) return why('square brackets can only be used with IPv6 addresses');
  if (!v6 && a.bytes.length === 16) return why('square brackets required for IPv6');
  const host = a.bytes.length === 4 ? addrString(a) : `[${addrString(a)}]`;
  return { ok: true, text: `${host}:${Number(port)}` };
}
