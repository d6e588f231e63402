import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TalgenError } from '../../src/core/errors.js';
import { GoYamlScalar } from '../../src/emit/goyaml.js';
import { applyJsonPatch, JsonPatchError, type JsonPatchOp } from '../../src/patch/json-patch.js';
import { fromJsonNode, type JsonLiteral, jsonEqual, parseJsonText, toJsonNode, type JsonNode, type JsonObject } from '../../src/patch/json-text.js';
import { parsePatch } from '../../src/patch/load.js';
import { errorOf } from '../helpers/errors.js';
const failure = (fn: () => unknown) => errorOf(fn, JsonPatchError);

type Expected = { doc: string } | { error: string; index?: number };

function run(doc: string, ops: JsonPatchOp[]): unknown {
  return fromJsonNode(applyJsonPatch(parseJsonText(doc, 'doc.json') as JsonObject, ops));
}

/**
 * One row per op × situation: the document as ghodss/yaml hands it over (canonical JSON), the patch as JSON text,
 * and what evanphx/json-patch v5.9.11 (root package) produces for it: the resulting document or its error text.
 */
const ROWS: [string, string, string, Expected][] = [
  ['add: a member of an object', '{"a":{"b":1}}', '[{"op":"add","path":"/a/c","value":2}]', { doc: '{"a":{"b":1,"c":2}}' }],
  ['add: an existing member is overwritten', '{"a":{"b":1}}', '[{"op":"add","path":"/a/b","value":[3]}]', { doc: '{"a":{"b":[3]}}' }],
  [
    'add: a missing parent fails',
    '{"a":{}}',
    '[{"op":"add","path":"/x/y","value":1}]',
    { error: 'add operation does not apply: doc is missing path: "/x/y": missing value' },
  ],
  [
    'add: a scalar parent fails',
    '{"a":"s"}',
    '[{"op":"add","path":"/a/b","value":1}]',
    { error: 'add operation does not apply: doc is missing path: "/a/b": missing value' },
  ],
  [
    'add: a null parent fails',
    '{"a":null}',
    '[{"op":"add","path":"/a/b","value":1}]',
    { error: 'add operation does not apply: doc is missing path: "/a/b": missing value' },
  ],
  ['add: - appends to an array', '{"a":[1,2]}', '[{"op":"add","path":"/a/-","value":3}]', { doc: '{"a":[1,2,3]}' }],
  ['add: index == length appends', '{"a":[1,2]}', '[{"op":"add","path":"/a/2","value":3}]', { doc: '{"a":[1,2,3]}' }],
  ['add: index inserts before the item', '{"a":[1,2]}', '[{"op":"add","path":"/a/0","value":0}]', { doc: '{"a":[0,1,2]}' }],
  [
    'add: index > length fails',
    '{"a":[1,2]}',
    '[{"op":"add","path":"/a/3","value":3}]',
    { error: "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced" },
  ],
  ['add: -1 is after the last item', '{"a":[1,2]}', '[{"op":"add","path":"/a/-1","value":9}]', { doc: '{"a":[1,2,9]}' }],
  ['add: -(length+1) is the front', '{"a":[1,2]}', '[{"op":"add","path":"/a/-3","value":9}]', { doc: '{"a":[9,1,2]}' }],
  [
    'add: a more negative index fails',
    '{"a":[1,2]}',
    '[{"op":"add","path":"/a/-4","value":9}]',
    { error: "error in add for path: '/a/-4': Unable to access invalid index: -4: invalid index referenced" },
  ],
  [
    'add: a non-integer array index fails',
    '{"a":[1,2]}',
    '[{"op":"add","path":"/a/x","value":9}]',
    { error: "error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax" },
  ],
  [
    'add: an index beyond int64 fails',
    '{"a":[1,2]}',
    '[{"op":"add","path":"/a/99999999999999999999","value":9}]',
    {
      error:
        "error in add for path: '/a/99999999999999999999': value was not a proper array index: '99999999999999999999': strconv.Atoi: parsing \"99999999999999999999\": value out of range",
    },
  ],
  [
    'add: Atoi forms 01, +0 and -0 are indexes',
    '{"a":[1]}',
    '[{"op":"add","path":"/a/01","value":2},{"op":"add","path":"/a/+0","value":0},{"op":"add","path":"/a/-0","value":-1}]',
    { doc: '{"a":[-1,0,1,2]}' },
  ],
  ['add: an absent value adds null', '{"a":1}', '[{"op":"add","path":"/b"}]', { doc: '{"a":1,"b":null}' }],
  ['add: a null value adds null', '{"a":1}', '[{"op":"add","path":"/b","value":null}]', { doc: '{"a":1,"b":null}' }],
  [
    'add: the empty path fails',
    '{"a":1}',
    '[{"op":"add","path":"","value":{}}]',
    { error: 'add operation does not apply: doc is missing path: "": missing value' },
  ],
  [
    'add: a path without / fails',
    '{"a":1}',
    '[{"op":"add","path":"b","value":2}]',
    { error: 'add operation does not apply: doc is missing path: "b": missing value' },
  ],
  ['add: the first segment is not read', '{"a":1}', '[{"op":"add","path":"x/b","value":2}]', { doc: '{"a":1,"b":2}' }],
  ['add: a negative index inside the path', '{"a":[{"b":1},{"b":2}]}', '[{"op":"add","path":"/a/-1/c","value":3}]', { doc: '{"a":[{"b":1},{"b":2,"c":3}]}' }],
  [
    'add: - inside the path fails',
    '{"a":[{"b":1}]}',
    '[{"op":"add","path":"/a/-/c","value":3}]',
    { error: 'add operation does not apply: doc is missing path: "/a/-/c": missing value' },
  ],
  ['add: a missing path member fails', '{"a":1}', '[{"op":"add","value":1}]', { error: 'add operation failed to decode path: missing value' }],
  ['add: a non-string path fails as missing', '{"a":1}', '[{"op":"add","path":1,"value":1}]', { error: 'add operation failed to decode path: missing value' }],
  ['remove: a member', '{"a":1,"b":2}', '[{"op":"remove","path":"/a"}]', { doc: '{"b":2}' }],
  ['remove: a null member', '{"a":null,"b":2}', '[{"op":"remove","path":"/a"}]', { doc: '{"b":2}' }],
  [
    'remove: a missing member fails',
    '{"a":1}',
    '[{"op":"remove","path":"/b"}]',
    { error: "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value" },
  ],
  ['remove: an array item', '{"a":[1,2,3]}', '[{"op":"remove","path":"/a/1"}]', { doc: '{"a":[1,3]}' }],
  ['remove: a negative index counts from the end', '{"a":[1,2,3]}', '[{"op":"remove","path":"/a/-1"}]', { doc: '{"a":[1,2]}' }],
  [
    'remove: index == length fails',
    '{"a":[1,2]}',
    '[{"op":"remove","path":"/a/2"}]',
    { error: "error in remove for path: '/a/2': Unable to access invalid index: 2: invalid index referenced" },
  ],
  [
    'remove: a too negative index fails',
    '{"a":[1,2]}',
    '[{"op":"remove","path":"/a/-3"}]',
    { error: "error in remove for path: '/a/-3': Unable to access invalid index: -3: invalid index referenced" },
  ],
  [
    'remove: - fails',
    '{"a":[1,2]}',
    '[{"op":"remove","path":"/a/-"}]',
    { error: 'error in remove for path: \'/a/-\': strconv.Atoi: parsing "-": invalid syntax' },
  ],
  [
    'remove: the empty path fails',
    '{"a":1}',
    '[{"op":"remove","path":""}]',
    { error: 'remove operation does not apply: doc is missing path: "": missing value' },
  ],
  [
    'remove: a missing parent fails',
    '{"a":1}',
    '[{"op":"remove","path":"/x/y"}]',
    { error: 'remove operation does not apply: doc is missing path: "/x/y": missing value' },
  ],
  ['replace: an existing member', '{"a":{"b":1}}', '[{"op":"replace","path":"/a/b","value":2}]', { doc: '{"a":{"b":2}}' }],
  ['replace: a missing member is added', '{"a":{"b":1}}', '[{"op":"replace","path":"/a/c","value":2}]', { doc: '{"a":{"b":1,"c":2}}' }],
  [
    'replace: a missing parent fails',
    '{"a":{"b":1}}',
    '[{"op":"replace","path":"/x/c","value":2}]',
    { error: 'replace operation does not apply: doc is missing path: /x/c: missing value' },
  ],
  ['replace: an array item', '{"a":[1,2]}', '[{"op":"replace","path":"/a/1","value":5}]', { doc: '{"a":[1,5]}' }],
  ['replace: a negative index', '{"a":[1,2]}', '[{"op":"replace","path":"/a/-2","value":5}]', { doc: '{"a":[5,2]}' }],
  [
    'replace: index == length fails',
    '{"a":[1,2]}',
    '[{"op":"replace","path":"/a/2","value":5}]',
    { error: 'replace operation does not apply: doc is missing key: /a/2: missing value' },
  ],
  [
    'replace: - fails',
    '{"a":[1,2]}',
    '[{"op":"replace","path":"/a/-","value":5}]',
    { error: 'replace operation does not apply: doc is missing key: /a/-: missing value' },
  ],
  ['replace: the whole document with an object', '{"a":1}', '[{"op":"replace","path":"","value":{"z":1}}]', { doc: '{"z":1}' }],
  [
    'replace: the whole document with a scalar fails',
    '{"a":1}',
    '[{"op":"replace","path":"","value":1}]',
    { error: 'replace operation value must be object or array: %!w(<nil>)' },
  ],
  ['replace: an absent value sets null', '{"a":1}', '[{"op":"replace","path":"/a"}]', { doc: '{"a":null}' }],
  [
    'replace: a non-string path fails',
    '{"a":1}',
    '[{"op":"replace","path":5,"value":1}]',
    { error: 'replace operation failed to decode path: json: cannot unmarshal number into Go value of type string' },
  ],
  [
    'replace: a missing path fails',
    '{"a":1}',
    '[{"op":"replace","value":1}]',
    { error: 'replace operation failed to decode path: operation missing path field: missing value' },
  ],
  ['move: a member', '{"a":{"b":1},"c":{}}', '[{"op":"move","from":"/a/b","path":"/c/d"}]', { doc: '{"a":{},"c":{"d":1}}' }],
  ['move: an array item to the end', '{"a":[1,2,3]}', '[{"op":"move","from":"/a/0","path":"/a/-"}]', { doc: '{"a":[2,3,1]}' }],
  [
    'move: a missing member fails with its key',
    '{"a":1}',
    '[{"op":"move","from":"/x","path":"/b"}]',
    { error: "error in move for path: 'x': Unable to remove nonexistent key: x: missing value" },
  ],
  [
    'move: a missing from parent fails',
    '{"a":1}',
    '[{"op":"move","from":"/x/y","path":"/b"}]',
    { error: 'move operation does not apply: doc is missing from path: /x/y: missing value' },
  ],
  [
    'move: a bad from index fails with its key',
    '{"a":[1]}',
    '[{"op":"move","from":"/a/4","path":"/b"}]',
    { error: "error in move for path: '4': Unable to access invalid index: 4: invalid index referenced" },
  ],
  [
    'move: without from fails',
    '{"a":1}',
    '[{"op":"move","path":"/b"}]',
    { error: 'move operation failed to decode from: operation, missing from field: missing value' },
  ],
  [
    'move: into its own child fails',
    '{"a":{"b":1}}',
    '[{"op":"move","from":"/a","path":"/a/c"}]',
    { error: 'move operation does not apply: doc is missing destination path: /a/c: missing value' },
  ],
  [
    'move: a non-string from fails',
    '{"a":1}',
    '[{"op":"move","from":true,"path":"/b"}]',
    { error: 'move operation failed to decode from: json: cannot unmarshal bool into Go value of type string' },
  ],
  [
    'copy: a member, deeply',
    '{"a":{"b":[1]}}',
    '[{"op":"copy","from":"/a","path":"/c"},{"op":"add","path":"/c/b/-","value":2}]',
    { doc: '{"a":{"b":[1]},"c":{"b":[1,2]}}' },
  ],
  ['copy: into an array of its own', '{"a":{"b":[1]}}', '[{"op":"copy","from":"/a","path":"/a/b/-"}]', { doc: '{"a":{"b":[1,{"b":[1]}]}}' }],
  ['copy: a missing member copies null', '{"a":1}', '[{"op":"copy","from":"/x","path":"/b"}]', { doc: '{"a":1,"b":null}' }],
  [
    'copy: a bad array index fails',
    '{"a":[1]}',
    '[{"op":"copy","from":"/a/3","path":"/b"}]',
    { error: "error in copy for from: '/a/3': Unable to access invalid index: 3: invalid index referenced" },
  ],
  [
    'copy: a missing from parent fails',
    '{"a":1}',
    '[{"op":"copy","from":"/x/y","path":"/b"}]',
    { error: 'copy operation does not apply: doc is missing from path: /x/y: missing value' },
  ],
  [
    'copy: a missing destination parent fails',
    '{"a":1}',
    '[{"op":"copy","from":"/a","path":"/x/b"}]',
    { error: 'copy operation does not apply: doc is missing destination path: /x/b: missing value' },
  ],
  [
    'copy: without from fails',
    '{"a":1}',
    '[{"op":"copy","path":"/b"}]',
    { error: 'copy operation failed to decode from: operation, missing from field: missing value' },
  ],
  ['copy: without path fails as missing', '{"a":1}', '[{"op":"copy","from":"/a"}]', { error: 'copy operation failed to decode path: missing value' }],
  [
    'copy: a bad destination index fails',
    '{"a":1,"l":[]}',
    '[{"op":"copy","from":"/a","path":"/l/1"}]',
    { error: 'error while adding value during copy: Unable to access invalid index: 1: invalid index referenced' },
  ],
  ['test: an equal scalar passes', '{"a":1}', '[{"op":"test","path":"/a","value":1}]', { doc: '{"a":1}' }],
  ['test: a different scalar fails', '{"a":1}', '[{"op":"test","path":"/a","value":2}]', { error: 'testing value /a failed: test failed' }],
  ['test: 1.0 is not 1', '{"a":1}', '[{"op":"test","path":"/a","value":1.0}]', { error: 'testing value /a failed: test failed' }],
  [
    'test: objects compare without member order',
    '{"a":{"x":1,"y":[true,"s"]}}',
    '[{"op":"test","path":"/a","value":{"y":[true,"s"],"x":1}}]',
    { doc: '{"a":{"x":1,"y":[true,"s"]}}' },
  ],
  [
    'test: nested numbers compare by text',
    '{"a":[{"b":1}]}',
    '[{"op":"test","path":"/a/0","value":{"b":1e0}}]',
    { error: 'testing value /a/0 failed: test failed' },
  ],
  [
    'test: a string compares by its escapes',
    '{"a":"x\\u003cy"}',
    '[{"op":"test","path":"/a","value":"x<y"}]',
    { error: 'testing value /a failed: test failed' },
  ],
  ['test: the same escapes pass', '{"a":"x\\u003cy"}', '[{"op":"test","path":"/a","value":"x\\u003cy"}]', { doc: '{"a":"x\\u003cy"}' }],
  ['test: a missing member matches null', '{"a":1}', '[{"op":"test","path":"/b","value":null}]', { doc: '{"a":1}' }],
  ['test: a missing member matches an absent value', '{"a":1}', '[{"op":"test","path":"/b"}]', { doc: '{"a":1}' }],
  ['test: a missing member does not match a value', '{"a":1}', '[{"op":"test","path":"/b","value":0}]', { error: 'testing value /b failed: test failed' }],
  ['test: a null member matches null', '{"a":null}', '[{"op":"test","path":"/a","value":null}]', { doc: '{"a":null}' }],
  ['test: a present member never matches an absent value', '{"a":1}', '[{"op":"test","path":"/a"}]', { error: 'testing value /a failed: test failed' }],
  ['test: a present member does not match null', '{"a":{}}', '[{"op":"test","path":"/a","value":null}]', { error: 'testing value /a failed: test failed' }],
  [
    'test: an index out of range fails',
    '{"a":[1]}',
    '[{"op":"test","path":"/a/5","value":1}]',
    { error: "error in test for path: '/a/5': Unable to access invalid index: 5: invalid index referenced" },
  ],
  [
    'test: a missing parent fails',
    '{"a":1}',
    '[{"op":"test","path":"/x/y","value":1}]',
    { error: 'test operation does not apply: is missing path: /x/y: missing value' },
  ],
  ['test: the whole document', '{"a":1}', '[{"op":"test","path":"","value":{"a":1}}]', { doc: '{"a":1}' }],
  ['test: the whole document, different', '{"a":1}', '[{"op":"test","path":"","value":{"a":2}}]', { error: 'testing value  failed: test failed' }],
  [
    'test: a value added in the same patch keeps its text',
    '{"a":1}',
    '[{"op":"add","path":"/b","value":1.0},{"op":"test","path":"/b","value":1.0},{"op":"test","path":"/b","value":1}]',
    { error: 'testing value /b failed: test failed' },
  ],
  [
    'pointer: ~1 and ~0 unescape',
    '{"a/b":1,"m~n":2,"~1":3}',
    '[{"op":"remove","path":"/a~1b"},{"op":"remove","path":"/m~0n"},{"op":"remove","path":"/~01"}]',
    { doc: '{}' },
  ],
  ['pointer: an empty segment is the empty key', '{"":{"":1}}', '[{"op":"replace","path":"//","value":2}]', { doc: '{"":{"":2}}' }],
  ['unknown op fails', '{"a":1}', '[{"op":"frob","path":"/a"}]', { error: 'Unexpected kind: frob' }],
  ['missing op fails as unknown', '{"a":1}', '[{"path":"/a"}]', { error: 'Unexpected kind: unknown' }],
  ['non-string op fails as unknown', '{"a":1}', '[{"op":5,"path":"/a"}]', { error: 'Unexpected kind: unknown' }],
  [
    'the first failing operation stops the patch',
    '{"a":1}',
    '[{"op":"remove","path":"/a"},{"op":"remove","path":"/a"}]',
    { error: "error in remove for path: '/a': Unable to remove nonexistent key: a: missing value" },
  ],
];

