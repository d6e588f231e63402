import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, parseAllDocuments } from 'yaml';
import { parseContract } from '../../src/core/contract.js';
import { encodeDocuments } from '../../src/emit/goyaml.js';
import { normalizeDocument } from '../../src/model/normalize.js';
import { applyPatches, loadPatches, parsePatch } from '../../src/patch/index.js';
import { fromJsonNode } from '../../src/patch/json-text.js';
import { deepEqual, plainView } from '../../src/patch/plain.js';
import { extractPatchDeletes } from '../../src/patch/strategic.js';
import { conformanceFile, needConformance } from '../helpers/shared.js';
import { errorOf } from '../helpers/errors.js';

// Talos's own configpatcher / merge / decoder testdata, read at run time from ../shared/conformance/talos.

const cp = (...p: string[]) => conformanceFile('talos', 'configpatcher', ...p);
const read = (file: string) => readFileSync(file, 'utf8');
const docsOf = (text: string) =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d != null);

/** Base config + patch files (relative to configpatcher/) → bytes as Talos prints them (4-space, no comments). */
function run(contractName: string, base: string, patchFiles: string[], onWarning?: (m: string) => void): string {
  const contract = parseContract(contractName);
  const patches = patchFiles.map((f) => parsePatch(read(cp(f)), f));
  const out = applyPatches(docsOf(read(cp(base))), patches, { contract, onWarning });
  return encodeDocuments(
    out.map((d) => normalizeDocument(d, contract)),
    { indent: 4 },
  );
}

const APPLY = ['apply/strategic1.yaml', 'apply/jsonpatch1.yaml', 'apply/jsonpatch2.yaml', 'apply/strategic2.yaml', 'apply/strategic3.yaml'];

