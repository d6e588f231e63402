import { parseContract } from '../../src/core/contract.js';
import { GO_INT_FIELDS, type GoTextEncoding } from '../../src/model/go-decode-rules.js';
import { encodingOf } from '../../src/model/go-reencode.js';
import { allDocSchemas, contractBound, isMapSchema, isScalarSchema, isUnstructured, properties, resolve, type JsonSchema } from '../../src/model/registry.js';

/**
 * Patch documents that fill every scalar field of a document kind (as far as the model reaches: structs, lists
 * and maps get one element each) with a valid but non-canonical input, written out from the schema. Talos
 * decodes and re-encodes them; talgen must print the same bytes.
 */

/** A value as raw YAML: a scalar's text exactly as it is written, or a mapping / list of those. */
type Raw = { text: string } | Map<string, Raw> | Raw[];

/** Non-canonical spellings Talos still reads, per re-encoding of a self-decoding type, one per sweep variant. */
const SAMPLES: Readonly<Record<GoTextEncoding, readonly string[]>> = {
  addr: ['2001:DB8:0::0001', 'FE80::0:1%Eth0'],
  prefix: ['2001:0DB8::1/64', '0:0::/0'],
  'addr-port': ['"[2001:DB8::1]:0080"', '10.0.0.1:00080'],
  'hardware-addr': ['AABB:CCDD:EEFF', 'aabbccddeeff0011'],
  'enum-name': [], // the first name of the field's enum, upper-cased (see sample())
  url: ['HTTPS://Example.com/x', 'Tcp://[2001:DB8::1]:514'],
  duration: ['90s', '1.5h'],
  'disk-size': ['100GB', '1.5 gb'],
  'as-written': [], // the type's own syntax, by Go field (AS_WRITTEN)
};

/** Spellings of integers, bools and strings, one per sweep variant. */
const PLAIN: Readonly<Record<'fileMode' | 'int' | 'uint' | 'bool' | 'string', readonly string[]>> = {
  fileMode: ['0644', '0o600'],
  int: ['1_0', '+7'],
  uint: ['0x10', '0o17'],
  bool: ['yes', 'True'],
  string: ['1.10', '"\\u0041 \\x42"'],
};

/** How many sweep variants there are. */
export const SWEEP_VARIANTS = 2;

/** Inputs for the types whose text is kept as written (and which refuse arbitrary text). */
const AS_WRITTEN: Readonly<Record<string, string>> = {
  Match: 'disk.size > 10u * GB',
  OOMCgroupRankingExpression: '1.0',
  OOMTriggerExpression: 'false',
  ProvisioningMinSize: '10GiB',
  ProvisioningMaxSize: '20GiB',
  MinAllocationGroupSizeConfig: '1GiB',
  Size: "'>= 10GB'",
  TLSCA: 'Zm9v',
  NetworkMode: 'host',
  SecurityProfile: 'unconfined',
  Ports: '0x50',
};

/** Enum types without a name list in the model, and a name of each. */
const ENUM_NAMES: Readonly<Record<string, string>> = {
  RouteTable: 'Main',
  RuleTable: 'Main',
  VRFTable: 'Main',
  RuleAction: 'Unicast',
  LVType: 'Linear',
  WakeOnLANConfig: 'Magic',
  Ingress: 'Block',
};

const MAX_DEPTH = 8;

function sample(s: JsonSchema, field: string | undefined, variant: number): Raw | undefined {
  if (s['x-filemode'] === true) return { text: PLAIN.fileMode[variant]! };
  if (s.type === 'integer') return { text: PLAIN[(GO_INT_FIELDS[field ?? ''] ?? 'int').startsWith('u') ? 'uint' : 'int'][variant]! };
  const encoding = encodingOf(field && !s['x-go'] ? { ...s, 'x-go': field } : s);
  if (encoding === 'enum-name') {
    const first = Array.isArray(s.enum) ? s.enum.find((n) => typeof n === 'string') : ENUM_NAMES[field ?? ''];
    return typeof first === 'string' ? { text: first.toUpperCase() } : undefined;
  }
  if (encoding === 'as-written') {
    if (Array.isArray(s.enum) && typeof s.enum[0] === 'string') return { text: s.enum[0] };
    return field && AS_WRITTEN[field] ? { text: AS_WRITTEN[field]! } : undefined;
  }
  if (encoding) return { text: SAMPLES[encoding][variant]! };
  if (s.type === 'boolean') return { text: PLAIN.bool[variant]! };
  if (s['x-bytes'] === true) return { text: 'Zm9v' };
  // A string with names: its enum's first, or its first example (names Talos checks by release, not by schema).
  const named = [s.enum, s.examples].find((names) => Array.isArray(names) && typeof names[0] === 'string') as string[] | undefined;
  if (s.type === 'string') return { text: named ? named[0]! : PLAIN.string[variant]! };
  return undefined;
}

function fill(
  schema: JsonSchema,
  root: JsonSchema,
  contract: ReturnType<typeof parseContract>,
  field: string | undefined,
  depth: number,
  variant: number,
): Raw | undefined {
  const s = resolve(schema, root);
  const goField = (s['x-go'] as string | undefined) ?? field;
  if (depth > MAX_DEPTH) return undefined;
  if (isUnstructured(s)) return new Map([['a', { text: '0x10' }]]);
  if (isScalarSchema(s) || (s.type !== 'array' && !isMapSchema(s) && !properties(s))) return sample(s, goField, variant);
  const props = properties(s);
  if (props) {
    const out = new Map<string, Raw>();
    for (const [k, p] of Object.entries(props)) {
      if (contractBound(p, contract)) continue;
      const v = fill(p, root, contract, undefined, depth + 1, variant);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }
  if (isMapSchema(s)) {
    const v = fill((s.additionalProperties ?? {}) as JsonSchema, root, contract, goField, depth + 1, variant);
    return v === undefined ? undefined : new Map([['k', v]]);
  }
  if (s.type === 'array') {
    const v = fill((s.items ?? {}) as JsonSchema, root, contract, goField, depth + 1, variant);
    return v === undefined ? undefined : [v];
  }
  return undefined;
}

function write(v: Raw, indent: string): string {
  if (Array.isArray(v)) return v.map((x) => `\n${indent}-${x instanceof Map || Array.isArray(x) ? write(x, `${indent}  `) : ` ${x.text}`}`).join('');
  if (v instanceof Map) {
    if (v.size === 0) return ' {}';
    return [...v].map(([k, x]) => `\n${indent}${k}:${x instanceof Map || Array.isArray(x) ? write(x, `${indent}  `) : ` ${x.text}`}`).join('');
  }
  return ` ${v.text}`;
}

export interface SweepDocument {
  kind: string;
  text: string;
}

/** One patch document per kind the contract has, every reachable scalar field filled with the variant's spellings. */
export function sweepDocuments(contractName: string, variant: number): SweepDocument[] {
  const contract = parseContract(contractName);
  const out: SweepDocument[] = [];
  for (const d of allDocSchemas()) {
    if (contractBound(d.root, contract)) continue;
    const v = fill(d.root, d.root, contract, undefined, 0, variant);
    if (!(v instanceof Map)) continue;
    if (d.kind === 'v1alpha1') v.set('version', { text: 'v1alpha1' });
    else {
      v.set('apiVersion', { text: d.apiVersion ?? 'v1alpha1' });
      v.set('kind', { text: d.kind });
      if (d.named) v.set('name', { text: 'sweep' });
    }
    out.push({ kind: d.kind, text: `${write(v, '').slice(1)}\n` });
  }
  return out;
}
