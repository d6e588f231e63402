#!/usr/bin/env node
// Builds schemas/talos/v1alpha1.schema.json (the legacy `version: v1alpha1` document) from the Go struct
// declarations of siderolabs/talos at the ref of every supported contract (scripts/talos-releases.mjs). Facts from the Go
// source: struct field order, YAML names, omitempty, pointers, merge tags, the contracts each field exists in.
// Everything a human has to say (descriptions, enums, patterns, custom merge keys) comes from
// scripts/v1alpha1-annotations.mjs, written for talgen.
//
// Usage: node scripts/v1alpha1-schema.mjs <talos git dir> [--check]
//   --check: print the differences between contracts (type/omitempty/pointer changes, fields only on main)
//            without writing the schema.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANNOTATIONS, TYPE_ANNOTATIONS } from './v1alpha1-annotations.mjs';
import { RELEASE_REFS, contractOf } from './talos-releases.mjs';

const GIT = process.argv[2];
if (!GIT) throw new Error('usage: v1alpha1-schema.mjs <talos git dir> [--check]');
const CHECK = process.argv.includes('--check');
const TAGS = Object.values(RELEASE_REFS);
const FIRST = contractOf(TAGS[0]);
const LAST = contractOf(TAGS.at(-1));
const git = (...a) => execFileSync('git', ['--git-dir', GIT, ...a], { encoding: 'utf8', maxBuffer: 64 << 20 });

/** Go integer/float/bool/string kinds. */
const BASIC = /^(string|bool|u?int(8|16|32|64)?|float(32|64)|byte)$/;

/** Types that marshal themselves to a YAML scalar; value = JSON Schema fragment (facts: their Marshal/Unmarshal). */
const SELF_MARSHALING = {
  Endpoint: { type: 'string', 'x-scalar': true },
  InstallDiskSizeMatcher: { type: 'string', 'x-scalar': true },
  DiskSize: { type: ['integer', 'string'], 'x-scalar': true, format: 'go-bytes-size' },
  'time.Duration': { type: 'string', 'x-scalar': true, format: 'go-duration' },
  FileMode: { type: 'integer', 'x-filemode': true },
  Base64Bytes: { type: 'string', 'x-bytes': true, contentEncoding: 'base64' },
  InstallDiskType: { type: 'string' },
  Unstructured: { type: 'object', 'x-unstructured': true },
  Args: { type: 'object', 'x-map': true, additionalProperties: { 'x-scalar': true, type: ['string', 'array'], items: { type: 'string' } } },
};
const OCI_MOUNT = [
  ['destination', false, 'string'],
  ['type', true, 'string'],
  ['source', true, 'string'],
  ['options', true, '[]string'],
];
const PEM = {
  PEMEncodedCertificateAndKey: ['crt', 'key'],
  PEMEncodedCertificate: ['crt'],
  PEMEncodedKey: ['key'],
};

/** Structs and named types of the v1alpha1 package (and meta, for v1.14's shared Args/Unstructured) at a tag. */
function parsePackage(tag) {
  const files = git('ls-tree', '-r', '--name-only', tag, 'pkg/machinery/config/types/v1alpha1/')
    .split('\n')
    .filter((f) => /\/v1alpha1_[a-z_]+\.go$/.test(f) && !/_test\.go$|_doc\.go$|_examples\.go$/.test(f));
  const structs = new Map();
  const named = new Map();
  for (const f of files) {
    const src = git('show', `${tag}:${f}`);
    for (const m of src.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
      const fields = [];
      for (const raw of m[2].split('\n')) {
        const line = raw.replace(/\s*\/\/.*$/, '').trim();
        if (!line) continue;
        const withName = /^(\w+)\s+(\S+)\s+`([^`]*)`$/.exec(line);
        const embedded = /^(\*?[\w.]+)(?:\s+`([^`]*)`)?$/.exec(line);
        let goName, type, tags;
        if (withName) [, goName, type, tags] = withName;
        else if (embedded) {
          type = embedded[1];
          tags = embedded[2] ?? '';
          goName = type.replace(/^\*/, '').split('.').pop();
        } else continue;
        const y = /yaml:"([^"]*)"/.exec(tags);
        if (!y) {
          fields.push({ goName, type, embeddedNoTag: true });
          continue;
        }
        const [yaml, ...opts] = y[1].split(',');
        if (yaml === '-') continue;
        fields.push({ goName, type, yaml, omitempty: opts.includes('omitempty'), inline: opts.includes('inline'), merge: /merge:"([^"]*)"/.exec(tags)?.[1] });
      }
      structs.set(m[1], fields);
    }
    for (const m of src.matchAll(/^type (\w+) struct\s*\{\s*\}/gm)) structs.set(m[1], []);
    for (const m of src.matchAll(/^type (\w+) =?\s*(\[\]\*?\w+|map\[[^\]]+\]\S+|[\w.]+)\s*$/gm)) named.set(m[1], m[2]);
  }
  return { structs, named };
}

