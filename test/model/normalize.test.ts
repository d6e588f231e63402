import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { normalizeDocument } from '../../src/model/normalize.js';
import { checkDocument } from '../../src/model/decode.js';
import {
  allDocSchemas,
  docSchemaFor,
  propertySchema,
  resolve,
  isMapSchema,
  isUnstructured,
  isStruct,
  isPointer,
  omitEmpty,
  type JsonSchema,
} from '../../src/model/registry.js';
import { diskSizeValue, formatGoDuration, formatHumanBytes, parseGoDuration, parseHumanBytes } from '../../src/model/gotypes.js';
import { encodeDocuments } from '../../src/emit/goyaml.js';
import { TalgenError } from '../../src/core/errors.js';
import { conformanceFile, needConformance, ROOT } from '../helpers/shared.js';
import { HIDDEN_V1ALPHA1_FIELDS } from '../helpers/hidden-fields.js';
import { errorOf } from '../helpers/errors.js';
import { seededRandom } from '../helpers/random.js';

type Obj = Record<string, unknown>;
const V13 = { major: 1, minor: 13 };

/** Deterministic Fisher–Yates shuffle of every mapping's keys (lists keep their order: it is data). */
function shuffleKeys(v: unknown, next = seededRandom(7)): unknown {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, next));
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  return Object.fromEntries(keys.map((k) => [k, shuffleKeys((v as Obj)[k], next)]));
}

/** The key order of every mapping, with Go maps marked (their order is the encoder's business). */
function shape(v: unknown): unknown {
  if (v instanceof Map) return { '<map>': [...v.keys()].sort().map((k) => [k, shape(v.get(k))]) };
  if (Array.isArray(v)) return v.map(shape);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, shape(x)]);
  return v;
}

function firstDoc(file: string): Obj {
  return parseAllDocuments(readFileSync(file, 'utf8'))[0]!.toJS() as Obj;
}

const errorText = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof TalgenError) return e.format();
    throw e;
  }
  throw new Error('expected a TalgenError');
};

test('registry: every schemas/talos/*.schema.json is loaded once, v1alpha1 is found by its top-level keys', () => {
  const files = readdirSync(join(ROOT, 'schemas', 'talos')).filter((f) => f.endsWith('.schema.json'));
  const all = allDocSchemas();
  assert.is(all.length, files.length);
  assert.is(allDocSchemas()[0]!.root, all[0]!.root, 'cached');
  for (const d of [{ machine: {} }, { cluster: {} }, { version: 'v1alpha1' }, { debug: true }, { persist: true }]) {
    assert.is(docSchemaFor(d)?.kind, 'v1alpha1', JSON.stringify(d));
  }
  assert.is(docSchemaFor({}), undefined);
  assert.is(docSchemaFor({ foo: 1 }), undefined);
  const v1 = all.find((d) => d.kind === 'v1alpha1')!;
  assert.is(v1.file, 'v1alpha1.schema.json');
  assert.is(v1.named, false);
  assert.is(v1.since, 'v1.3');
  assert.is(v1.until, undefined);
});

test('registry helpers: $ref resolution and field traits of the v1alpha1 schema', () => {
  const { root } = docSchemaFor({ machine: {} })!;
  const machine = propertySchema(root, 'machine', root)!;
  assert.ok(isStruct(machine));
  const kubelet = propertySchema(machine, 'kubelet', root)!;
  assert.ok(isStruct(kubelet) && isPointer((resolve(machine, root).properties as Obj).kubelet as JsonSchema));
  assert.ok(isMapSchema(propertySchema(machine, 'nodeLabels', root)!));
  assert.ok(isUnstructured(propertySchema(kubelet, 'extraConfig', root)!));
  assert.not.ok(omitEmpty((resolve(machine, root).properties as Obj).certSANs as JsonSchema));
  assert.ok(omitEmpty((resolve(machine, root).properties as Obj).pods as JsonSchema));
  const cluster = resolve(propertySchema(root, 'cluster', root)!, root);
  assert.not.ok(omitEmpty((cluster.properties as Obj).controlPlane as JsonSchema, V13), 'controlPlane: no omitempty in v1.13');
  assert.ok(omitEmpty((cluster.properties as Obj).controlPlane as JsonSchema, { major: 1, minor: 14 }), 'omitempty from v1.14');
  const network = propertySchema(machine, 'network', root)!;
  assert.equal(
    (resolve(network, root).properties as Obj).interfaces && (resolve(network, root).properties as Record<string, JsonSchema>).interfaces!['x-merge-key'],
    ['interface', 'deviceSelector'],
  );
  const apiServer = propertySchema(cluster, 'apiServer', root)!;
  const api = resolve(apiServer, root).properties as Record<string, JsonSchema>;
  assert.equal(api.admissionControl!['x-merge-key'], ['name']);
  assert.is(api.authorizationConfig!['x-merge-key'], undefined, 'Talos has no custom merge for authorizers: the list appends');
  assert.is(api.auditPolicy!['x-merge'], 'replace');
  assert.is(propertySchema(machine, 'nosuchfield', root), undefined);
});

