import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JsonLiteral, type JsonNode } from '../../src/patch/json-text.js';
import { parsePatch } from '../../src/patch/load.js';

/** JSON text of each member of the first operation's value, as Talos gets it from go-yaml v3 and json.Marshal. */
function valueTexts(yaml: string): Record<string, string | null> {
  const p = parsePatch(yaml, 'p.yaml');
  if (p.kind !== 'json6902') throw new Error('not a JSON patch');
  const value = p.ops[0]!.get('value') as Map<string, JsonNode>;
  return Object.fromEntries([...value].map(([k, v]) => [k, v instanceof JsonLiteral ? v.text : null]));
}

// Facts from go-yaml v3 Unmarshal into []map[string]any followed by encoding/json Marshal.
const SCALARS: [string, string, string | null][] = [
  ['old octal', '0755', '493'],
  ['0o octal', '0o755', '493'],
  ['binary', '0b11', '3'],
  ['hex', '0x1F', '31'],
  ['negative hex', '-0x10', '-16'],
  ['underscores', '1_000', '1000'],
  ['leading zero, not octal: a float', '08', '8'],
  ['float with a zero fraction', '1.0', '1'],
  ['exponent', '1e3', '1000'],
  ['largest uint64', '18446744073709551615', '18446744073709551615'],
  ['beyond uint64: a float', '18446744073709551616', '18446744073709552000'],
  ['yes stays a string', 'yes', '"yes"'],
  ['quoted digits stay a string', '"0755"', '"0755"'],
  ['tilde is null', '~', null],
  ['HTML characters are escaped', 'a<b&c', '"a\\u003cb\\u0026c"'],
  ['a date is a time', '2024-01-01', '"2024-01-01T00:00:00Z"'],
  ['short fields, fraction and offset', '2024-1-2T3:4:5.120+02:00', '"2024-01-02T03:04:05.12+02:00"'],
  ['space form without a zone is UTC', '2024-01-02 10:00:00', '"2024-01-02T10:00:00Z"'],
  ['lower-case t, offset zero is Z', '2024-01-02t10:00:00.5-00:00', '"2024-01-02T10:00:00.5Z"'],
  ['T form without a zone is a string', '2024-01-02T10:00:00', '"2024-01-02T10:00:00"'],
  ['an impossible date is a string', '2024-02-30', '"2024-02-30"'],
];

for (const [name, yaml, json] of SCALARS) {
  test(`YAML-written JSON patch value: ${name} (${yaml} → ${json})`, () => {
    assert.equal(valueTexts(`- op: add\n  path: /a\n  value: {v: ${yaml}}\n`), { v: json });
  });
}

test('YAML-written JSON patch: aliases resolve, a null item is an operation without members', () => {
  const p = parsePatch('- op: add\n  path: /a\n  value: &v {x: 1}\n- op: add\n  path: /b\n  value: *v\n-\n', 'p.yaml');
  assert.is(p.kind, 'json6902');
  if (p.kind !== 'json6902') return;
  assert.equal(
    p.ops.map((o) => o.size),
    [3, 3, 0],
  );
  assert.equal([...(p.ops[1]!.get('value') as Map<string, JsonNode>).keys()], ['x']);
});

test.run();
