import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseContract } from '../../src/core/contract.js';
import { TalgenError } from '../../src/core/errors.js';
import { LIMITS } from '../../src/core/limits.js';
import { parseWithinDepth } from '../../src/load/yaml-depth.js';
import { applyPatches, parsePatch } from '../../src/patch/index.js';
import { loadSecretsBundle } from '../../src/secrets/index.js';
import { encryptText, openMaybeEncrypted } from '../../src/sops/index.js';
import { substitute } from '../../src/substitute/index.js';
import { renderGoTemplate } from '../../src/template/index.js';
import { errorOf } from '../helpers/errors.js';
import { talgenMain } from '../helpers/cli.js';
import { ROOT } from '../helpers/shared.js';
import { BASIC, makeRepo } from '../genconfig/repo.js';

/**
 * The crash classes `npm run fuzz` found, each with its minimal input: every one must end in a TalgenError with
 * file:line:col and a hint (or, for a rendered-config rule, the node's path and a hint).
 */
const V113 = parseContract('v1.13');
const base = () => [{ version: 'v1alpha1', machine: { type: 'worker', network: { hostname: 'a' } } }];

function located(e: TalgenError, file: string, line?: number): void {
  assert.instance(e, TalgenError);
  assert.is(e.file, file, e.format());
  if (line === undefined) assert.ok(e.line && e.col, `no line:col: ${e.format()}`);
  else assert.is(e.line, line, e.format());
  assert.ok(e.hint, `no hint: ${e.format()}`);
}

async function rejection(p: Promise<unknown>): Promise<TalgenError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TalgenError) return e;
    throw e;
  }
  throw new Error('expected a TalgenError, got none');
}

/** 3,000 compact block sequences and a key after them: closing them all at once overflows yaml's own parser. */
const deepThenDedent = 'b:\n' + '- '.repeat(3000) + 'x\nz: 1\n';

test("block nesting thousands of levels deep overflows yaml's own parser: it is the yamlDepth limit, at the deepest line", () => {
  const text = `a: 1\n${deepThenDedent}`;
  const off = parseWithinDepth(text).deep;
  assert.is(off, text.indexOf('x'));
});

test('a talenv.yaml nested thousands of levels deep is a located yamlDepth error, not a stack overflow', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC, 'talenv.yaml': `A: "1"\n${deepThenDedent}` });
  const r = await talgenMain(['genconfig'], { cwd: dir });
  assert.is(r.code, 1, r.stderr);
  assert.not.match(r.stderr, /internal error|    at /);
  assert.match(r.stderr, /talenv\.yaml:3:6001: YAML nesting is over talgen's yamlDepth limit \(256 levels\)\n {2}hint: /);
  assert.not.ok(existsSync(join(dir, 'clusterconfig')));
});

test("megabytes of nested flow maps (which yaml's lexer takes tens of seconds over) stop at the first bracket past yamlDepth", async () => {
  const n = 1_500_000;
  const text = `A: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`;
  assert.is(parseWithinDepth(text).deep, 3 + 4 * LIMITS.yamlDepth.max, 'the bracket that goes over the limit');
  // Brackets inside quoted scalars and comments are not nesting.
  const quoted = `a: "${'['.repeat(300)}"\nb: '${'{'.repeat(300)}'\n# ${'['.repeat(300)}\nc: [1, {d: 2}]\n`;
  assert.is(parseWithinDepth(quoted).deep, undefined);
  const dir = makeRepo({ 'talconfig.yaml': BASIC, 'talenv.yaml': text });
  const r = await talgenMain(['genconfig'], { cwd: dir });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /talenv\.yaml:1:\d+: YAML nesting is over talgen's yamlDepth limit \(256 levels\)\n {2}hint: /);
});

test('a SOPS file nested thousands of levels deep is a located yamlDepth error', async () => {
  const text = `${readFileSync(join(ROOT, 'examples', 'basic', 'talsecret.sops.yaml'), 'utf8')}${deepThenDedent}`;
  const e = await rejection(openMaybeEncrypted(text, 'talsecret.sops.yaml', { keys: { identities: [], tried: [] } }));
  located(e, 'talsecret.sops.yaml');
  assert.match(e.message, /yamlDepth limit/);
});

