import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import yls from 'yaml-language-server';
import type { TextDocument as TextDocumentType } from 'vscode-languageserver-textdocument';
import { editorSchema } from '../../src/talconfig/editor-schema.js';
import { talconfigSchema, validateTalconfig } from '../../src/talconfig/validate.js';
import { knownExtensionNames } from '../../src/factory/index.js';
import { isCIDR } from '../../src/validate/net.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { CORPUS } from '../corpus/cases.js';
import { seededRandom } from '../helpers/random.js';

type S = Record<string, any>;

// The document type yaml-language-server itself depends on (resolved from its own location).
const { TextDocument } = createRequire(import.meta.resolve('yaml-language-server'))('vscode-languageserver-textdocument') as {
  TextDocument: typeof TextDocumentType;
};
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** Every `properties` entry below `node`, with its path, and the ones without a description. */
function undescribed(node: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(node))
    node.forEach((n) => {
      undescribed(n, path, out);
    });
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as S)) {
      if (k === 'properties') {
        for (const [name, p] of Object.entries(v as S)) {
          if (typeof p.description !== 'string' || p.description.length < 8) out.push(`${path}.${name}`);
          undescribed(p, `${path}.${name}`, out);
        }
      } else undescribed(v, k === 'items' ? `${path}[]` : k === '$defs' ? '#' : k === 'additionalProperties' ? `${path}{}` : path, out);
    }
  }
  return out;
}

function countProperties(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + countProperties(x), 0);
  if (!node || typeof node !== 'object') return 0;
  return Object.entries(node as S).reduce((n, [k, v]) => n + (k === 'properties' ? Object.keys(v).length : 0) + countProperties(v), 0);
}

test('every talconfig property has a description (source schema and editor view)', () => {
  assert.equal(undescribed(talconfigSchema(), '', []), []);
  assert.equal(undescribed(editorSchema(), '', []), []);
  assert.ok(countProperties(talconfigSchema()) > 300, `${countProperties(talconfigSchema())} properties checked`);
});

test('controlPlane, worker and every node share one set of node settings (same schema, same descriptions)', () => {
  const p = talconfigSchema().properties as S;
  assert.equal(p.worker.properties, p.controlPlane.properties);
  for (const [k, v] of Object.entries(p.controlPlane.properties as S)) assert.equal(p.nodes.items.properties[k], v, `nodes[].${k}`);
});