test('schema: every v1alpha1 field has a description and valid contract bounds', () => {
  const { root } = docSchemaFor({ machine: {} })!;
  const structs: [string, JsonSchema][] = [['Config', root], ...Object.entries(root.$defs as Record<string, JsonSchema>)];
  let fields = 0;
  for (const [name, s] of structs) {
    assert.type(s.description, 'string', name);
    for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) {
      fields++;
      assert.type(p.description, 'string', `${name}.${k}`);
      assert.ok((p.description as string).length < 120, `${name}.${k}: short description`);
      for (const b of ['x-since', 'x-until']) if (b in p) assert.match(String(p[b]), /^v1\.([3-9]|1[0-5])$/, `${name}.${k} ${b}`);
    }
  }
  assert.ok(fields >= 340, `${fields} fields`);
});

if (needConformance("the model against Talos's published schemas")) {
  const official = (ver: string) => JSON.parse(readFileSync(conformanceFile('talos', 'schemas', `config.schema.${ver}.json`), 'utf8')) as JsonSchema;

  /** Dotted property paths of a struct schema, lists and maps looked through, $refs followed. */
  function paths(s: JsonSchema, root: JsonSchema, prefix: string, out: Set<string>, seen: string[] = []): Set<string> {
    let r = s;
    while (typeof r.$ref === 'string') {
      const name = (r.$ref as string).split('/').pop()!;
      if (seen.includes(name)) return out;
      seen = [...seen, name];
      r = (root.$defs as Record<string, JsonSchema>)[name]!;
    }
    if (r.items) paths(r.items as JsonSchema, root, prefix, out, seen);
    if (r.additionalProperties && typeof r.additionalProperties === 'object') paths(r.additionalProperties as JsonSchema, root, `${prefix}.*`, out, seen);
    for (const [k, p] of Object.entries((r.properties ?? {}) as Record<string, JsonSchema>)) {
      const path = prefix ? `${prefix}.${k}` : k;
      out.add(path);
      paths(p, root, path, out, seen);
    }
    return out;
  }

  test("coverage: every field of the official v1.13.9 / v1.14 v1alpha1 Config is in talgen's model, and every talgen field is in an official schema v1.11–v1.14 or hidden by Talos", () => {
    const { root } = docSchemaFor({ machine: {} })!;
    const ours = paths(root, root, '', new Set());
    const union = new Set<string>();
    for (const ver of ['v1.11.6', 'v1.12.11', 'v1.13.9', 'v1.14.0-rc.1']) {
      const theirs = paths({ $ref: '#/$defs/v1alpha1.Config' }, official(ver), '', new Set());
      assert.ok(theirs.size > 30, `${ver}: ${theirs.size} paths`);
      if (ver === 'v1.13.9' || ver === 'v1.14.0-rc.1')
        assert.equal(
          [...theirs].filter((p) => !ours.has(p)),
          [],
          `${ver}: fields missing from talgen`,
        );
      for (const p of theirs) union.add(p);
    }
    // Talos's schemas do not describe Go map values (registries mirrors/config): those paths are checked above only one way.
    const extra = [...ours].filter((p) => !union.has(p) && !p.includes('.*'));
    assert.equal(
      extra.filter((p) => !HIDDEN_V1ALPHA1_FIELDS.some((re) => re.test(p))),
      [],
      'talgen fields Talos does not have',
    );
    for (const re of HIDDEN_V1ALPHA1_FIELDS)
      assert.ok(
        extra.some((p) => re.test(p)),
        `${re} is really hidden`,
      );
  });

  test('overrides-controlplane (v1.13): shuffled keys come back in struct order, Go maps as Maps, bytes identical', () => {
    const file = conformanceFile('talos', 'stability', 'v1.13', 'overrides-controlplane.yaml');
    const original = firstDoc(file);
    const out = normalizeDocument(shuffleKeys(original), V13) as Obj;
    const ordered = normalizeDocument(original, V13);
    assert.equal(shape(out), shape(ordered));
    assert.equal(Object.keys(out), Object.keys(original));
    const m = out.machine as Obj;
    const c = out.cluster as Obj;
    assert.equal(Object.keys(m), Object.keys(original.machine as Obj));
    assert.equal(Object.keys(c), Object.keys(original.cluster as Obj));
    assert.ok(m.nodeLabels instanceof Map, 'nodeLabels is a Go map');
    assert.ok(m.sysctls instanceof Map, 'sysctls is a Go map');
    const admission = (c.apiServer as Obj).admissionControl as Obj[];
    assert.ok(admission[0]!.configuration instanceof Map, 'Unstructured configuration is a Map');
    assert.ok((admission[0]!.configuration as Map<string, unknown>).get('defaults') instanceof Map, 'recursively');
    assert.equal(Object.keys(((m.kubelet as Obj).extraMounts as Obj[])[0]!), ['destination', 'type', 'source', 'options']);
    // the first document re-encodes to the file's first document
    const text = readFileSync(file, 'utf8');
    const firstText = text.split(/^---\n/m)[0]!;
    assert.fixture(encodeDocuments([out], { indent: 4 }), firstText);
  });

  test('stability files of contracts v1.3–v1.13: first (v1alpha1) document parses, normalizes and encodes byte for byte', () => {
    let n = 0;
    for (let minor = 3; minor <= 13; minor++) {
      const dir = conformanceFile('talos', 'stability', `v1.${minor}`);
      for (const f of readdirSync(dir)
        .filter((x) => x.endsWith('.yaml'))
        .sort()) {
        const text = readFileSync(join(dir, f), 'utf8');
        const docs = parseAllDocuments(text).map((d) => d.toJS() as Obj);
        const v1 = normalizeDocument(shuffleKeys(docs[0]), { major: 1, minor });
        const firstText = text.split(/^---\n/m)[0]!;
        assert.fixture(encodeDocuments([v1], { indent: 4 }), firstText, `v1.${minor}/${f}`);
        // the other documents too, where their kind's schema exists
        const rest = docs.slice(1).filter((d) => docSchemaFor(d));
        if (rest.length === docs.length - 1)
          assert.fixture(
            encodeDocuments([v1, ...rest.map((d) => normalizeDocument(d, { major: 1, minor }))], { indent: 4 }),
            text,
            `v1.${minor}/${f} (all documents)`,
          );
        n++;
      }
    }
    assert.is(n, 44, `${n} files`);
  });
}