for (const [name, doc, patch, expected] of ROWS) {
  test(`RFC 6902 ${name}`, () => {
    const ops = parsePatch(patch, 'p.json');
    assert.is(ops.kind, 'json6902');
    if (ops.kind !== 'json6902') return;
    if ('doc' in expected) {
      assert.equal(run(doc, ops.ops), JSON.parse(expected.doc));
      return;
    }
    const e = failure(() => run(doc, ops.ops));
    assert.is(e.message, expected.error);
    assert.is(e.index, expected.index ?? ops.ops.length - 1);
  });
}

test('RFC 6902: the error names the operation as the library reads it', () => {
  const ops = (parsePatch('[{"op":"test","path":"/a","value":1},{"op":"remove","path":"/b"}]', 'p') as { ops: JsonPatchOp[] }).ops;
  const e = failure(() => run('{"a":1}', ops));
  assert.equal([e.index, e.op, e.path], [1, 'remove', '/b']);
  const odd = (parsePatch('[{"op":5,"path":7}]', 'p') as { ops: JsonPatchOp[] }).ops;
  const e2 = failure(() => run('{"a":1}', odd));
  assert.equal([e2.index, e2.op, e2.path], [0, 'unknown', 'unknown']);
});

test('RFC 6902: neither the document nor the patch is changed, inserted values are private copies', () => {
  const doc = parseJsonText('{"a":{"b":[1]}}', 'doc.json') as JsonObject;
  const { ops } = parsePatch(
    '[{"op":"add","path":"/c","value":{"d":[]}},{"op":"add","path":"/c/d/-","value":1},{"op":"add","path":"/a/b/-","value":2}]',
    'p',
  ) as { ops: JsonPatchOp[] };
  assert.equal(fromJsonNode(applyJsonPatch(doc, ops)), { a: { b: [1, 2] }, c: { d: [1] } });
  assert.equal(fromJsonNode(applyJsonPatch(doc, ops)), { a: { b: [1, 2] }, c: { d: [1] } });
  assert.equal(fromJsonNode(doc), { a: { b: [1] } });
  assert.equal(fromJsonNode(ops[0]!.get('value') ?? null), { d: [] });
});

