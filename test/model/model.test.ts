import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { normalizeDocument } from '../../src/model/normalize.js';
import { allDocSchemas, docSchemaFor, resolve, type JsonSchema } from '../../src/model/registry.js';
import { encodeDocuments } from '../../src/emit/goyaml.js';
import { TalgenError } from '../../src/core/errors.js';
import { conformanceFile, needConformance } from '../helpers/shared.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.yaml') ? [join(dir, f)] : []));
}

/** Property paths of a schema (ours or the official one), following $refs a few levels deep. */
function paths(s: JsonSchema, root: JsonSchema, prefix: string, depth: number, out: Set<string>, defsKey = '$defs'): void {
  if (depth > 5) return;
  let r = s;
  for (let i = 0; i < 5 && typeof r.$ref === 'string'; i++) r = (root[defsKey] as Record<string, JsonSchema>)[(r.$ref as string).split('/').pop()!] ?? {};
  const props = r.properties as Record<string, JsonSchema> | undefined;
  for (const [k, p] of Object.entries(props ?? {})) {
    const path = prefix ? `${prefix}.${k}` : k;
    out.add(path);
    paths(p, root, path, depth + 1, out, defsKey);
    if (p.items) paths(p.items as JsonSchema, root, path, depth + 1, out, defsKey);
  }
}

if (needConformance('golden documents through the model')) {
  test('golden documents round-trip through the model + encoder (stability, doc-types)', () => {
    let ok = 0;
    const all = [
      ...files(conformanceFile('talos', 'stability'))
        .filter((f) => /\/v1\.([3-9]|1[0-5])\//.test(f))
        .map((f) => [f, Number(/v1\.(\d+)/.exec(f)![1])] as const),
      ...files(conformanceFile('talos', 'doc-types-v1.13')).map((f) => [f, 13] as const),
    ];
    const known = new Set([
      'volumeconfig_tpm_encryption_with_pcrs_disabled.yaml',
      'volumeconfig_tpm_encryption_no_options.yaml',
      'volumeconfig_tpm_encryption_with_pcr_settings.yaml',
    ]);
    for (const [f, minor] of all) {
      const text = readFileSync(f, 'utf8');
      const docs = parseAllDocuments(text)
        .map((d) => d.toJS())
        .filter((d) => d != null);
      const out = encodeDocuments(
        docs.map((d) => normalizeDocument(d, { major: 1, minor })),
        { indent: 4 },
      );
      if (known.has(f.split('/').pop()!)) continue; // hand-written decoder inputs, not encoder output
      assert.fixture(out, text, f);
      ok++;
    }
    assert.ok(ok >= 106, `${ok} files`);
  });

  test("every property of the official v1.13.9 and v1.14 schemas exists in talgen's model", () => {
    const ours = new Map(allDocSchemas().map((d) => [d.kind, d]));
    for (const ver of ['config.schema.v1.13.9.json', 'config.schema.v1.14.0-rc.1.json']) {
      const official = JSON.parse(readFileSync(conformanceFile('talos', 'schemas', ver), 'utf8')) as JsonSchema;
      const defs = official.$defs as Record<string, JsonSchema>;
      let kinds = 0;
      for (const [name, def] of Object.entries(defs)) {
        const kind =
          ((def.properties as Record<string, JsonSchema> | undefined)?.kind?.enum as string[] | undefined)?.[0] ??
          (name === 'v1alpha1.Config' ? 'v1alpha1' : undefined);
        if (!kind) continue;
        // The official schema names one kind by its schema alias (KubeSpanEndpoints for KubeSpanEndpointsConfig).
        const mine = ours.get(kind) ?? ours.get(`${kind}Config`);
        assert.ok(mine, `${ver}: kind ${kind} missing`);
        const want = new Set<string>();
        paths(def, official, '', 0, want);
        const have = new Set<string>();
        paths(mine!.root, mine!.root, '', 0, have);
        // RegistryTLSConfig.clientIdentity changed its Go type in v1.14 (crt/key → cert/key); talgen models the v1.14 form.
        const missing = [...want].filter(
          (p) => !have.has(p) && !p.startsWith('persist') && !(kind === 'RegistryTLSConfig' && /^clientIdentity\.(crt|key)$/.test(p)),
        );
        assert.equal(missing, [], `${ver} ${kind}`);
        kinds++;
      }
      assert.ok(kinds > 40, `${ver}: ${kinds} kinds`);
    }
  });
}

test('each schema file is named after the kind it holds, so a kind is found by its file alone', () => {
  const all = allDocSchemas();
  assert.ok(all.length > 80, `${all.length} schemas`);
  for (const s of all) assert.is(s.file, `${s.kind}.schema.json`);
  assert.is(docSchemaFor({ kind: 'HostnameConfig', apiVersion: 'v1alpha1' })?.kind, 'HostnameConfig');
  assert.is(docSchemaFor({ version: 'v1alpha1' })?.kind, 'v1alpha1');
  assert.is(docSchemaFor({ kind: 'HostnameConfig', apiVersion: 'v9' }), undefined);
  // A document's kind is read from user input: only the listed schema files are ever opened.
  for (const kind of ['../talconfig', 'NoSuchConfig', '', 'v1alpha1/../HostnameConfig']) assert.is(docSchemaFor({ kind }), undefined, kind);
});

test('unknown fields and type errors name the path, with did-you-mean', () => {
  const bad = (doc: unknown, re: RegExp) =>
    assert.throws(
      () => normalizeDocument(doc, { major: 1, minor: 13 }),
      (e: unknown) => e instanceof TalgenError && re.test(e.format()),
    );
  bad({ version: 'v1alpha1', machine: { kubelet: { imag: 'x' } } }, /machine\.kubelet\.imag: unknown field[\s\S]*did you mean "image"/);
  bad({ version: 'v1alpha1', machine: { install: { wipe: 'yes' } } }, /machine\.install\.wipe: expected true or false/);
  bad({ apiVersion: 'v1alpha1', kind: 'HostnameConfg' }, /unknown document kind "HostnameConfg"[\s\S]*did you mean "HostnameConfig"/);
  void resolve;
});

test('struct order, omitempty and Go maps are applied whatever the input order', () => {
  const out = normalizeDocument(
    {
      cluster: { network: { serviceSubnets: ['b'], podSubnets: ['a'] } },
      machine: { nodeLabels: { z: '1', a: '2' }, type: 'worker', install: {} },
      version: 'v1alpha1',
    },
    { major: 1, minor: 13 },
  ) as Record<string, any>;
  assert.equal(Object.keys(out), ['version', 'machine', 'cluster']);
  assert.equal(Object.keys(out.machine), ['type', 'token', 'certSANs', 'install', 'nodeLabels'], 'token and certSANs have no omitempty');
  assert.equal(out.machine.install, { wipe: null }, 'non-omitempty pointer prints null');
  assert.ok(out.machine.nodeLabels instanceof Map);
  assert.is(out.cluster.controlPlane, null, 'controlPlane has no omitempty before v1.14');
  const v14 = normalizeDocument({ version: 'v1alpha1', cluster: { token: 'x' } }, { major: 1, minor: 14 }) as Record<string, any>;
  assert.not.ok('controlPlane' in v14.cluster, 'omitempty from v1.14');
});

test.run();