test('strict decoding: unknown fields name the path and suggest the sibling, type mismatches name the expected type', () => {
  const doc = (machine: Obj) => ({ version: 'v1alpha1', machine });
  assert.match(
    errorText(() => normalizeDocument(doc({ kubelet: { imgae: 'x' } }), V13)),
    /^machine\.kubelet\.imgae: unknown field\n {2}hint: did you mean "image"\?$/,
  );
  assert.match(
    errorText(() => normalizeDocument(doc({ network: { interfaces: [{ interface: 'eth0', adresses: [] }] } }), V13)),
    /^machine\.network\.interfaces\[0\]\.adresses: unknown field\n {2}hint: did you mean "addresses"\?/,
  );
  assert.match(
    errorText(() => normalizeDocument({ version: 'v1alpha1', clustr: {} }, V13)),
    /^clustr: unknown field\n {2}hint: did you mean "cluster"\?/,
  );
  assert.match(
    errorText(() => normalizeDocument(doc({ zzzzzz: 1 }), V13)),
    /^machine\.zzzzzz: unknown field\n {2}hint: known fields: type, token, ca/,
  );
  assert.match(
    errorText(() => normalizeDocument(doc({ certSANs: 'a' }), V13)),
    /^machine\.certSANs: expected a list, got a string/,
  );
  assert.match(
    errorText(() => normalizeDocument(doc({ kubelet: [] }), V13)),
    /^machine\.kubelet: expected a mapping, got a list/,
  );
  assert.match(
    errorText(() => normalizeDocument(doc({ network: { interfaces: [{ mtu: 'big' }] } }), V13)),
    /^machine\.network\.interfaces\[0\]\.mtu: expected an integer/,
  );
  assert.match(
    errorText(() => normalizeDocument(doc({ features: { rbac: 'yes' } }), V13)),
    /^machine\.features\.rbac: expected true or false/,
  );
});