test('RFC 6902 written as YAML: values are re-encoded like Go json.Marshal, so 1.0 tests equal to 1', () => {
  const yaml = parsePatch('- op: test\n  path: /a\n  value: 1.0\n- op: test\n  path: /s\n  value: x<y', 'p.yaml');
  assert.is(yaml.kind === 'json6902' && run('{"a":1,"s":"x\\u003cy"}', yaml.ops) !== undefined, true);
  const json = parsePatch('[{"op":"test","path":"/a","value":1.0}]', 'p.json');
  assert.is(json.kind === 'json6902' && failure(() => run('{"a":1}', json.ops)).message, 'testing value /a failed: test failed');
});

test('parsePatch keeps JSON members as written (whitespace aside) and reads null items as empty operations', () => {
  const p = parsePatch('[ {"op" : "add", "path": "/a", "value": { "n" : 1.50, "s": "\\u0041" } }, null ]', 'p.json');
  assert.is(p.kind, 'json6902');
  if (p.kind !== 'json6902') return;
  const value = p.ops[0]!.get('value') as JsonObject;
  assert.equal(
    [...value].map(([k, v]) => [k, (v as JsonLiteral).text]),
    [
      ['n', '1.50'],
      ['s', '"\\u0041"'],
    ],
  );
  assert.is(p.ops[1]!.size, 0);
  assert.is(failure(() => run('{}', p.ops)).message, 'Unexpected kind: unknown');
});

