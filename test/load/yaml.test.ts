import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadYamlFile, parseYamlText } from '../../src/load/yaml.js';
import { OffsetMap } from '../../src/load/sourcemap.js';
import { substituteMapped } from '../../src/substitute/index.js';
import { errorOf } from '../helpers/errors.js';
const thrown = (fn: () => unknown) => errorOf(fn);

const ANCHORS = `x-defaults: &defaults
  installDisk: /dev/sda
  nodeLabels:
    zone: a
nodes:
  - hostname: n1
    <<: *defaults
  - hostname: n2
    <<: [*defaults]
    installDisk: /dev/nvme0n1
  - hostname: n3
    labels: *defaults
`;

test('anchors, aliases and << merge keys are resolved in the value', () => {
  const y = parseYamlText(ANCHORS, 'talconfig.yaml');
  const nodes = (y.value as { nodes: Record<string, unknown>[] }).nodes;
  assert.equal(nodes[0], { hostname: 'n1', installDisk: '/dev/sda', nodeLabels: { zone: 'a' } });
  assert.equal(nodes[1], { hostname: 'n2', installDisk: '/dev/nvme0n1', nodeLabels: { zone: 'a' } }, 'explicit keys win over merged ones');
  assert.equal(nodes[2]!.labels, { installDisk: '/dev/sda', nodeLabels: { zone: 'a' } });
  assert.ok(y.doc.contents, 'the parsed document is returned');
});

test('positionOf follows merge keys and aliases to where the value is written', () => {
  const y = parseYamlText(ANCHORS, 'talconfig.yaml');
  assert.equal(y.positionOf(['nodes', 0, 'installDisk']), { file: 'talconfig.yaml', line: 2, col: 16 });
  assert.equal(y.positionOf(['nodes', 0, 'nodeLabels', 'zone']), { file: 'talconfig.yaml', line: 4, col: 11 });
  assert.equal(y.positionOf(['nodes', 1, 'installDisk']), { file: 'talconfig.yaml', line: 10, col: 18 }, 'own key, not the merged one');
  assert.equal(y.positionOf(['nodes', 2, 'labels', 'installDisk'], true), { file: 'talconfig.yaml', line: 2, col: 3 });
  assert.equal(y.positionOf(['nodes', 1, 'hostname'], true), { file: 'talconfig.yaml', line: 8, col: 5 });
  assert.equal(y.positionOf(['nodes', 7, 'hostname']), { file: 'talconfig.yaml', line: 6, col: 3 }, 'missing path: closest existing ancestor');
});

test('YAML syntax error: file:line:col and a hint', () => {
  const e = thrown(() => parseYamlText('clusterName: a\nnodes:\n  - hostname: [n1\n    ipAddress: 1.2.3.4\n', 'talconfig.yaml'));
  assert.is(e.file, 'talconfig.yaml');
  assert.equal([e.line, e.col], [4, 5], 'where the parser finds the unclosed flow sequence');
  assert.match(e.message, /^YAML: /);
  assert.ok(e.hint);
  const tab = thrown(() => parseYamlText('a:\n\tb: 1\n', 'f.yaml'));
  assert.match(tab.format(), /^f\.yaml:2:1: YAML: /);
});

test('duplicate keys are an error naming the key and its position', () => {
  const e = thrown(() => parseYamlText('nodes:\n  - hostname: a\n    ipAddress: 1.1.1.1\n    hostname: b\n', 'talconfig.yaml'));
  assert.match(e.format(), /^talconfig\.yaml:4:5: YAML: duplicate key "hostname"/);
  assert.match(e.hint ?? '', /twice/);
});

test('a \\u or \\U escape naming a lone surrogate is an error at its scalar; a text without such escapes parses', () => {
  assert.match(thrown(() => parseYamlText('a: ok\nb: "x\\ud800"\n', 'x.yaml')).format(), /^x\.yaml:2:4: YAML: a "\\u" escape names a UTF-16 surrogate/);
  assert.match(thrown(() => parseYamlText('k:\n  - "\\U0000DC00"\n', 'x.yaml')).format(), /^x\.yaml:2:5: YAML: /);
  assert.equal(parseYamlText('a: "\\u00e9 \\U0001F600"\nb: "\\x41"\n', 'x.yaml').value, { a: '\u00e9 \u{1F600}', b: 'A' });
});