if (needConformance('configpatcher fixtures')) {
  test('configpatcher/apply: strategic + RFC 6902 chain (v1.13)', () => {
    assert.fixture(run('v1.13', 'apply/config.yaml', APPLY), read(cp('apply', 'expected.yaml')));
  });

  test('configpatcher/apply: inline manifest keeps its leading blank line (v1.13)', () => {
    assert.fixture(run('v1.13', 'apply/config.yaml', ['apply/strategic4.yaml']), read(cp('apply', 'expected_manifests.yaml')));
  });

  test('configpatcher/_head_changes/apply: v1.14 (controlPlane omitempty)', () => {
    assert.fixture(run('v1.14', 'apply/config.yaml', APPLY), read(cp('_head_changes', 'apply', 'expected.yaml')));
    assert.fixture(run('v1.14', 'apply/config.yaml', ['apply/strategic4.yaml']), read(cp('_head_changes', 'apply', 'expected_manifests.yaml')));
  });

  test('configpatcher/multidoc: singleton replaced, configFiles by mountPath, environment appended (v1.13)', () => {
    assert.fixture(run('v1.13', 'multidoc/config.yaml', ['multidoc/strategic1.yaml', 'multidoc/strategic2.yaml']), read(cp('multidoc', 'expected.yaml')));
  });

  test('configpatcher/_head_changes/multidoc/strategic3: deleting a missing document is skipped in v1.14', () => {
    const without = run('v1.14', 'multidoc/config.yaml', ['multidoc/strategic1.yaml', 'multidoc/strategic2.yaml']);
    const withDelete = run('v1.14', 'multidoc/config.yaml', ['multidoc/strategic1.yaml', 'multidoc/strategic2.yaml', '_head_changes/multidoc/strategic3.yaml']);
    assert.fixture(withDelete, without);
    assert.ok(!withDelete.includes('KubeFlannelCNIConfig'));
  });

  test('configpatcher/_head_changes/multidoc/strategic3: refused before v1.14', () => {
    const e = errorOf(() => run('v1.13', 'multidoc/config.yaml', ['_head_changes/multidoc/strategic3.yaml']));
    assert.match(e.message, "patch delete: document 'v1alpha1/KubeFlannelCNIConfig' is not in the config");
    assert.is(e.file, '_head_changes/multidoc/strategic3.yaml');
  });

  test('configpatcher/multidoc/jsonpatch: applied to the v1alpha1 document with one warning (Talos refuses it)', () => {
    const warnings: string[] = [];
    const got = run('v1.13', 'multidoc/config.yaml', ['multidoc/jsonpatch.yaml'], (m) => warnings.push(m));
    assert.is(warnings.length, 1);
    assert.ok(!warnings[0]!.includes('\n'), 'one line');
    assert.match(warnings[0]!, 'multidoc/jsonpatch.yaml: RFC 6902 patch applied to the v1alpha1 document of a multi-document config');
    assert.match(warnings[0]!, 'JSON6902 patches are not supported for multi-document machine configuration');
    const docs = docsOf(got) as Record<string, any>[];
    const base = docsOf(read(cp('multidoc', 'config.yaml'))) as Record<string, any>[];
    assert.equal(docs[0]!.machine.network.interfaces[0].addresses, ['10.1.2.3/24']);
    assert.is(base[0]!.machine.network.interfaces[0].addresses, undefined);
    assert.equal(docs.slice(1), docsOf(run('v1.13', 'multidoc/config.yaml', [])).slice(1), 'other documents untouched');
  });

  test('configpatcher/auditpolicy: auditPolicy replaced, not merged', () => {
    assert.fixture(run('v1.13', 'auditpolicy/config.yaml', ['auditpolicy/patch1.yaml']), read(cp('auditpolicy', 'expected.yaml')));
  });

  test('configpatcher/patchdelete: document, key and list-item deletes', () => {
    assert.fixture(run('v1.13', 'patchdelete/config.yaml', ['patchdelete/strategic1.yaml']), read(cp('patchdelete', 'expected.yaml')));
  });

  test('configpatcher/patchdelete: controlplane admissionControl / nodeLabels / auditPolicy deletes', () => {
    const got = run('v1.13', 'patchdelete/controlplane_orig.yaml', [
      'patchdelete/strategic2.yaml',
      'patchdelete/strategic3.yaml',
      'patchdelete/strategic4.yaml',
    ]);
    assert.fixture(got, read(cp('patchdelete', 'controlplane_expected.yaml')));
  });

  test('configpatcher/patchdeletemissing: Talos error text', () => {
    const e = errorOf(() => run('v1.13', 'patchdeletemissing/config.yaml', ['patchdeletemissing/strategic1.yaml']));
    assert.is(
      e.message,
      "patch delete: path 'machine.network.hostname' in document '/v1alpha1': failed to delete path 'machine.network.hostname': lookup failed",
    );
    assert.is(e.file, 'patchdeletemissing/strategic1.yaml');
  });

  test('configpatcher/patchlink: LinkConfig address deleted and added, routes kept', () => {
    assert.fixture(run('v1.13', 'patchlink/base.yaml', ['patchlink/patch.yaml']), read(cp('patchlink', 'expected.yaml')));
  });

  test('configpatcher/_head_changes/patchmixed: one document three times in a patch (v1.14)', () => {
    assert.fixture(
      run('v1.14', '_head_changes/patchmixed/base.yaml', ['_head_changes/patchmixed/patch.yaml']),
      read(cp('_head_changes', 'patchmixed', 'expected.yaml')),
    );
  });

  test('configpatcher/_head_changes/patchmixed: a repeated document is refused before v1.14', () => {
    const e = errorOf(() => run('v1.13', '_head_changes/patchmixed/base.yaml', ['_head_changes/patchmixed/patch.yaml']));
    assert.is(e.message, 'duplicate document v1alpha1/RegistryMirrorConfig/registry.k8s.io is not allowed');
  });

  test('configpatcher loader: patch.json and patch.yaml are RFC 6902, strategic.yaml is a strategic patch', () => {
    const json = parsePatch(read(cp('patch.json')), 'patch.json');
    assert.is(json.kind, 'json6902');
    assert.equal(json.kind === 'json6902' && json.ops.map((o) => fromJsonNode(new Map(o))), [{ op: 'add', path: '/machine/certSANs', value: ['foo.com'] }]);
    const yaml = parsePatch(read(cp('patch.yaml')), 'patch.yaml');
    assert.equal(yaml.kind === 'json6902' && yaml.ops.map((o) => fromJsonNode(new Map(o))), [{ op: 'add', path: '/some/path', value: ['a', 'b', 'c'] }]);
    const strategic = parsePatch(read(cp('strategic.yaml')), 'strategic.yaml');
    assert.equal(strategic.kind === 'strategic' && strategic.docs, [{ machine: { network: { hostname: 'foo.bar' } } }]);
  });

  test('configpatcher loader: adjacent JSON patches are concatenated, a strategic patch splits them', () => {
    const baseDir = cp();
    const all = loadPatches(['@patch.json', '@patch.yaml', '[{"op":"replace","path":"/some","value": []}]'], { baseDir });
    assert.is(all.length, 1);
    assert.equal(all[0]!.kind === 'json6902' && all[0]!.ops.map((o) => fromJsonNode(o.get('op') ?? null)), ['add', 'add', 'replace']);
    assert.is(all[0]!.source, 'patch.json + patch.yaml + inline patch #3');
    const mixed = loadPatches(['@patch.json', '@strategic.yaml', '@patch.yaml', '[{"op":"replace","path":"/some","value": []}]'], { baseDir });
    assert.equal(
      mixed.map((p) => p.kind),
      ['json6902', 'strategic', 'json6902'],
    );
    const bare = loadPatches(['strategic.yaml', '[{"op":"replace","path":"/some","value": []}]'], { baseDir });
    assert.equal(
      bare.map((p) => p.kind),
      ['strategic', 'json6902'],
    );
  });

  for (const n of ['001', '002', '003', '004', '005', '006']) {
    test(`v1alpha1-strategic/${n}: merge(left, right) == expected`, () => {
      const contract = parseContract('v1.13');
      const f = (name: string) => read(conformanceFile('talos', 'v1alpha1-strategic', n, name));
      const merged = applyPatches([parse(f('left.yaml'))], [parsePatch(f('right.yaml'), 'right.yaml')], { contract });
      const got = plainView(normalizeDocument(merged[0], contract));
      const want = plainView(normalizeDocument(parse(f('expected.yaml')), contract));
      assert.equal(got, want);
    });
  }

  test('configloader-decoder/delete: delete directives taken out of the documents', () => {
    const dir = (f: string) => read(conformanceFile('talos', 'configloader-decoder', 'delete', f));
    const got = extractPatchDeletes(docsOf(dir('delete.yaml')) as Record<string, unknown>[]);
    const want = docsOf(dir('delete_expected.yaml'));
    assert.ok(deepEqual(got, want), JSON.stringify(got));
  });
}

test.run();
