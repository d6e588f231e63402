#!/usr/bin/env node
// Derives talgen's Talos document model (schemas/talos/*.schema.json) from the Go type definitions of
// siderolabs/talos: for every document kind the struct fields in declaration order, their YAML names,
// omitempty, pointer-ness, merge tags and the contracts that have them. Only facts (names, order, tags)
// are taken; the schemas are talgen's own format (see ARCHITECTURE.md).
// Usage: node scripts/talos-schemas.mjs <bare git dir of siderolabs/talos>
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RELEASE_REFS, contractOf } from './talos-releases.mjs';

const GIT = process.argv[2];
if (!GIT) throw new Error('usage: talos-schemas.mjs <talos git dir>');
const TAGS = Object.values(RELEASE_REFS);
const git = (...a) => execFileSync('git', ['--git-dir', GIT, ...a], { encoding: 'utf8', maxBuffer: 64 << 20 });

/** Behaviour of Talos custom Merge implementations and special types (facts from the Go source). */
const MERGE_KEYS = {
  NetworkDeviceList: ['interface', 'deviceSelector'],
  VlanList: ['vlanId'],
  AdmissionPluginConfigList: ['name'],
  ConfigFileList: ['mountPath'],
  AuthorizationConfigAuthorizerConfigList: ['type', 'name'],
};
const SCALAR_TYPES = new Set([
  'string',
  'bool',
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float32',
  'float64',
  'byte',
]);

function scalarSchema(t) {
  if (t === 'string') return { type: 'string' };
  if (t === 'bool') return { type: 'boolean' };
  if (t.startsWith('float')) return { type: 'number' };
  return { type: 'integer' };
}

/** Parse every struct and named type of the config type packages at a tag. */
function parseTag(tag) {
  const files = git('ls-tree', '-r', '--name-only', tag, 'pkg/machinery/config/types/')
    .split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.includes('/testdata/') && !f.includes('_doc.go') && !f.includes('deep_copy'));
  const structs = new Map(); // name -> {pkg, fields}
  const named = new Map(); // name -> go type expr
  const kinds = new Map(); // kind -> struct name
  for (const f of files) {
    const src = git('show', `${tag}:${f}`);
    const pkg = f.split('/').slice(-2, -1)[0];
    const consts = new Map();
    for (const m of src.matchAll(/^\s*(?:const\s+)?(\w+)\s*=\s*"([A-Za-z0-9]+)"/gm)) consts.set(m[1], m[2]);
    for (const m of src.matchAll(/registry\.Register\(\s*(\w+|"\w+")\s*,\s*func[\s\S]*?&(\w+)\{\}/g)) {
      const k = m[1].startsWith('"') ? m[1].slice(1, -1) : consts.get(m[1]);
      if (k) kinds.set(k, `${pkg}.${m[2]}`);
    }
    for (const m of src.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
      const fields = [];
      for (const raw of m[2].split('\n')) {
        const line = raw.replace(/\/\/.*$/, '').trim();
        if (!line) continue;
        const fm = /^(\w+)?\s*([*[\]\w.{}]+(?:\[[\w.]+\][*\w.]+)?)\s+`([^`]*)`$/.exec(line) || /^(\w+)\s+([^`]+?)\s+`([^`]*)`$/.exec(line);
        if (!fm) continue;
        const tags = fm[3];
        const y = /yaml:"([^"]*)"/.exec(tags);
        if (!y) continue;
        const [yname, ...opts] = y[1].split(',');
        if (yname === '-') continue;
        const merge = /merge:"([^"]*)"/.exec(tags)?.[1];
        let goName = fm[1];
        let type = fm[2];
        if (!fm[1] || (/^[*\w.]+$/.test(line.split(/\s+/)[0]) && line.split(/\s+/)[1]?.startsWith('`'))) {
          // embedded: `meta.Meta \`yaml:",inline"\``
          type = line.split(/\s+/)[0];
          goName = type.replace(/^\*/, '').split('.').pop();
        }
        fields.push({ goName, type: type.trim(), yaml: yname, omitempty: opts.includes('omitempty'), inline: opts.includes('inline'), merge });
      }
      structs.set(`${pkg}.${m[1]}`, { pkg, fields });
    }
    for (const m of src.matchAll(/^type (\w+) =?\s*([^\s{][^\n]*)$/gm)) {
      if (!m[2].startsWith('struct') && !m[2].startsWith('interface')) named.set(`${pkg}.${m[1]}`, m[2].trim());
    }
  }
  return { structs, named, kinds };
}