test('more than one document is an error', () => {
  assert.match(thrown(() => parseYamlText('a: 1\n---\nb: 2\n', 'x.yaml')).format(), /^x\.yaml:2:1: YAML: more than one YAML document/);
});

test('loadYamlFile: missing file says where it looked; existing file parses with its absolute name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'talgen-load-'));
  const e = thrown(() => loadYamlFile(join(dir, 'nope.yaml'), 'talconfig'));
  assert.match(e.message, new RegExp(`talconfig not found \\(looked at ${dir}/nope\\.yaml\\)`));
  writeFileSync(join(dir, 'a.yaml'), 'k: [1, 2]\n');
  const y = loadYamlFile(join(dir, 'a.yaml'));
  assert.equal(y.value, { k: [1, 2] });
  assert.equal(y.positionOf(['k', 1]), { file: join(dir, 'a.yaml'), line: 1, col: 8 });
});

test('positions survive substitution: shorter, longer and multi-line expansions', () => {
  const src = 'a: ${LONG_VARIABLE_NAME}, b: x\nc: $SHORT and more\nd: ${MULTI}\ne: [1, 2, bad]\n';
  const env = { LONG_VARIABLE_NAME: 'v', SHORT: 'a much longer value than the name', MULTI: '|\n  one\n  two' };
  // Flow-mapping-free variant for a and b on one line.
  const text = src.replace('a: ${LONG_VARIABLE_NAME}, b: x', 'a: {k: ${LONG_VARIABLE_NAME}, b: x}');
  const sub = substituteMapped(text, env, 'talconfig.yaml');
  const y = parseYamlText(sub.text, 'talconfig.yaml', { source: text, map: sub.map });
  assert.equal(y.value, { a: { k: 'v', b: 'x' }, c: 'a much longer value than the name and more', d: 'one\ntwo\n', e: [1, 2, 'bad'] });
  assert.equal(y.positionOf(['a', 'b']), { file: 'talconfig.yaml', line: 1, col: 34 }, 'after a shorter expansion');
  assert.equal(y.positionOf(['a', 'k']), { file: 'talconfig.yaml', line: 1, col: 8 }, 'the expanded value sits at its ${');
  assert.equal(y.positionOf(['e', 2]), { file: 'talconfig.yaml', line: 4, col: 11 }, 'after a multi-line expansion');
  assert.equal(y.positionOf(['d']), { file: 'talconfig.yaml', line: 3, col: 4 });
});

test('a variable may expand to YAML structure (like talhelper, which substitutes the text)', () => {
  const text = 'nodes:\n  - hostname: n1\n    nodeLabels: ${LABELS}\n    installDisk: /dev/sda\n';
  const sub = substituteMapped(text, { LABELS: '{zone: a, rack: "7"}' }, 'talconfig.yaml');
  const y = parseYamlText(sub.text, 'talconfig.yaml', { source: text, map: sub.map });
  assert.equal((y.value as any).nodes[0].nodeLabels, { zone: 'a', rack: '7' });
  assert.equal(y.positionOf(['nodes', 0, 'nodeLabels', 'rack']), { file: 'talconfig.yaml', line: 3, col: 17 });
  assert.equal(y.positionOf(['nodes', 0, 'installDisk']), { file: 'talconfig.yaml', line: 4, col: 18 });
});

test('a syntax error created by an expansion points at the variable in the source', () => {
  const text = 'a: 1\nb: ${BROKEN}\nc: 3\n';
  const sub = substituteMapped(text, { BROKEN: '[unclosed' }, 'talconfig.yaml');
  const e = thrown(() => parseYamlText(sub.text, 'talconfig.yaml', { source: text, map: sub.map }));
  assert.is(e.file, 'talconfig.yaml');
  assert.ok(e.line === 2 || e.line === 3, `line ${e.line}`);
});

test('OffsetMap maps copies one to one and replacements to their start', () => {
  const m = new OffsetMap();
  m.copy(0, 3); // "ab " → out 0..3
  m.replace(3, 10, 2); // "${VAR}x" (7 chars) → 2 chars at out 3..5
  m.copy(10, 4); // out 5..9
  assert.equal(
    [0, 2, 3, 4, 5, 8, 9].map((o) => m.toSource(o)),
    [0, 2, 3, 3, 10, 13, 14],
  );
  assert.is(m.outputLength, 9);
});

test.run();