/**
 * One tag's model: defs by struct name, each an ordered list of
 * [yamlName, {schema (without x-since/until), pointer, omitempty, merge, goName}].
 */
function modelAt(tag) {
  const { structs, named } = parsePackage(tag);
  const defs = new Map();
  const typeSchema = (t) => {
    if (t.startsWith('*')) return typeSchema(t.slice(1));
    const bare = t.replace(/^(x509|meta)\./, '');
    if (SELF_MARSHALING[bare]) return structuredClone(SELF_MARSHALING[bare]);
    if (SELF_MARSHALING[t]) return structuredClone(SELF_MARSHALING[t]);
    if (PEM[bare]) {
      const properties = {};
      for (const k of PEM[bare]) properties[k] = { type: 'string', 'x-omitempty': false, 'x-bytes': true, contentEncoding: 'base64' };
      return { type: 'object', properties, additionalProperties: false };
    }
    if (t === '[]byte') return { type: 'string', 'x-bytes': true };
    if (t.startsWith('[]')) return { type: 'array', items: typeSchema(t.slice(2)) };
    if (t.startsWith('map[')) {
      const value = t.slice(t.indexOf(']') + 1);
      if (value === 'any' || value === 'interface{}') return { type: 'object', 'x-unstructured': true };
      return { type: 'object', 'x-map': true, additionalProperties: typeSchema(value) };
    }
    if (t === 'any' || t === 'interface{}') return { 'x-unstructured': true };
    if (BASIC.test(t)) {
      if (t === 'string') return { type: 'string' };
      if (t === 'bool') return { type: 'boolean' };
      if (t.startsWith('float')) return { type: 'number' };
      return t.startsWith('uint') || t === 'byte' ? { type: 'integer', minimum: 0 } : { type: 'integer' };
    }
    if (structs.has(t)) {
      const fields = structs.get(t);
      if (fields.some((f) => f.embeddedNoTag) && !fields.some((f) => f.yaml !== undefined)) return { type: 'string', 'x-scalar': true };
      if (!defs.has(t)) {
        defs.set(t, null);
        defs.set(t, structFields(t));
      }
      return { $ref: `#/$defs/v1alpha1.${t}` };
    }
    if (named.has(t)) {
      const s = typeSchema(named.get(t));
      s['x-gotype'] = t;
      return s;
    }
    if (t.startsWith('machine.') || t.startsWith('disk.')) return { type: 'string' };
    throw new Error(`${tag}: unknown Go type ${t}`);
  };
  const structFields = (name) => {
    const out = [];
    for (const f of structs.get(name)) {
      if (f.embeddedNoTag) continue;
      if (f.inline && f.type === 'specs.Mount') {
        // Before ExtraMount spelled its fields out it inlined the OCI runtime-spec Mount (same four leading fields).
        out.push(
          ...OCI_MOUNT.map(([yaml, omitempty, type]) => [
            yaml,
            { schema: typeSchema(type), pointer: false, omitempty, goName: yaml[0].toUpperCase() + yaml.slice(1), goType: type },
          ]),
        );
        continue;
      }
      if (f.inline) throw new Error(`${tag}: inline field in ${name}`);
      const schema = typeSchema(f.type);
      out.push([f.yaml, { schema, pointer: f.type.startsWith('*'), omitempty: f.omitempty, merge: f.merge, goName: f.goName, goType: f.type }]);
    }
    return out;
  };
  defs.set('Config', structFields('Config'));
  return defs;
}

const models = TAGS.map((tag) => ({ contract: contractOf(tag), defs: modelAt(tag) }));

// ---- union over contracts ----
/** def -> { order: [yaml], fields: Map(yaml -> {contracts:[], latest: field, omit: Map(contract->bool), pointer: Map}) , contracts:[] } */
const union = new Map();
for (const { contract, defs } of models) {
  for (const [def, fields] of defs) {
    let u = union.get(def);
    if (!u) union.set(def, (u = { order: [], fields: new Map(), contracts: [] }));
    u.contracts.push(contract);
    // newest order wins; fields only older contracts have stay after their predecessor
    const newOrder = fields.map(([k]) => k);
    for (const [i, k] of u.order.entries()) {
      if (newOrder.includes(k)) continue;
      const prev = u.order[i - 1];
      newOrder.splice(prev === undefined ? 0 : newOrder.indexOf(prev) + 1, 0, k);
    }
    u.order = newOrder;
    for (const [k, f] of fields) {
      let e = u.fields.get(k);
      if (!e) u.fields.set(k, (e = { contracts: [], omit: new Map(), pointer: new Map(), types: new Map() }));
      e.contracts.push(contract);
      e.latest = f;
      e.omit.set(contract, f.omitempty);
      e.pointer.set(contract, f.pointer);
      e.types.set(contract, f.goType);
    }
  }
}