function buildModel(parsed, rootStruct, defs) {
  const { structs, named } = parsed;
  const typeSchema = (t, pkg, seenNamed = new Set()) => {
    let pointer = false;
    if (t.startsWith('*')) {
      pointer = true;
      t = t.slice(1);
    }
    const base = t.split('.').pop();
    const qual = t.includes('.') ? `${t.split('.')[0].replace(/^\*/, '')}.${base}` : `${pkg}.${base}`;
    let s;
    if (t === '[]byte') s = { type: 'string', 'x-bytes': true };
    else if (t.startsWith('[]')) {
      s = { type: 'array', items: typeSchema(t.slice(2), pkg, seenNamed).schema };
    } else if (t.startsWith('map[')) {
      const v = t.slice(t.indexOf(']') + 1);
      s = { type: 'object', 'x-map': true, additionalProperties: typeSchema(v, pkg, seenNamed).schema };
    } else if (SCALAR_TYPES.has(t)) s = scalarSchema(t);
    else if (t === 'any' || t === 'interface{}') s = { 'x-unstructured': true };
    else if (base === 'Unstructured') s = { type: 'object', 'x-unstructured': true };
    else if (base === 'PEMEncodedCertificateAndKey') {
      s = {
        type: 'object',
        properties: { crt: { type: 'string', 'x-omitempty': false, 'x-bytes': true }, key: { type: 'string', 'x-omitempty': false, 'x-bytes': true } },
        additionalProperties: false,
      };
    } else if (base === 'PEMEncodedCertificate') {
      s = { type: 'object', properties: { crt: { type: 'string', 'x-omitempty': false, 'x-bytes': true } }, additionalProperties: false };
    } else if (base === 'PEMEncodedKey') {
      s = { type: 'object', properties: { key: { type: 'string', 'x-omitempty': false, 'x-bytes': true } }, additionalProperties: false };
    } else if (base === 'FileMode') s = { type: 'integer', 'x-filemode': true };
    else if (base === 'Args') s = { type: 'object', 'x-map': true, additionalProperties: { 'x-scalar': true } };
    else if (structs.has(qual) && base !== 'Meta' && structs.get(qual).fields.length === 0) {
      // A struct without YAML fields marshals itself (Endpoint, URL, Prefix…): a scalar in YAML.
      s = { 'x-scalar': true };
    } else if (structs.has(qual) && base !== 'Meta') {
      if (!defs[qual]) {
        defs[qual] = {};
        defs[qual] = structSchema(qual);
      }
      s = { $ref: `#/$defs/${qual}` };
    } else if (named.has(qual) && !seenNamed.has(qual)) {
      const target = named.get(qual);
      const inner = typeSchema(target, qual.split('.')[0], new Set([...seenNamed, qual])).schema;
      s = { ...inner };
      if (MERGE_KEYS[base]) s['x-merge-key'] = MERGE_KEYS[base];
    } else {
      // Types with their own text marshaling (URLs, prefixes, durations, sizes, enums, CEL expressions…).
      s = { 'x-scalar': true };
    }
    return { schema: s, pointer };
  };
  const structSchema = (name) => {
    const st = structs.get(name);
    const pkg = st.pkg;
    const properties = {};
    for (const f of st.fields) {
      if (f.inline) {
        const t = f.type.replace(/^\*/, '');
        const base = t.split('.').pop();
        const q = t.includes('.') ? `${t.split('.')[0]}.${base}` : `${pkg}.${base}`;
        if (base === 'Meta') {
          properties.apiVersion = { type: 'string', 'x-omitempty': true };
          properties.kind = { type: 'string', 'x-omitempty': false };
          continue;
        }
        const inner = structs.get(q);
        if (inner) {
          const sub = structSchema(q);
          Object.assign(properties, sub.properties);
        }
        continue;
      }
      const { schema, pointer } = typeSchema(f.type, pkg);
      const p = { ...schema };
      if (!f.omitempty) p['x-omitempty'] = false;
      if (pointer) p['x-pointer'] = true;
      if (f.merge === 'replace') p['x-merge'] = 'replace';
      p['x-go'] = f.goName;
      properties[f.yaml] = p;
    }
    return { type: 'object', properties, additionalProperties: false };
  };
  return structSchema(rootStruct);
}