test('InstallDiskType: up to v1.8 it is parsed case-insensitively and printed lower-case, from v1.9 on kept as written', () => {
  const doc = { version: 'v1alpha1', machine: { type: 'worker', install: { diskSelector: { type: 'HDD' } } } };
  const typeIn = (minor: number) => (((normalizeDocument(doc, { major: 1, minor }) as Obj).machine as Obj).install as { diskSelector: Obj }).diskSelector.type;
  assert.equal([typeIn(5), typeIn(8), typeIn(9), typeIn(13)], ['hdd', 'hdd', 'HDD', 'HDD']);
});

test('strict decoding per contract: a field newer than the contract is unknown there', () => {
  const patch = { machine: { install: { grubUseUKICmdline: true } } };
  assert.match(
    errorText(() => normalizeDocument(patch, { major: 1, minor: 11 })),
    /^machine\.install\.grubUseUKICmdline: unknown field\n {2}hint: this field exists from Talos v1\.12 on/,
  );
  assert.equal((normalizeDocument(patch, { major: 1, minor: 12 }) as any).machine.install, { grubUseUKICmdline: true, wipe: null });
  assert.ok(normalizeDocument(patch), 'no contract: every field is known');
  assert.match(
    errorText(() => normalizeDocument({ machine: { features: { hostDNS: { enabled: true } } } }, { major: 1, minor: 6 })),
    /machine\.features\.hostDNS: unknown field[\s\S]*v1\.7/,
  );
  const args = { cluster: { apiServer: { extraArgs: { 'feature-gates': ['A=true', 'B=true'] } } } };
  assert.match(
    errorText(() => normalizeDocument(args, { major: 1, minor: 12 })),
    /cluster\.apiServer\.extraArgs\.feature-gates: list values for extra args need Talos v1\.13/,
  );
  assert.equal(((normalizeDocument(args, V13) as any).cluster.apiServer.extraArgs as Map<string, unknown>).get('feature-gates'), ['A=true', 'B=true']);
});