if (CHECK) {
  for (const [def, u] of union) {
    for (const [k, e] of u.fields) {
      const types = new Set(e.types.values());
      const omits = new Set(e.omit.values());
      const ptrs = new Set(e.pointer.values());
      if (types.size > 1) console.log(`${def}.${k}: type ${[...e.types].map(([c, t]) => `${c}=${t}`).join(' ')}`);
      if (omits.size > 1) console.log(`${def}.${k}: omitempty ${[...e.omit].map(([c, t]) => `${c}=${t}`).join(' ')}`);
      if (ptrs.size > 1) console.log(`${def}.${k}: pointer ${[...e.pointer].map(([c, t]) => `${c}=${t}`).join(' ')}`);
    }
  }
  const main = modelAt('main');
  for (const [def, fields] of main) {
    const u = union.get(def);
    for (const [k] of fields) if (!u?.fields.has(k)) console.log(`main only: ${def}.${k}`);
  }
  for (const [def, u] of union) {
    for (const [k, e] of u.fields) if (e.contracts.at(-1) === LAST && !main.get(def)?.some(([x]) => x === k)) console.log(`removed on main: ${def}.${k}`);
  }
  process.exit(0);
}

const defName = (d) => `v1alpha1.${d}`;
const used = new Set();

function annotate(def, key, p) {
  const a = ANNOTATIONS[`${def}.${key}`];
  if (!a) throw new Error(`no description for ${def}.${key} (add it to scripts/v1alpha1-annotations.mjs)`);
  used.add(`${def}.${key}`);
  const { description, items, values, ...rest } = typeof a === 'string' ? { description: a } : a;
  if (items) Object.assign(p.items, items);
  if (values) Object.assign(p.additionalProperties, values);
  Object.assign(p, rest);
  return description;
}

function property(def, key, e, defContracts) {
  const f = e.latest;
  const p = structuredClone(f.schema);
  const description = annotate(def, key, p);
  const out = { description, ...p };
  if (!f.omitempty) out['x-omitempty'] = false;
  // omitempty added in a later contract (cluster.controlPlane in v1.14)
  const omitFrom = [...e.omit].find(([, o]) => o)?.[0];
  if (f.omitempty && omitFrom !== e.contracts[0]) out['x-omitempty-since'] = omitFrom;
  if ([...e.omit.values()].some((o, i, all) => i > 0 && all[i - 1] && !o)) throw new Error(`${def}.${key}: omitempty removed`);
  if (f.pointer) out['x-pointer'] = true;
  if (f.merge === 'replace') out['x-merge'] = 'replace';
  const gt = f.schema['x-gotype'] ?? out.items?.['x-gotype'];
  if (gt && TYPE_ANNOTATIONS[gt]) Object.assign(out, TYPE_ANNOTATIONS[gt]);
  delete out['x-gotype'];
  if (out.items) delete out.items['x-gotype'];
  out['x-go'] = f.goName;
  if (e.contracts[0] !== defContracts[0]) out['x-since'] = e.contracts[0];
  if (e.contracts.at(-1) !== defContracts.at(-1)) out['x-until'] = e.contracts.at(-1);
  if (
    e.contracts.length !== TAGS.length &&
    e.contracts.length !== 1 + TAGS.findIndex((t) => contractOf(t) === e.contracts.at(-1)) - TAGS.findIndex((t) => contractOf(t) === e.contracts[0])
  ) {
    throw new Error(`${def}.${key}: not a contiguous contract range (${e.contracts.join(',')})`);
  }
  return out;
}

function structSchema(def) {
  const u = union.get(def);
  const properties = {};
  for (const k of u.order) properties[k] = property(def, k, u.fields.get(k), u.contracts);
  return { type: 'object', properties, additionalProperties: false };
}

const root = structSchema('Config');
const $defs = {};
for (const def of [...union.keys()].sort()) {
  if (def === 'Config') continue;
  const s = structSchema(def);
  const da = ANNOTATIONS[def];
  if (!da) throw new Error(`no description for struct ${def}`);
  used.add(def);
  $defs[defName(def)] = {
    description: da,
    ...s,
    ...(union.get(def).contracts[0] !== FIRST ? { 'x-since': union.get(def).contracts[0] } : {}),
    ...(union.get(def).contracts.at(-1) !== LAST ? { 'x-until': union.get(def).contracts.at(-1) } : {}),
  };
}
used.add('Config');
const unused = Object.keys(ANNOTATIONS).filter((k) => !used.has(k));
if (unused.length) throw new Error(`annotations for fields that do not exist: ${unused.join(', ')}`);

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://talgen.dev/schemas/talos/v1alpha1.schema.json',
  title: 'Talos v1alpha1 machine configuration',
  description: ANNOTATIONS.Config,
  'x-kind': 'v1alpha1',
  'x-since': FIRST,
  ...root,
  $defs,
};
const file = join(process.cwd(), 'schemas', 'talos', 'v1alpha1.schema.json');
writeFileSync(file, `${JSON.stringify(schema, null, 1)}\n`);
let count = 0;
const countProps = (s) => Object.keys(s.properties ?? {}).length;
count += countProps(schema);
for (const d of Object.values($defs)) count += countProps(d);
process.stdout.write(`wrote ${file}: ${Object.keys($defs).length} structs, ${count} fields\n`);