test('the envsubst comment scan checks the depth first: "# $X" in a deeply nested text is the yamlDepth limit, not a missed comment', () => {
  const text = `a: 1\n# uses $UNSET\n${deepThenDedent}`;
  const e = errorOf(() => substitute(text, {}, 'talconfig.yaml'));
  located(e, 'talconfig.yaml');
  assert.match(e.message, /yamlDepth limit/);
});

test('a "# $X" comment before any content needs no scan: kept as written, and loading the talconfig is the yamlDepth limit', async () => {
  const text = `# uses $UNSET\n${deepThenDedent}`;
  assert.is(substitute(text, {}, 'talconfig.yaml'), text);
  const dir = makeRepo({ 'talconfig.yaml': `# yaml-language-server: $schema=\${UNSET}\n${BASIC}${deepThenDedent}` });
  const r = await talgenMain(['validate', 'talconfig'], { cwd: dir });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /talconfig\.yaml:\d+:\d+: YAML nesting is over talgen's yamlDepth limit/);
  assert.not.match(r.stderr, /UNSET|internal error|    at /);
});

test('an RFC 6902 patch whose JSON value nests past jsonDepth is refused at the bracket that goes over it', () => {
  const n = 5000;
  const text = `\n[{"op": "add", "path": "/machine/x", "value": ${'['.repeat(n)}${']'.repeat(n)}}]`;
  const e = errorOf(() => parsePatch(text, 'deep.json'));
  located(e, 'deep.json', 2);
  assert.match(e.message, new RegExp(`JSON nesting is over talgen's jsonDepth limit \\(${LIMITS.jsonDepth.max} levels\\)`));
  assert.is(e.col, 46 + LIMITS.jsonDepth.max - 1);
});

test('an RFC 6902 operation that fails is located at the operation (JSON and YAML), with a hint', () => {
  for (const [file, text, line] of [
    ['p.json', '[\n  {"op": "add", "path": "/machine/network/hostname", "value": "b"},\n  {"op": "remove", "path": "/machine/nope"}\n]', 3],
    ['p.yaml', '- op: add\n  path: /machine/network/hostname\n  value: b\n- op: remove\n  path: /machine/nope\n', 4],
  ] as const) {
    const e = errorOf(() => applyPatches(base(), [parsePatch(text, file)], { contract: V113 }));
    located(e, file, line);
    assert.match(e.message, /JSON patch operation 1 \(remove \/machine\/nope\) failed/);
  }
});

test('an RFC 6902 list item that is not an operation is located at the item', () => {
  located(
    errorOf(() => parsePatch('[\n  {"op": "add"},\n  7\n]', 'p.json')),
    'p.json',
    3,
  );
  located(
    errorOf(() => parsePatch('- op: add\n- 7\n', 'p.yaml')),
    'p.yaml',
    2,
  );
});

test('a strategic patch deleting a document the config does not have (Talos < 1.14) is located at that document', () => {
  const text = 'machine:\n  network:\n    hostname: b\n---\napiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\n$patch: delete\n';
  located(
    errorOf(() => applyPatches(base(), [parsePatch(text, 'p.yaml')], { contract: V113 })),
    'p.yaml',
    5,
  );
});

test('a delete statement without apiVersion is located at its document', () => {
  located(
    errorOf(() => applyPatches(base(), [parsePatch('kind: UserVolumeConfig\nname: x\n$patch: delete\n', 'p.yaml')], { contract: V113 })),
    'p.yaml',
    1,
  );
});

test('a patch that is a scalar is located, with a hint', () => {
  located(
    errorOf(() => parsePatch('# note\n7\n', 'p.yaml')),
    'p.yaml',
    2,
  );
});

