import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { parseAllDocuments, parse } from 'yaml';
import { normalizeDocument } from '../../src/model/normalize.js';
import { encodeDocuments, encodeYaml } from '../../src/emit/goyaml.js';
import { needConformance } from '../helpers/shared.js';
import { fixtures } from './fixtures.js';

/**
 * Every value of `a` is present in `b` (b may add zero values of non-omitempty fields). An empty list may be
 * missing from `b`: go-yaml omits empty omitempty slices, so Go's own encoder drops `pcrs: []` as well.
 */
function subset(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && a.length === 0 && b === undefined) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => subset(x, b[i]));
  if (a && typeof a === 'object') return !!b && typeof b === 'object' && Object.entries(a).every(([k, x]) => subset(x, (b as Record<string, unknown>)[k]));
  return a === b;
}

/** A meta.Args encoding, printed as the extraArgs Go map of a component document. */
function argsRoundTrip(value: Record<string, unknown>): string {
  const out = normalizeDocument({ apiVersion: 'v1alpha1', kind: 'KubeAPIServerConfig', extraArgs: value }, { major: 1, minor: 15 }) as Record<string, unknown>;
  return encodeYaml(out.extraArgs ?? new Map());
}

if (needConformance('golden documents round trip')) {
  test('golden documents: parse → normalizeDocument → encodeDocuments reproduces the bytes', () => {
    let passed = 0;
    let total = 0;
    const failures: string[] = [];
    for (const f of fixtures()) {
      const text = readFileSync(f.file, 'utf8');
      const docs = parseAllDocuments(text)
        .map((d) => d.toJS() as unknown)
        .filter((d) => d != null);
      const contract = { major: 1, minor: f.minor };
      let out: string;
      if (f.args) out = argsRoundTrip(docs[0] as Record<string, unknown>);
      else
        out = encodeDocuments(
          docs.map((d) => normalizeDocument(d, contract)),
          { indent: 4 },
        );
      if (f.decoderInput) {
        // Hand-written decoder inputs (2-space layout, Go zero values left out): every value survives, and the
        // encoded form is a fixed point of the model.
        assert.ok(subset(parse(text), parse(out)), `${f.name}: a value was lost`);
        assert.is(
          encodeDocuments(
            parseAllDocuments(out).map((d) => normalizeDocument(d.toJS(), contract)),
            { indent: 4 },
          ),
          out,
          f.name,
        );
        continue;
      }
      total++;
      if (out === text) passed++;
      else failures.push(f.name);
    }
    console.log(`  model round trip: ${passed}/${total} golden files byte-identical`);
    assert.equal(failures, []);
    assert.ok(total >= 120, `${total} files`);
  });
}

test('normalizing is idempotent and fills zero values of non-omitempty fields', () => {
  const doc = { kind: 'EventSinkConfig', apiVersion: 'v1alpha1' };
  const once = normalizeDocument(doc, { major: 1, minor: 13 }) as Record<string, unknown>;
  assert.equal(Object.keys(once), ['apiVersion', 'kind', 'endpoint']);
  assert.is(once.endpoint, '');
  assert.equal(normalizeDocument(once, { major: 1, minor: 13 }), once);
});

test.run();
