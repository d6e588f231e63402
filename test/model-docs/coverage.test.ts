import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { conformanceFile, needConformance } from '../helpers/shared.js';
import { kindSchemas, type Schema } from './fixtures.js';

/** Property paths of a schema, following local $refs and array items. */
function paths(s: Schema, defs: Record<string, Schema>, prefix: string, depth: number, out: Set<string>): void {
  if (depth > 6) return;
  let r = s;
  for (let i = 0; i < 8 && typeof r.$ref === 'string'; i++) r = defs[(r.$ref as string).split('/').pop()!] ?? {};
  if (r.items) {
    paths(r.items as Schema, defs, prefix, depth, out);
    return;
  }
  if (r.additionalProperties && typeof r.additionalProperties === 'object') paths(r.additionalProperties as Schema, defs, prefix, depth + 1, out);
  for (const [k, p] of Object.entries((r.properties ?? {}) as Record<string, Schema>)) {
    const path = prefix ? `${prefix}.${k}` : k;
    out.add(path);
    paths(p, defs, path, depth + 1, out);
  }
}

/**
 * Where the published schema and the Go structs disagree, the Go structs win (they are what Talos decodes):
 * RegistryTLSConfig.clientIdentity is a meta.CertificateAndKey (cert/key) in every release, while the published
 * v1.12/v1.13 schemas list crt/key.
 */
const PUBLISHED_ONLY = new Set(['RegistryTLSConfig clientIdentity.crt']);

if (needConformance('published Talos schemas covered by the model')) {
  for (const ver of ['v1.12.11', 'v1.13.9', 'v1.14.0-rc.1']) {
    test(`every kind and property of the published Talos ${ver} schema exists in talgen's model`, () => {
      const official = JSON.parse(readFileSync(conformanceFile('talos', 'schemas', `config.schema.${ver}.json`), 'utf8')) as Schema;
      const odefs = official.$defs as Record<string, Schema>;
      const ours = new Map(kindSchemas().map((k) => [k.kind, k.root]));
      const missing: string[] = [];
      let kinds = 0;
      let props = 0;
      for (const def of Object.values(odefs)) {
        const kind = ((def.properties as Record<string, Schema> | undefined)?.kind?.enum as string[] | undefined)?.[0];
        if (!kind) continue;
        kinds++;
        // The published schema spells one kind by its alias (KubeSpanEndpoints for KubeSpanEndpointsConfig).
        const mine = ours.get(kind) ?? ours.get(`${kind}Config`);
        if (!mine) {
          missing.push(`kind ${kind}`);
          continue;
        }
        const want = new Set<string>();
        paths(def, odefs, '', 0, want);
        const have = new Set<string>();
        paths(mine, (mine.$defs ?? {}) as Record<string, Schema>, '', 0, have);
        for (const p of want) {
          props++;
          if (!have.has(p) && !PUBLISHED_ONLY.has(`${String(mine['x-kind'])} ${p}`)) missing.push(`${kind}.${p}`);
        }
      }
      assert.equal(missing, [], ver);
      assert.ok(kinds >= 36 && props > 200, `${kinds} kinds, ${props} properties`);
    });
  }

  test('the published-schema exceptions are real: Talos decodes clientIdentity.cert', () => {
    const tls = kindSchemas().find((k) => k.kind === 'RegistryTLSConfig')!.root;
    const have = new Set<string>();
    paths(tls, tls.$defs as Record<string, Schema>, '', 0, have);
    assert.ok(have.has('clientIdentity.cert') && have.has('clientIdentity.key'));
    const golden = readFileSync(conformanceFile('talos', 'doc-types-v1.13', 'cri', 'registrytlsconfig.yaml'), 'utf8');
    assert.match(golden, /clientIdentity:\n {4}cert: /);
  });
}

test.run();