test('SOPS errors carry line:col and a hint in every format (dotenv, INI, binary), at the field they are about', async () => {
  const recipient = 'age1wwzxvmuy3fexshakyvdy0jycce465n9lp4lcn377sl0qat9k8u3qe4gh9s';
  const noKey = { identities: [], tried: ['none'] };
  for (const [file, plain, format] of [
    ['a.env', 'A=1\nB=2\n', 'dotenv'],
    ['a.ini', '[s]\na = 1\n', 'ini'],
    ['a.bin', 'payload', 'binary'],
  ] as const) {
    const text = await encryptText(plain, file, { recipients: [recipient], format });
    const e = await rejection(openMaybeEncrypted(text, file, { keys: noKey, format }));
    located(e, file);
    const line = text.split('\n')[e.line! - 1]!;
    assert.match(line, /recipient|sops|age/, `${file}: ${e.format()} points at ${line}`);
    // a value's tag cut short: the error names the value, and points at it
    const cut = text.replace(/tag:[^,\]]+/, 'tag:AA==');
    const keyText = readFileSync(join(ROOT, 'examples', 'basic', 'age-test-key.txt'), 'utf8');
    const keys = { identities: [/^AGE-SECRET-KEY-\S+$/m.exec(keyText)![0]], tried: ['test key'] };
    const v = await rejection(openMaybeEncrypted(cut, file, { keys, format }));
    located(v, file);
  }
});

test('a secrets bundle missing whole sections is located at its top-level mapping, with a hint', () => {
  const e = errorOf(() =>
    loadSecretsBundle(
      'cluster:\n    id: 5PEId9CjKGWBYICowLDMtJR6yDf8ng4Yg5iZNTaCELY=\n    secret: K4DLcx4bPHHxIBd4Ln8znD1wtmlluwch4ZM07ex105s=\n',
      'talsecret.yaml',
    ),
  );
  located(e, 'talsecret.yaml', 1);
  assert.match(e.format(), /secrets: missing/);
});

test('a rendered-config rule names the node and has a hint; talconfig schema errors have hints', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC.replace('nodes:', 'clusterSvcNets:\n  - nope\nnodes:') });
  const r = await talgenMain(['genconfig'], { cwd: dir });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /talconfig\.yaml:6:5: clusterSvcNets\[0\]: is not a valid CIDR[^\n]*\n {2}hint: \S/);
  const empty = makeRepo({ 'talconfig.yaml': BASIC });
  writeFileSync(join(empty, 'talsecret.yaml'), '\n');
  const s = await talgenMain(['genconfig'], { cwd: empty });
  assert.is(s.code, 1, s.stderr);
  assert.match(s.stderr, /talsecret\.yaml:1:1: secrets file is empty\n {2}hint: /);
});

test('Go templates that build huge values or loop too long end at a limit, located in the template', () => {
  for (const [tmpl, limit, col] of [
    ['a: {{ repeat 1000000000 "x" }}', 'templateSize', 7],
    ['a: {{ indent 1000000000 "x" }}', 'templateSize', 7],
    ['a: {{ until 100000000 | len }}', 'templateSize', 7],
    ['a: {{ seq 1 100000000 }}', 'templateSize', 7],
    ['a: {{ range 100000000 }}{{ end }}', 'templateSize', 7],
    ['a: {{ printf "%.1000000000f" 1.0 }}', 'templatePrecision', 7],
    ['a: {{ range until 3000 }}{{ range until 3000 }}x{{ end }}{{ end }}', 'templateSteps', undefined],
  ] as const) {
    const e = errorOf(() => renderGoTemplate(tmpl, {}, 'patches[0]', { file: 'p.yaml' }));
    located(e, 'p.yaml', 1);
    if (col) assert.is(e.col, col, e.format());
    assert.match(e.message, new RegExp(`over talgen's ${limit} limit \\(${LIMITS[limit].max} `), e.format());
  }
});

test('a negative repeat or indent count is the error Go gives (strings.Repeat panics), not a RangeError', () => {
  for (const tmpl of ['{{ repeat -1 "x" }}', '{{ indent -2 "x" }}', '{{ nindent -2 "x" }}']) {
    const e = errorOf(() => renderGoTemplate(tmpl, {}, 'patches[0]', { file: 'p.yaml' }));
    located(e, 'p.yaml', 1);
    assert.match(e.message, /strings: negative Repeat count/);
  }
});

test('an RFC 6902 list followed by another YAML document is located at that document', () => {
  located(
    errorOf(() => parsePatch('- op: add\n  path: /machine/x\n  value: 1\n---\nmachine: {}\n', 'p.yaml')),
    'p.yaml',
    4,
  );
});

