import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDocument, type Document } from 'yaml';
import { LIMITS } from '../../src/core/limits.js';
import { parseDocumentWithinDepth } from '../../src/load/yaml-depth.js';
import { commentRanges, parseEnvFile, substitute } from '../../src/substitute/index.js';
import { errorOf } from '../helpers/errors.js';

/** What a caller can see of a parsed document: its value, its errors and warnings (code, offsets, message). */
function seen(doc: Document.Parsed | Document) {
  const issues = (list: typeof doc.errors) => list.map((e) => ({ code: e.code, pos: e.pos, message: e.message }));
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    value = `toJS: ${(e as Error).message}`;
  }
  return { value, range: doc.range, errors: issues(doc.errors), warnings: issues(doc.warnings) };
}

const TEXTS = [
  '',
  '# only a comment\n',
  'a: 1\nb: [x, y]\n',
  'a: 1\na: 2\n',
  'a: 1\n...\nb: 2\n',
  '--- 1\n--- 2\n--- 3\n',
  'a: [1, 2\n',
  'a: b: c\n',
  'key: "unterminated\n',
  'x: &a 1\ny: *a\nz: *missing\n',
  '%YAML 1.1\n---\non: yes\n',
  '\tkey: tab\n',
];

test('parseDocumentWithinDepth gives what yaml parseDocument gives (value, errors with MULTIPLE_DOCS, warnings)', () => {
  for (const options of [
    { prettyErrors: false as const, uniqueKeys: false },
    { prettyErrors: false as const, uniqueKeys: true },
    { prettyErrors: false as const, logLevel: 'silent' as const },
  ]) {
    for (const text of TEXTS) {
      assert.equal(
        seen(parseDocumentWithinDepth(text, 'f.yaml', options)),
        seen(parseDocument(text, options)),
        `${JSON.stringify(text)} ${JSON.stringify(options)}`,
      );
    }
  }
});

test('parseDocumentWithinDepth refuses text nested past the yamlDepth limit at file:line:col', () => {
  const deep = `a:\n${'['.repeat(LIMITS.yamlDepth.max + 1)}`;
  assert.match(
    errorOf(() => parseDocumentWithinDepth(deep, 'f.yaml', { prettyErrors: false })).format(),
    /^f\.yaml:2:\d+: YAML nesting is over talgen's yamlDepth limit/,
  );
});

test("an env file holding two YAML documents is refused with yaml's own words, at the second document", () => {
  const e = errorOf(() => parseEnvFile('A: 1\n...\nB: 2\n', 'talenv.yaml'));
  assert.is(e.message, 'env file does not parse: Source contains multiple documents; please use YAML.parseAllDocuments()');
  assert.equal([e.line, e.col], [3, 1]);
});

test('comments found on the depth-checked tokens: a $ in a comment is left alone, the rest is substituted', () => {
  const text = 'a: $X # not $Y\n# $Z\nb: "#$X"\n';
  assert.is(substitute(text, { X: 'x' }, 'f.yaml'), 'a: x # not $Y\n# $Z\nb: "#x"\n');
  assert.equal(commentRanges(text), [
    [6, 14],
    [15, 19],
  ]);
});

test.run();