test('contract bounds of v1.3, v1.4 and v1.15: fields added in v1.4, v1.5 and v1.15, omitempty added in v1.4', () => {
  const V3 = { major: 1, minor: 3 };
  const V4 = { major: 1, minor: 4 };
  const features = { machine: { features: { diskQuotaSupport: true, kubePrism: { enabled: true, port: 7445 } } } };
  assert.match(
    errorText(() => normalizeDocument(features, V4)),
    /^machine\.features\.diskQuotaSupport: unknown field\n {2}hint: this field exists from Talos v1\.5 on/,
  );
  assert.match(
    errorText(() => normalizeDocument({ machine: { features: { kubePrism: { enabled: true } } } }, V4)),
    /^machine\.features\.kubePrism: unknown field[\s\S]*v1\.5/,
  );
  assert.equal((normalizeDocument(features, { major: 1, minor: 5 }) as any).machine.features, features.machine.features);

  const bond = { machine: { network: { interfaces: [{ interface: 'bond0', bond: { deviceSelectors: [{ driver: 'virtio' }] } }] } } };
  assert.match(
    errorText(() => normalizeDocument(bond, V3)),
    /^machine\.network\.interfaces\[0\]\.bond\.deviceSelectors: unknown field[\s\S]*v1\.4/,
  );
  assert.equal((normalizeDocument(bond, V4) as any).machine.network.interfaces[0].bond.deviceSelectors, [{ driver: 'virtio' }]);

  const link = { machine: { network: { interfaces: [{ interface: 'eth0' }] } } };
  assert.equal((normalizeDocument(link, V3) as any).machine.network.interfaces[0], { interface: 'eth0', mtu: 0 }, 'v1.3: mtu has no omitempty');
  assert.equal((normalizeDocument(link, V4) as any).machine.network.interfaces[0], { interface: 'eth0' }, 'v1.4: mtu omitempty');

  const primary = { apiVersion: 'v1alpha1', kind: 'BondConfig', name: 'bond0', links: ['eth0', 'eth1'], primary: 'eth1' };
  assert.match(
    errorText(() => normalizeDocument(primary, { major: 1, minor: 14 })),
    /^primary: unknown field\n {2}hint: this field exists from Talos v1\.15 on/,
  );
  assert.is((normalizeDocument(primary, { major: 1, minor: 15 }) as any).primary, 'eth1');
});

test('checkDocument: strict decoding without output, error paths prefixed with where the document is', () => {
  checkDocument({ version: 'v1alpha1', machine: { type: 'worker' } });
  assert.match(
    errorText(() => checkDocument({ machine: { kubelet: { imag: 'x' } } }, 'patches[1]')),
    /^patches\[1\]\.machine\.kubelet\.imag: unknown field\n {2}hint: did you mean "image"/,
  );
  assert.match(
    errorText(() => checkDocument({ machine: { install: { grubUseUKICmdline: true } } }, 'p', { major: 1, minor: 10 })),
    /^p\.machine\.install\.grubUseUKICmdline: unknown field/,
  );
  assert.match(
    errorText(() => checkDocument({ apiVersion: 'v1alpha1', kind: 'NoSuchConfig' }, 'doc[2]')),
    /^doc\[2\]\.kind: unknown document kind "NoSuchConfig"/,
  );
});

test('normalize: zero values and omitempty', () => {
  const out = normalizeDocument(
    {
      machine: {
        type: 'worker',
        kubelet: { image: '', extraArgs: {}, registerWithFQDN: false },
        features: { rbac: false, kubePrism: {} },
        install: { disk: '', wipe: false },
      },
    },
    V13,
  ) as any;
  assert.equal(Object.keys(out), ['version', 'machine', 'cluster']);
  assert.is(out.version, '', 'version has no omitempty');
  assert.is(out.cluster, null, 'cluster: nil pointer without omitempty');
  assert.equal(out.machine.certSANs, [], 'nil slice without omitempty');
  assert.is(out.machine.token, '');
  assert.equal(out.machine.kubelet, { registerWithFQDN: false }, 'empty string and map dropped; *bool false kept');
  assert.equal(out.machine.features, { rbac: false, kubePrism: {} }, 'pointer to an empty struct is kept');
  assert.equal(out.machine.install, { wipe: false });
  const e = normalizeDocument({ cluster: { network: { dnsDomain: 'x' }, etcd: {} } }, V13) as any;
  assert.equal(e.cluster.network, { dnsDomain: 'x', podSubnets: [], serviceSubnets: [] }, 'subnets have no omitempty');
  assert.equal(e.cluster.etcd, { ca: null }, 'etcd.ca is a pointer without omitempty');
});

test('a document kind newer than the contract is unknown to it (talhelper, on the newest machinery, keeps it)', () => {
  const doc = { apiVersion: 'v1alpha1', kind: 'HTTPProbeConfig', name: 'p', url: 'http://10.0.0.1/' };
  const v13 = { major: 1, minor: 13 };
  const e = errorOf(() => normalizeDocument(doc, v13));
  assert.equal([e.message, e.path, e.hint], ['unknown document kind "HTTPProbeConfig" for Talos v1.13', 'kind', 'HTTPProbeConfig exists from Talos v1.14 on']);
  assert.ok(normalizeDocument(doc, { major: 1, minor: 14 }));
  assert.ok(normalizeDocument(doc, { ...v13, newestMachinery: true }));
});