test('toJsonNode: the config as ghodss/yaml converts it (Go string escapes, -0, file modes as integers, maps)', () => {
  const text = (n: JsonNode) => (n as JsonLiteral).text;
  assert.is(text(toJsonNode('a<b>&"\\\n\t\u0001\u2028\b\f')), '"a\\u003cb\\u003e\\u0026\\"\\\\\\n\\t\\u0001\\u2028\\b\\f"');
  assert.is(text(toJsonNode(-0)), '-0');
  assert.is(text(toJsonNode(1.5e-7)), '1.5e-7');
  assert.is(text(toJsonNode(1e21)), '1e+21');
  assert.is(text(toJsonNode(new GoYamlScalar('0o644', '!!int'))), '420');
  assert.is(text(toJsonNode(new GoYamlScalar('0x1F', '!!int'))), '31');
  assert.is(text(toJsonNode(new GoYamlScalar('0755', '!!int'))), '493');
  assert.is(toJsonNode(null), null);
  assert.equal(
    fromJsonNode(
      toJsonNode(
        new Map<string, unknown>([
          ['b', 1],
          ['a', [true, null]],
        ]),
      ),
    ),
    { b: 1, a: [true, null] },
  );
  assert.throws(
    () => toJsonNode(Infinity),
    (e: unknown) => e instanceof TalgenError && e.message === 'json: unsupported value: +Inf',
  );
});

test('jsonEqual: structure and JSON text, member order ignored', () => {
  const j = (s: string) => parseJsonText(s, 'doc.json');
  assert.ok(jsonEqual(j('{"a":[1,{"b":null}],"c":"x"}'), j('{"c":"x","a":[1,{"b":null}]}')));
  assert.not.ok(jsonEqual(j('{"a":1}'), j('{"a":1,"b":null}')));
  assert.not.ok(jsonEqual(j('[1]'), j('{"0":1}')));
  assert.not.ok(jsonEqual(j('"1"'), j('1')));
  assert.not.ok(jsonEqual(j('1e2'), j('100')));
});

test.run();
