import { TalgenError } from '../core/errors.js';
import { GoYamlScalar } from '../emit/goyaml.js';
import { SELF_DECODING, type GoTextEncoding } from './go-decode-rules.js';
import { diskSizeValue, formatGoDuration, parseGoDuration, parseHumanBytes } from './gotypes.js';
import { canonicalAddr, canonicalAddrPort, canonicalPrefix, type NetipResult } from './netip.js';
import { goFormat, type JsonSchema } from './registry.js';

/**
 * What Talos writes back for a value of a self-decoding Go type (SELF_DECODING's `encodes` column): the value as
 * the type's decoder read it, printed by its own encoder. A value the type cannot read is the error Talos reports.
 */

const ENCODING_BY_FIELD = new Map<string, GoTextEncoding>(SELF_DECODING.flatMap((t) => t.fields.map((f) => [f, t.encodes] as [string, GoTextEncoding])));

/** The encoding of a field: a schema `format` (v1alpha1's durations and sizes), else its Go type's row. */
export function encodingOf(s: JsonSchema): GoTextEncoding | undefined {
  const format = goFormat(s);
  if (format) return format === 'go-duration' ? 'duration' : 'disk-size';
  const field = s['x-go'];
  return typeof field === 'string' ? ENCODING_BY_FIELD.get(field) : undefined;
}

function invalid(path: string, want: string, v: unknown, why?: string): TalgenError {
  const got =
    typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'a list' : v !== null && typeof v === 'object' ? 'a mapping' : `${typeof v} ${String(v)}`;
  return new TalgenError(why ?? `expected ${want}, got ${got}`, { path, hint: `use ${want}` });
}

function netip(parse: (s: string) => NetipResult, want: string): (v: unknown, s: JsonSchema, path: string) => unknown {
  return (v, _s, path) => {
    if (typeof v !== 'string') throw invalid(path, want, v);
    const r = parse(v);
    if (!r.ok) throw invalid(path, want, v, r.why);
    return r.text;
  };
}

/** encoding/hex of the text with its colons removed, printed as net.HardwareAddr does. */
function hardwareAddr(v: unknown, _s: JsonSchema, path: string): unknown {
  const want = 'a hardware address like 00:11:22:aa:bb:cc';
  if (typeof v !== 'string') throw invalid(path, want, v);
  const hex = v.replaceAll(':', '');
  const bad = /[^0-9a-fA-F]/.exec(hex);
  if (bad) throw invalid(path, want, v, `encoding/hex: invalid byte: U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${bad[0]}'`);
  if (hex.length % 2 !== 0) throw invalid(path, want, v, 'encoding/hex: odd length hex string');
  return (hex.toLowerCase().match(/../g) ?? []).join(':');
}

/**
 * enumer's lookup: the exact name, else a case-insensitive match; printed with the enum's own spelling (the
 * schema's `enum` list; Talos's enum names are all lower-case, so without a list the lower-cased text).
 */
function enumName(v: unknown, s: JsonSchema): unknown {
  if (typeof v !== 'string') return v;
  if (!Array.isArray(s.enum)) return v.toLowerCase();
  const names = s.enum.filter((n): n is string => typeof n === 'string');
  return names.includes(v) ? v : (names.find((n) => n.toLowerCase() === v.toLowerCase()) ?? v);
}

/** url.Parse lower-cases the scheme; String() prints the rest as it was given (already valid escaping). */
function url(v: unknown): unknown {
  return typeof v === 'string' ? v.replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, (scheme) => scheme.toLowerCase()) : v;
}

function duration(v: unknown, _s: JsonSchema, path: string): unknown {
  if (v instanceof GoYamlScalar) return v;
  // go-yaml decodes durations from strings only (v4 also takes a literal 0, which arrives as its text).
  const ns = typeof v === 'string' ? parseGoDuration(v) : undefined;
  if (ns === undefined) throw invalid(path, 'a Go duration like 30s or 1h30m', v);
  return formatGoDuration(ns);
}

function diskSize(v: unknown, _s: JsonSchema, path: string): unknown {
  if (v instanceof GoYamlScalar) return v;
  const bytes = typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : typeof v === 'string' ? parseHumanBytes(v) : undefined;
  if (bytes === undefined) throw invalid(path, 'a size in bytes or with a unit like 10GB', v);
  return diskSizeValue(bytes);
}

const ENCODERS: Readonly<Record<GoTextEncoding, (v: unknown, s: JsonSchema, path: string) => unknown>> = {
  'as-written': (v) => v,
  addr: netip(canonicalAddr, 'an IP address like 10.0.0.1 or 2001:db8::1'),
  prefix: netip(canonicalPrefix, 'an address with a prefix length like 10.0.0.0/8 or 2001:db8::/32'),
  'addr-port': netip(canonicalAddrPort, 'an address and port like 10.0.0.1:51820 or [2001:db8::1]:51820'),
  'hardware-addr': hardwareAddr,
  'enum-name': enumName,
  url,
  duration,
  'disk-size': diskSize,
};

/** A decoded scalar of a self-decoding type as Talos prints it (`fdf6:d3fd:1748:0030::9/64` → `fdf6:d3fd:1748:30::9/64`). */
export function reencode(encoding: GoTextEncoding, v: unknown, s: JsonSchema, path: string): unknown {
  return ENCODERS[encoding](v, s, path);
}