test('FileMode marshals itself, zero included: a machine file without permissions prints 0o0 (as Talos re-encodes it)', () => {
  const out = normalizeDocument(
    {
      machine: {
        type: 'worker',
        files: [
          { content: 'x', path: '/var/etc/x', op: 'create' },
          { content: 'y', path: '/var/etc/y', op: 'create', permissions: 420 },
        ],
      },
    },
    V13,
  );
  const text = encodeDocuments([out], { indent: 4 });
  assert.match(text, /- content: x\n {10}permissions: 0o0\n {10}path: \/var\/etc\/x\n/);
  assert.match(text, /permissions: 0o644\n/);
});

test('Go durations and disk sizes come out as Talos prints them', () => {
  assert.is(parseGoDuration('1h30m'), 5400e9);
  assert.is(parseGoDuration('1.5s'), 1.5e9);
  assert.is(parseGoDuration('300ms'), 3e8);
  assert.is(parseGoDuration('0'), 0);
  assert.is(parseGoDuration('10'), undefined, 'a unit is required');
  assert.is(parseGoDuration('5 m'), undefined);
  assert.is(formatGoDuration(5400e9), '1h30m0s');
  assert.is(formatGoDuration(25e9), '25s');
  assert.is(formatGoDuration(1.5e9), '1.5s');
  assert.is(formatGoDuration(3e8), '300ms');
  assert.is(formatGoDuration(1500), '1.5µs');
  assert.is(formatGoDuration(0), '0s');
  assert.is(formatGoDuration(-90e9), '-1m30s');
  assert.is(formatGoDuration(87600 * 3600e9), '87600h0m0s');
  assert.is(parseHumanBytes('100GB'), 100e9);
  assert.is(parseHumanBytes('4 GiB'), 4 * 1024 ** 3);
  assert.is(parseHumanBytes('1,000 kb'), 1e6);
  assert.is(parseHumanBytes('12'), 12);
  assert.is(parseHumanBytes('10 XB'), undefined);
  assert.is(formatHumanBytes(100e9), '100 GB');
  assert.is(formatHumanBytes(1.5e9), '1.5 GB');
  assert.is(formatHumanBytes(5), '5 B');
  assert.is(diskSizeValue(100e9), '100 GB');
  assert.is(diskSizeValue(4 * 1024 ** 3), 4 * 1024 ** 3, 'not a multiple of 1000: bytes');
  assert.is(diskSizeValue(1234000), 1234000, 'human form would lose precision: bytes');
  const out = normalizeDocument(
    {
      machine: {
        disks: [{ device: '/dev/sdb', partitions: [{ size: '100GB', mountpoint: '/var/a' }, { size: 4294967296 }] }],
        time: { bootTimeout: '2m' },
        network: { interfaces: [{ interface: 'wg0', wireguard: { peers: [{ publicKey: 'k', persistentKeepaliveInterval: '25s' }] } }] },
      },
    },
    V13,
  ) as any;
  assert.equal(out.machine.disks[0].partitions, [{ size: '100 GB', mountpoint: '/var/a' }, { size: 4294967296 }]);
  assert.is(out.machine.time.bootTimeout, '2m0s');
  assert.is(out.machine.network.interfaces[0].wireguard.peers[0].persistentKeepaliveInterval, '25s');
  assert.match(
    errorText(() => normalizeDocument({ machine: { time: { bootTimeout: 120 } } }, V13)),
    /machine\.time\.bootTimeout: expected a Go duration/,
  );
  assert.match(
    errorText(() => normalizeDocument({ machine: { disks: [{ partitions: [{ size: 'lots' }] }] } }, V13)),
    /machine\.disks\[0\]\.partitions\[0\]\.size: expected a size/,
  );
});

test.run();