test('the editor view compiles with ajv in strict mode (standard formats from ajv-formats, no talgen keywords)', () => {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(editorSchema());
  assert.ok(
    validate({ clusterName: 'c', kubernetesVersion: 'v1.33.2', endpoint: 'https://10.0.0.10:6443', nodes: [{ hostname: 'a', ipAddress: '10.0.0.11' }] }),
  );
  assert.not.ok(
    validate({
      clusterName: 'c',
      kubernetesVersion: 'v1.33.2',
      endpoint: 'https://10.0.0.10:6443',
      nodes: [{ hostname: 'a', ipAddress: '10.0.0.11' }],
      kubernetesVersoin: 'x',
    }),
  );
  const text = JSON.stringify(editorSchema());
  assert.not.match(text, /"x-[a-z]/);
  const formats = new Set([...text.matchAll(/"format":"([^"]+)"/g)].map((m) => m[1]));
  assert.equal([...formats].sort(), ['ipv4', 'ipv6']);
});

test('the source schema uses standard format names only (the precompiled validator implements them with Node)', () => {
  const formats = new Set([...JSON.stringify(talconfigSchema()).matchAll(/"format":"([^"]+)"/g)].map((m) => m[1]));
  assert.equal([...formats].sort(), ['ipv4', 'ipv6']);
});

test('$defs/cidr accepts what isCIDR accepts, except zone ids and zero-padded lengths (Go netip refuses both)', () => {
  const cidr = new RegExp(((talconfigSchema().$defs as S).cidr as S).pattern, 'u');
  const rand = seededRandom(7);
  const octets = ['0', '1', '10', '199', '255', '256', '01', 'a', ''];
  const groups = ['0', '1', 'a', 'ffff', 'FFFF', '0000', 'fffff', 'g', '', '1.2.3.4', '1.2.3.256'];
  const bits = ['0', '8', '32', '33', '64', '128', '129', '', 'x', '1000'];
  const samples = ['10.244.0.0/16', 'fd00::/8', '::/0', '::ffff:10.0.0.1/128', '1:2:3:4:5:6:7:8/64', '1::2:3.4.5.6/96'];
  for (let i = 0; i < 40000; i++) {
    const address =
      rand(2) === 0
        ? Array.from({ length: 3 + rand(3) }, () => octets[rand(octets.length)]).join('.')
        : Array.from({ length: 1 + rand(9) }, () => groups[rand(groups.length)]).join(':');
    samples.push(`${address}/${bits[rand(bits.length)]}`);
  }
  const differ = samples.filter((s) => cidr.test(s) !== isCIDR(s));
  assert.equal(differ, []);
  assert.ok(samples.filter((s) => cidr.test(s)).length > 100, 'enough valid samples');
  assert.ok(isCIDR('fe80::1%eth0/64') && !cidr.test('fe80::1%eth0/64'));
  assert.ok(isCIDR('10.0.0.0/08') && !cidr.test('10.0.0.0/08'));
});

test('officialExtensions: one enum with every name of the extension catalog, old names the factory maps included', () => {
  const defs = editorSchema().$defs as S;
  const items = defs.schematic.properties.customization.properties.systemExtensions.properties.officialExtensions.items as S;
  assert.equal(items.enum, knownExtensionNames());
  assert.ok(items.enum.includes('siderolabs/iscsi-tools') && items.enum.includes('siderolabs/i915-ucode'));
  // The CLI's own schema leaves the per-release check to `validate talconfig`'s rules.
  const src = (talconfigSchema().$defs as S).schematic.properties.customization.properties.systemExtensions.properties.officialExtensions.items;
  assert.equal(src.enum, undefined);
});

// ---- yaml-language-server, the validator behind editors' YAML support ----

const SCHEMA_URI = 'file:///talgen/talconfig.schema.json';

const languageService = yls.getLanguageService({
  schemaRequestService: (uri: string) => Promise.reject(new Error(`no schema download in tests: ${uri}`)),
  workspaceContext: { resolveRelativePath: (p: string) => p },
});
languageService.configure({ validate: true, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*talconfig.yaml'], schema: editorSchema() }] });

let documents = 0;

/** Findings of yaml-language-server for one talconfig text, schema findings only: `line: message`. */
async function editorFindings(text: string): Promise<string[]> {
  // The language service caches parsed documents by URI: each text gets its own.
  // A repo's own `# yaml-language-server: $schema=…` modeline would take precedence over ours.
  const doc = TextDocument.create(
    `file:///repo${++documents}/talconfig.yaml`,
    'yaml',
    1,
    text.replace(/yaml-language-server: *\$schema=\S+/, 'schema line removed'),
  );
  const diags = await languageService.doValidation(doc, false);
  return diags.filter((d) => String(d.source).startsWith('yaml-schema')).map((d) => `${d.range.start.line + 1}: ${d.message}`);
}

const BASE = `clusterName: demo
talosVersion: v1.10.4
kubernetesVersion: v1.33.2
endpoint: https://10.0.0.10:6443
clusterPodNets:
  - 10.244.0.0/16
controlPlane:
  nameservers:
    - 1.1.1.1
  schematic:
    customization:
      systemExtensions:
        officialExtensions:
          - siderolabs/iscsi-tools
nodes:
  - hostname: cp1
    ipAddress: 10.0.0.11
    controlPlane: true
    installDisk: /dev/sda
`;

test('yaml-language-server: a good talconfig has no findings; ${VAR} values are left to substitution', async () => {
  assert.equal(await editorFindings(BASE), []);
  const vars = BASE.replace('v1.10.4', '${talosVersion}')
    .replace('- 10.244.0.0/16', '- ${POD_CIDR}')
    .replace('- 1.1.1.1', '- ${DNS}')
    .replace('hostname: cp1', 'hostname: cp1.${DOMAIN}');
  assert.equal(await editorFindings(vars), []);
});

test('yaml-language-server flags broken variants: top-level typo, wrong type, bad IP, bad CIDR, unknown extension', async () => {
  const cases: [string, string, RegExp][] = [
    ['top-level typo', BASE.replace('kubernetesVersion:', 'kubernetesVersoin:'), /^3: Property kubernetesVersoin is not allowed/],
    ['typo in a group', BASE.replace('  nameservers:', '  nameserver:'), /^8: Property nameserver is not allowed/],
    ['wrong type', BASE.replace('controlPlane: true', 'controlPlane: [true]'), /^18: Incorrect type\. Expected "boolean"/],
    ['bad IP', BASE.replace('- 1.1.1.1', '- 1.1.1.300'), /^9: String does not match IPv4 format/],
    ['bad CIDR', BASE.replace('10.244.0.0/16', '10.244.0.0/33'), /^6: String does not match the pattern/],
    ['unknown extension', BASE.replace('siderolabs/iscsi-tools', 'siderolabs/iscsi-tool'), /^14: Value is not accepted\. Valid values: /],
  ];
  for (const [what, text, want] of cases) {
    const got = await editorFindings(text);
    assert.ok(
      got.some((g) => want.test(g)),
      `${what}: ${JSON.stringify(got)}`,
    );
  }
});

test("talgen's CLI reads the same closed schema as unknown-field warnings (errors with --strict)", async () => {
  const doc = () => parseYamlText(BASE.replace('kubernetesVersion:', 'kubernetesVersion: v1.33.2\nkubernetesVersoin:'), 'talconfig.yaml');
  const loose = await validateTalconfig(doc());
  assert.equal(
    loose.map((f) => [f.severity, f.at.path, f.message, f.hint]),
    [['warning', 'kubernetesVersoin', 'unknown field (ignored)', 'did you mean "kubernetesVersion"?']],
  );
  const strict = await validateTalconfig(doc(), { strict: true });
  assert.equal(
    strict.map((f) => f.severity),
    ['error'],
  );
});

/**
 * What the editor view finds in the real-world corpus (talconfig.yaml as committed, no substitution), each with the
 * reason; every other repo has no finding.
 */
const CORPUS_FINDINGS: Record<string, { findings: RegExp[]; why: string }> = {
  KnightDoom__LonghornTalos: {
    findings: [/^1: Missing property "kubernetesVersion"/, /^4: String does not match the pattern/, /^8: String does not match the pattern/],
    why: 'a template with <node-hostname> placeholders and no kubernetesVersion (the corpus skips it: talhelper cannot render it)',
  },
  'carldanley__home-ops': {
    findings: [/^106: Property inlinePatch is not allowed/, /^168: Property inlinePatch is not allowed/],
    why: 'inlinePatch is no talhelper field (talhelper ignores it, talgen warns)',
  },
  'jckimble__talos-arc': {
    findings: [/^78: Property installDiskSelector is not allowed/],
    why: 'installDiskSelector is a node field, not a worker group field (ignored by talhelper)',
  },
  'rodent1__home-ops': {
    findings: [/^16: Property talosImageURL is not allowed/],
    why: 'top-level talosImageURL does nothing in talhelper (it belongs to nodes or groups)',
  },
};

if (CORPUS) {
  const corpus = CORPUS;
  test('yaml-language-server: every corpus talconfig validates against the editor view, except the listed real mistakes', async () => {
    const dirs = readdirSync(corpus).filter((d) => existsSync(join(corpus, d, 'talconfig.yaml')));
    assert.ok(dirs.length >= 50, `${dirs.length} repos`);
    for (const d of dirs) {
      const got = await editorFindings(readFileSync(join(corpus, d, 'talconfig.yaml'), 'utf8'));
      const want = CORPUS_FINDINGS[d]?.findings ?? [];
      assert.equal(got.length, want.length, `${d}: ${JSON.stringify(got)}`);
      want.forEach((re, i) => {
        assert.match(got[i]!, re, d);
      });
    }
  });
} else {
  console.log('SKIP editor-schema corpus test: ../shared/corpus/realworld not found (set TALGEN_CORPUS)');
}

test.run();