test('a strategic patch value of the wrong shape, and a delete of a path the config lacks, have hints', () => {
  const shape = errorOf(() =>
    applyPatches(base(), [parsePatch('cluster:\n  apiServer:\n    admissionControl:\n      $patch: x\n', 'p.yaml')], { contract: V113 }),
  );
  located(shape, 'p.yaml', 3);
  assert.match(shape.message, /expected a list, got a mapping/);
  const del = errorOf(() =>
    applyPatches(base(), [parsePatch('cluster:\n  apiServer:\n    admissionControl:\n      $patch: delete\n', 'p.yaml')], { contract: V113 }),
  );
  located(del, 'p.yaml', 3);
  assert.match(del.message, /lookup failed/);
});

test('an empty secrets bundle is located at its start', () => {
  located(
    errorOf(() => loadSecretsBundle('# nothing\n', 'talsecret.yaml')),
    'talsecret.yaml',
    1,
  );
});

const ONE_NODE =
  'clusterName: demo\ntalosVersion: v1.13.9\nkubernetesVersion: v1.36.3\nendpoint: https://10.0.0.10:6443\nnodes:\n  - hostname: cp1\n    ipAddress: 10.0.0.11\n    controlPlane: true\n    installDisk: /dev/sda\n';

async function refusedAt(talconfig: string, where: RegExp): Promise<void> {
  const dir = makeRepo({ 'talconfig.yaml': talconfig });
  const r = await talgenMain(['genconfig'], { cwd: dir });
  assert.is(r.code, 1, r.stderr);
  assert.not.match(r.stderr, /internal error|    at /);
  assert.match(r.stderr, where);
  assert.match(r.stderr, /\n {2}hint: \S/);
  assert.not.ok(existsSync(join(dir, 'clusterconfig')));
}

test('an empty networkInterfaces item is a schema error, not a TypeError in the interface rules', async () => {
  await refusedAt(`${ONE_NODE}    networkInterfaces:\n      -\n`, /talconfig\.yaml:11:8: nodes\[0\]\.networkInterfaces\[0\]: must be object/);
});

test('errors in the documents talhelper makes of node settings name the node (they come from no file)', async () => {
  const svc = '    extensionServices:\n      - name: nut-client\n        environment: [A=1]\n      - name: nut-client\n        environment: [A=2]\n';
  await refusedAt(
    `${ONE_NODE}${svc}`,
    /talgen: nodes\[0\] \(talconfig node settings\): duplicate document v1alpha1\/ExtensionServiceConfig\/nut-client is not allowed/,
  );
});

test('a schematic enum value that is not one of the values lists them as the hint', async () => {
  await refusedAt(
    `${ONE_NODE}    schematic:\n      customization:\n        secureboot:\n          enrollKeys: sometimes\n`,
    /enrollKeys: "sometimes" is not one of off, manual, if-safe, force\n {2}hint: write one of off, manual, if-safe, force/,
  );
});

test("a malformed JSON patch is located (JSON.parse's offset, else YAML's position), with a hint", () => {
  const e = errorOf(() => parsePatch('\n[{ op: "add" }, { : ]]', 'p.json'));
  located(e, 'p.json', 2);
  assert.is(e.col, 4);
  located(
    errorOf(() => parsePatch('[plugins."io"]\nx: [\n', 'p.json')),
    'p.json',
  );
});

test('YAML errors are reported without quoting the line (a long line with thousands of errors made that quadratic: a hang)', async () => {
  const text = `- op: remove\n${'{"a":1}'.repeat(4000)}\n`;
  const e = errorOf(() => parsePatch(text, 'p.yaml'));
  located(e, 'p.yaml', 2);
  assert.is(e.message, 'Unexpected flow-map-start at node end');
  const sops = await rejection(
    openMaybeEncrypted(`a: ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:str]\nb: ${']'.repeat(2000)}\nsops:\n  mac: x\n`, 's.yaml', {
      keys: { identities: [], tried: [] },
    }),
  );
  located(sops, 's.yaml', 2);
  assert.is(sops.col, 4);
  assert.match(sops.message, /not YAML sops could have written: Unexpected flow-seq-end token in YAML stream: "\]"$/);
});

test('an RFC 6902 value of .inf (JSON has no infinity) is located at its operation, with a hint', () => {
  located(
    errorOf(() => parsePatch('- op: add\n  path: /machine/x\n  value: 1\n- op: add\n  path: /machine/y\n  value: .inf\n', 'p.yaml')),
    'p.yaml',
    4,
  );
});

test.run();