/** Union of two struct schemas: newer order first, fields only the older one has inserted after their predecessor. */
function unionProps(newer, older, contract) {
  for (const [k, p] of Object.entries(newer)) {
    const o = older[k];
    if (!o) continue;
    const oldOmit = o['x-omitempty'] !== false;
    const newOmit = p['x-omitempty'] !== false;
    if (!oldOmit && newOmit) p['x-omitempty-since'] = o['x-omitempty-since'] ?? contract;
    else if (o['x-omitempty-since']) p['x-omitempty-since'] = o['x-omitempty-since'];
  }
  const keys = Object.keys(newer);
  for (const [i, k] of Object.keys(older).entries()) {
    if (keys.includes(k)) continue;
    const prev = Object.keys(older)[i - 1];
    const at = prev ? keys.indexOf(prev) + 1 : 0;
    keys.splice(at, 0, k);
  }
  const out = {};
  for (const k of keys) out[k] = newer[k] ?? older[k];
  return out;
}

const perTag = TAGS.map((t) => ({ tag: t, parsed: parseTag(t) }));
const out = new Map(); // kind -> schema
const since = new Map();
const fieldSeen = new Map(); // kind -> Map(path -> [first, last])

for (const { tag, parsed } of perTag) {
  const entries = [['v1alpha1', 'v1alpha1.Config'], ...parsed.kinds];
  for (const [kind, struct] of entries) {
    if (!parsed.structs.has(struct)) continue;
    if (!since.has(kind)) since.set(kind, contractOf(tag));
    const defs = {};
    const root = buildModel(parsed, struct, defs);
    const prev = out.get(kind);
    if (!prev) out.set(kind, { root, defs });
    else {
      prev.root.properties = unionProps(root.properties, prev.root.properties, contractOf(tag));
      for (const [d, s] of Object.entries(defs)) {
        prev.defs[d] = prev.defs[d] ? { ...s, properties: unionProps(s.properties, prev.defs[d].properties, contractOf(tag)) } : s;
      }
    }
    // contract ranges of top-level and nested fields
    const seen = fieldSeen.get(kind) ?? new Map();
    const walk = (props, prefix, defsLocal, depth) => {
      if (depth > 6) return;
      for (const [k, p] of Object.entries(props)) {
        const path = prefix ? `${prefix}.${k}` : k;
        const r = seen.get(path) ?? [contractOf(tag), contractOf(tag)];
        r[1] = contractOf(tag);
        seen.set(path, r);
        const ref = p.$ref ?? p.items?.$ref;
        if (ref) walk(defsLocal[ref.split('/').pop()].properties, path, defsLocal, depth + 1);
      }
    };
    walk(root.properties, '', defs, 0);
    fieldSeen.set(kind, seen);
  }
}

const LAST = contractOf(TAGS[TAGS.length - 1]);
const dir = join(process.cwd(), 'schemas', 'talos');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
for (const [kind, { root, defs }] of out) {
  // annotate contract ranges on top-level properties and on $defs used once
  const seen = fieldSeen.get(kind);
  for (const [k, p] of Object.entries(root.properties)) {
    const r = seen.get(k);
    if (r && r[0] !== since.get(kind)) p['x-since'] = r[0];
    if (r && r[1] !== LAST) p['x-until'] = r[1];
  }
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://talgen.dev/schemas/talos/${kind}.schema.json`,
    title: kind === 'v1alpha1' ? 'Talos v1alpha1 machine configuration' : `Talos ${kind} document`,
    'x-kind': kind,
    ...(kind === 'v1alpha1' ? {} : { 'x-apiVersion': 'v1alpha1' }),
    ...(kind !== 'v1alpha1' && root.properties.name ? { 'x-named': true } : {}),
    'x-since': since.get(kind),
    ...root,
    $defs: defs,
  };
  writeFileSync(join(dir, `${kind}.schema.json`), `${JSON.stringify(schema, null, 1)}\n`);
}
process.stdout.write(`wrote ${out.size} document schemas to schemas/talos/\n`);
