import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments, isMap, isSeq, isScalar, Scalar, type Node as YamlNode } from 'yaml';
import { encodeDocuments, encodeYaml, GoYamlScalar, resolveGoYamlTag, type GoYamlFlavor } from '../../src/emit/goyaml.js';
import { compareGoKeys, naturalCompare } from '../../src/emit/natural-sort.js';
import { needConformance } from '../helpers/shared.js';

const y = (v: unknown, indent?: number): string => encodeYaml(v, indent === undefined ? undefined : { indent });
const yf = (v: unknown, flavor: GoYamlFlavor): string => encodeYaml(v, { flavor });

// ---------------------------------------------------------------------------------------------------------
// Indentation

test('top-level mapping at col 0, nested mappings at the next multiple of 4', () => {
  assert.is(
    y({ machine: { features: { kubePrism: { enabled: true, port: 7445 } } } }),
    'machine:\n    features:\n        kubePrism:\n            enabled: true\n            port: 7445\n',
  );
});

test('sequences under a key are indented (not indentless)', () => {
  assert.is(y({ cluster: { network: { podSubnets: ['10.244.0.0/16'] } } }), 'cluster:\n    network:\n        podSubnets:\n            - 10.244.0.0/16\n');
});

test('mapping inside a sequence item: content at dash+2, its children at the next multiple of 4', () => {
  // stability/v1.13/overrides-controlplane.yaml: admissionControl at col 8
  const v = {
    apiServer: {
      admissionControl: [
        { name: 'PodSecurity', configuration: { apiVersion: 'pod-security.admission.config.k8s.io/v1alpha1', exemptions: { namespaces: ['kube-system'] } } },
      ],
    },
  };
  assert.is(
    y({ cluster: v }),
    [
      'cluster:',
      '    apiServer:',
      '        admissionControl:',
      '            - name: PodSecurity',
      '              configuration:',
      '                apiVersion: pod-security.admission.config.k8s.io/v1alpha1',
      '                exemptions:',
      '                    namespaces:',
      '                        - kube-system',
      '',
    ].join('\n'),
  );
});

test('sequences inside sequences use the compact "- - x" form', () => {
  assert.is(y([['a', 'b'], ['c']]), '- - a\n  - b\n- - c\n');
  assert.is(y({ k: [[1, [2, 3]]] }), 'k:\n    - - 1\n      - - 2\n        - 3\n');
});

test('empty collections print flow style in block context', () => {
  assert.is(y({ certSANs: [], network: {}, l: [[], {}] }), 'certSANs: []\nnetwork: {}\nl:\n    - []\n    - {}\n');
  assert.is(y([]), '[]\n');
  assert.is(y({}), '{}\n');
  assert.is(y(new Map()), '{}\n');
});

test('indent 2 uses the same algorithm', () => {
  assert.is(y({ a: { b: [{ c: { d: 1 } }, [1]] } }, 2), 'a:\n  b:\n    - c:\n        d: 1\n    - - 1\n');
  // indent 3: sequence items inside a mapping at col 3 → dash col 6, content col 8, nested mapping at 9
  assert.is(y({ a: { b: [{ c: { d: 1 } }] } }, 3), 'a:\n   b:\n      - c:\n         d: 1\n');
});

test('indent option follows go-yaml: 0 = default 4, out of range = 2, negative throws', () => {
  assert.is(y({ a: { b: 1 } }, 0), 'a:\n    b: 1\n');
  assert.is(y({ a: { b: 1 } }, 1), 'a:\n  b: 1\n');
  assert.is(y({ a: { b: 1 } }, 12), 'a:\n  b: 1\n');
  assert.throws(() => y({}, -1));
});

// ---------------------------------------------------------------------------------------------------------
// Scalars that resolve to non-strings → double quotes

test('strings resolving to null/bool/number are double-quoted', () => {
  const cases: [string, string][] = [
    ['', '""'],
    ['~', '"~"'],
    ['null', '"null"'],
    ['Null', '"Null"'],
    ['NULL', '"NULL"'],
    ['true', '"true"'],
    ['False', '"False"'],
    ['TRUE', '"TRUE"'],
    ['1', '"1"'],
    ['-1', '"-1"'],
    ['+1', '"+1"'],
    ['0x1F', '"0x1F"'],
    ['0o17', '"0o17"'],
    ['0b101', '"0b101"'],
    ['0755', '"0755"'],
    ['08', '"08"'], // not octal, but a float
    ['1_000', '"1_000"'],
    ['+_1', '"+_1"'],
    ['1.0', '"1.0"'],
    ['1.2', '"1.2"'],
    ['.5', '".5"'],
    ['1e3', '"1e3"'],
    ['-1.5E-3', '"-1.5E-3"'],
    ['99999999999999999999', '"99999999999999999999"'],
    ['.inf', '".inf"'],
    ['-.Inf', '"-.Inf"'],
    ['+.INF', '"+.INF"'],
    ['.nan', '".nan"'],
    ['.NaN', '".NaN"'],
    ['<<', '"<<"'],
  ];
  for (const [s, want] of cases) {
    for (const flavor of ['v3', 'v4-rc4'] as const) assert.is(yf({ k: s }, flavor), `k: ${want}\n`, `${flavor} ${JSON.stringify(s)}`);
  }
});

test('v3 quirk: a sign after a 0b/0o prefix still reads as an int (quoted); v4 keeps it plain', () => {
  assert.is(yf({ k: '0b-1' }, 'v3'), 'k: "0b-1"\n');
  assert.is(yf({ k: '0o+7' }, 'v3'), 'k: "0o+7"\n');
  assert.is(yf({ k: '-0o7' }, 'v3'), 'k: "-0o7"\n');
  assert.is(yf({ k: '0b-1' }, 'v4-rc4'), 'k: 0b-1\n');
  assert.is(yf({ k: '0o+7' }, 'v4-rc4'), 'k: 0o+7\n');
  assert.is(resolveGoYamlTag('0o644'), '!!int');
  assert.is(resolveGoYamlTag('2001-12-14'), '!!timestamp');
  assert.is(resolveGoYamlTag('<<'), '!!merge');
  assert.is(resolveGoYamlTag('.5'), '!!float');
  assert.is(resolveGoYamlTag('Yes'), '!!str');
});

test('strings that stay plain although they look numeric-ish', () => {
  const plain = [
    'yesno',
    'nan',
    'inf',
    'Infinity',
    '.',
    '..',
    '.e1',
    '1.2.3',
    '1e',
    '0x',
    '0xG',
    '1.5e999',
    '.5e999',
    '0xFFFFFFFFFFFFFFFFFF',
    '10.244.0.0/16',
    'v1.13',
    '1-2',
    'tRUE',
    'nULL',
    '_1',
    '1__',
    'ON2',
    'Yes!',
  ];
  for (const s of plain) {
    const out = y({ k: s });
    // Plain unless the emitter analysis forbids it (none of these need quotes).
    if (s === '1__') {
      assert.is(out, 'k: "1__"\n'); // underscores are stripped → "1" is an int
      continue;
    }
    assert.is(out, `k: ${s}\n`, s);
  }
});

test('YAML 1.1 bool words are double-quoted', () => {
  for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF']) {
    assert.is(y({ k: s }), `k: "${s}"\n`, s);
  }
  assert.is(y({ k: 'yEs' }), 'k: yEs\n');
});

test('base-60 floats are double-quoted (PCI address in golden files)', () => {
  assert.is(y({ name: '0000:04:00.00' }), 'name: "0000:04:00.00"\n');
  assert.is(y({ k: '1:20' }), 'k: "1:20"\n');
  assert.is(y({ k: '-1:20:30.5' }), 'k: "-1:20:30.5"\n');
  assert.is(y({ k: '1:60' }), 'k: 1:60\n');
  assert.is(y({ k: '00:1a:2b' }), 'k: 00:1a:2b\n');
});

test('timestamps are double-quoted; invalid dates stay plain', () => {
  for (const s of ['2001-12-14', '2001-1-2', '2001-12-14T21:59:43.10Z', '2001-12-14t21:59:43+05:00', '2001-12-14 21:59:43.10', '2024-02-29']) {
    assert.is(y({ k: s }), `k: "${s}"\n`, s);
  }
  for (const s of ['2001-13-01', '2023-02-29', '2001-12-14 21:59:43 +5', '20011-12-14', '2001-12-14T25:00:00Z', '2001-12-140']) {
    assert.is(y({ k: s }), `k: ${s}\n`, s);
  }
});

// ---------------------------------------------------------------------------------------------------------
// Scalars the emitter cannot write plain → single quotes

test('leading indicators force single quotes', () => {
  // golden: "- '!10.0.0.3/32'", "match: '!system_disk'", "- '*.dkr.ecr.*.amazonaws.com'"
  for (const c of ['#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '"', '%', '@', '`']) {
    const s = `${c}x`;
    const want = c === "'" ? "''''x'" : `'${s}'`;
    assert.is(y({ k: s }), `k: ${want}\n`, s);
  }
  assert.is(y({ k: "'x" }), "k: '''x'\n");
  assert.is(y(['!10.0.0.3/32']), "- '!10.0.0.3/32'\n");
});

test('"-", "?", ":" only force quotes when followed by a blank or at the end', () => {
  assert.is(y({ k: '-x' }), 'k: -x\n');
  assert.is(y({ k: '- x' }), "k: '- x'\n");
  assert.is(y({ k: '-' }), "k: '-'\n");
  assert.is(y({ k: '?x' }), 'k: ?x\n');
  assert.is(y({ k: '? x' }), "k: '? x'\n");
  assert.is(y({ k: ':x' }), 'k: :x\n');
  assert.is(y({ k: ':' }), "k: ':'\n");
  assert.is(y({ k: '---' }), "k: '---'\n");
  assert.is(y({ k: '---x' }), "k: '---x'\n");
  assert.is(y({ k: '...' }), "k: '...'\n");
  assert.is(y({ k: '--' }), 'k: --\n');
});

test('": " and " #" inside, trailing ":" force single quotes; other inner indicators do not', () => {
  assert.is(y({ k: 'a: b' }), "k: 'a: b'\n");
  assert.is(y({ k: 'a:b' }), 'k: a:b\n');
  assert.is(y({ k: 'a:' }), "k: 'a:'\n");
  assert.is(y({ k: 'a:\tb' }), 'k: "a:\\tb"\n'); // tab: neither plain nor single
  assert.is(y({ k: 'a #b' }), "k: 'a #b'\n");
  assert.is(y({ k: 'a#b' }), 'k: a#b\n');
  assert.is(y({ k: 'a, [b] {c} ?d' }), 'k: a, [b] {c} ?d\n');
  assert.is(
    y({ cgroupRankingExpression: 'memory_max.hasValue() ? 0.0 : ({Besteffort: 1.0}[class])' }),
    "cgroupRankingExpression: 'memory_max.hasValue() ? 0.0 : ({Besteffort: 1.0}[class])'\n",
  );
  assert.is(y({ match: 'disk.transport == "nvme"' }), 'match: disk.transport == "nvme"\n');
});

test('leading/trailing spaces force single quotes; embedded quotes are doubled', () => {
  assert.is(y({ k: ' a' }), "k: ' a'\n");
  assert.is(y({ k: 'a ' }), "k: 'a '\n");
  assert.is(y({ k: ' ' }), "k: ' '\n");
  assert.is(y({ k: "it's" }), "k: it's\n");
  assert.is(y({ k: " it's" }), "k: ' it''s'\n");
});

// ---------------------------------------------------------------------------------------------------------
// Double quotes with escapes

test('control and special characters force double quotes with go-yaml escapes', () => {
  assert.is(y({ k: 'a\tb' }), 'k: "a\\tb"\n');
  assert.is(y({ k: 'a\rb' }), 'k: "a\\rb"\n');
  assert.is(y({ k: '\x00\x07\x08\x0b\x0c\x1b\x01\x7f' }), 'k: "\\0\\a\\b\\v\\f\\e\\x01\\x7F"\n');
  assert.is(y({ k: 'a\u0085b' }), 'k: "a\\Nb"\n');
  assert.is(y({ k: 'x\u0080' }), 'k: "x\\x80"\n');
  assert.is(y({ k: 'x\ufeff' }), 'k: "x\\uFEFF"\n');
  assert.is(y({ k: 'x\ufffe' }), 'k: "x\\uFFFE"\n');
  assert.is(y({ k: 'emoji 😀' }), 'k: "emoji \\U0001F600"\n');
  assert.is(y({ k: '"\\\t' }), 'k: "\\"\\\\\\t"\n');
});

test('printable unicode stays unescaped, in plain and quoted forms', () => {
  assert.is(y({ k: 'grüße – 日本' }), 'k: grüße – 日本\n');
  assert.is(y({ k: 'é\t' }), 'k: "é\\t"\n');
  assert.is(y({ k: '\u00a0x' }), 'k: \u00a0x\n');
});

test('a leading BOM makes go-yaml escape every character', () => {
  assert.is(y({ k: '\ufeffab' }), 'k: "\\uFEFF\\x61\\x62"\n');
});

test('line separators without "\\n" are single-quoted across lines', () => {
  assert.is(y({ k: 'a\u2028b' }), "k: 'a\u2028    b'\n");
  assert.is(y({ k: ['a\u2029b'] }), "k:\n    - 'a\u2029      b'\n");
});

// ---------------------------------------------------------------------------------------------------------
// Literal blocks

test('multi-line strings use literal style with chomping indicators', () => {
  assert.is(y({ cert: 'a\nb\n' }), 'cert: |\n    a\n    b\n');
  assert.is(y({ cert: 'a\nb' }), 'cert: |-\n    a\n    b\n');
  assert.is(y({ cert: 'a\nb\n\n' }), 'cert: |+\n    a\n    b\n\n');
  assert.is(y({ cert: 'a\n\nb\n' }), 'cert: |\n    a\n\n    b\n');
  assert.is(y({ a: 'x\n', b: 1 }), 'a: |\n    x\nb: 1\n');
  assert.is(y({ a: 'x\n\n', b: 1 }), 'a: |+\n    x\n\nb: 1\n');
});

test('literal content indentation follows the indent rule (key and sequence item)', () => {
  assert.is(y({ machine: { ca: { crt: 'L1\nL2' } } }), 'machine:\n    ca:\n        crt: |-\n            L1\n            L2\n');
  assert.is(y({ m: { l: ['L1\nL2'] } }), 'm:\n    l:\n        - |-\n          L1\n          L2\n');
  assert.is(y({ m: [{ cert: 'x\ny' }] }), 'm:\n    - cert: |-\n        x\n        y\n');
  assert.is(y('a\nb\n'), '|\n    a\n    b\n');
  assert.is(yf('a\nb\n', 'v3'), '|\n    a\n    b\n');
});

test('literal with a leading space gets the indent step as indentation indicator', () => {
  for (const flavor of ['v3', 'v4-rc4', 'v4'] as const) {
    assert.is(yf({ k: ' a\nb' }, flavor), 'k: |4-\n     a\n    b\n', flavor);
    assert.is(encodeYaml({ k: ' a\nb' }, { indent: 2, flavor }), 'k: |2-\n   a\n  b\n', flavor);
    assert.is(yf({ l: [' a\nb'] }, flavor), 'l:\n    - |4-\n       a\n      b\n', flavor);
  }
});

test('literal with a leading line break differs per go-yaml release', () => {
  // v3: the text's first break ends the header line, so the leading empty line is lost (go-yaml issue #888).
  assert.is(yf({ k: '\na' }, 'v3'), 'k: |4-\n    a\n');
  assert.is(yf({ k: '\n' }, 'v3'), 'k: |4+\n');
  assert.is(yf({ k: '\n\n' }, 'v3'), 'k: |4+\n\n');
  // v4 (rc.4 on): the header ends with its own break and gets no indicator for a leading break.
  assert.is(yf({ k: '\na' }, 'v4-rc4'), 'k: |-\n\n    a\n');
  assert.is(yf({ k: '\n\na\n' }, 'v4-rc4'), 'k: |\n\n\n    a\n');
});

test('v4: whitespace-only or 1-byte multi-line strings are double-quoted, v3 writes them literal', () => {
  assert.is(yf({ k: '\n' }, 'v4-rc4'), 'k: "\\n"\n');
  assert.is(yf({ k: ' \n ' }, 'v4'), 'k: " \\n "\n');
  assert.is(yf({ k: '\n\n' }, 'v4-rc4'), 'k: "\\n\\n"\n');
  assert.is(yf({ k: '\u3000\n' }, 'v4-rc4'), 'k: "\u3000\\n"\n');
  assert.is(yf({ k: 'a\n' }, 'v4-rc4'), 'k: |\n    a\n');
  assert.is(yf({ k: '\t\n' }, 'v3'), 'k: |\n    \t\n');
  assert.is(yf({ k: '\t\n' }, 'v4-rc4'), 'k: "\\t\\n"\n');
});

test('v3-reencode (talhelper): v4 picks quoting and literal-or-quoted, v3 writes the block headers', () => {
  assert.is(yf({ k: 'off' }, 'v3-reencode'), "k: 'off'\n");
  assert.is(yf({ k: 'off' }, 'v3'), 'k: "off"\n');
  assert.is(yf({ k: '1:20' }, 'v3-reencode'), "k: '1:20'\n");
  assert.is(yf({ k: '\t\n' }, 'v3-reencode'), 'k: "\\t\\n"\n');
  assert.is(yf({ k: '\na\n' }, 'v3-reencode'), yf({ k: '\na\n' }, 'v3'));
  assert.is(yf({ k: ' a\nb' }, 'v3-reencode'), yf({ k: ' a\nb' }, 'v3'));
  assert.is(yf({ k: new GoYamlScalar('0o0', '!!int') }, 'v3-reencode'), 'k: 0o0\n');
});

test('multi-line strings that cannot be literal fall back to double quotes', () => {
  assert.is(y({ k: 'a \nb' }), 'k: "a \\nb"\n'); // space before break
  assert.is(y({ k: 'a\nb ' }), 'k: "a\\nb "\n'); // trailing space
  assert.is(y({ k: 'a\n\tb' }), 'k: |-\n    a\n    \tb\n'); // tabs are fine in literal blocks
  assert.is(y({ k: 'a\n\x01' }), 'k: "a\\n\\x01"\n');
});

test('long strings are never folded', () => {
  const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
  assert.is(y({ k: long }), `k: ${long}\n`);
  assert.is(y({ k: ` ${long}` }), `k: ' ${long}'\n`);
  assert.is(y({ k: `${long}\n${long}` }), `k: |-\n    ${long}\n    ${long}\n`);
});

// ---------------------------------------------------------------------------------------------------------
// Keys

test('keys use the same scalar rules', () => {
  const m = new Map<unknown, unknown>([
    ['1', 'a'],
    ['', 'b'],
    ['yes', 'c'],
    ['a: b', 'd'],
    ['net.ipv4.ip_forward', '1'],
  ]);
  assert.is(y(m), '"": b\n"1": a\n\'a: b\': d\nnet.ipv4.ip_forward: "1"\n"yes": c\n');
});

test('multi-line and over-long keys become complex keys', () => {
  assert.is(y({ 'a\nb': 1 }), '? |-\n    a\n    b\n: 1\n');
  const k = 'k'.repeat(129);
  assert.is(y({ [k]: { x: 1 } }), `? ${k}\n:   x: 1\n`);
  const k128 = 'k'.repeat(128);
  assert.is(y({ [k128]: 1 }), `${k128}: 1\n`);
});

test('non-string Map keys: numbers before strings, numeric order, printed plain', () => {
  const m = new Map<unknown, unknown>([
    ['b', 1],
    [10, 2],
    [2, 3],
    [true, 4],
    [1.5, 5],
    ['10', 6],
  ]);
  // bools count as 0/1 among numbers
  assert.is(y(m), 'true: 4\n1.5: 5\n2: 3\n10: 2\n"10": 6\nb: 1\n');
});

test('GoYamlScalar: custom-marshalled nodes (EtcFileMode !!int 0o644)', () => {
  assert.is(y({ mode: new GoYamlScalar('0o644', '!!int') }), 'mode: 0o644\n');
  assert.is(y({ k: new GoYamlScalar('yes') }), 'k: yes\n'); // the node path does not check YAML 1.1 bools
  assert.is(y({ k: new GoYamlScalar('true') }), 'k: "true"\n');
  assert.is(y({ k: new GoYamlScalar('x', '!!str', 'double') }), 'k: "x"\n');
  assert.is(y({ k: new GoYamlScalar('x', '!!str', 'single') }), "k: 'x'\n");
  assert.is(y({ k: new GoYamlScalar('a\n', '!!str') }), 'k: |\n    a\n');
  assert.throws(() => y({ k: new GoYamlScalar('abc', '!!int') }), /explicit tags/);
});

// ---------------------------------------------------------------------------------------------------------
// Numbers, booleans, null, undefined, errors

test('numbers: ints decimal, floats like Go strconv g -1, special floats', () => {
  const cases: [number | bigint, string][] = [
    [0, '0'],
    [-7, '-7'],
    [7445, '7445'],
    [1e18, '1000000000000000000'],
    [1e20, '1e+20'],
    [2 ** 63, '9.223372036854776e+18'],
    [1.5, '1.5'],
    [0.1, '0.1'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [123456.5, '123456.5'],
    [1234567.5, '1.2345675e+06'],
    [1.5e-7, '1.5e-07'],
    [-2.5e100, '-2.5e+100'],
    [5e-324, '5e-324'],
    [Infinity, '.inf'],
    [-Infinity, '-.inf'],
    [NaN, '.nan'],
    [12345678901234567890n, '12345678901234567890'],
  ];
  for (const [n, want] of cases) assert.is(y({ k: n }), `k: ${want}\n`, String(n));
});

test('booleans, null and undefined', () => {
  assert.is(y({ a: true, b: false, c: null, d: undefined, e: [null, undefined] }), 'a: true\nb: false\nc: null\ne:\n    - null\n    - null\n');
  assert.is(y(null), 'null\n');
  assert.is(y(new Map([['a', undefined]])), 'a: null\n');
  assert.is(y('plain'), 'plain\n');
  assert.is(y(42), '42\n');
});

test('byte arrays, functions and circular values are rejected', () => {
  assert.throws(() => y({ k: new Uint8Array([1]) }), /byte/);
  assert.throws(() => y({ k: () => 1 }));
  assert.throws(() => y({ k: new Date(0) }));
  const c: Record<string, unknown> = {};
  c.self = c;
  assert.throws(() => y(c), /circular/);
  assert.throws(() => y({ k: '\ud800' }), /surrogate/);
  // shared (non-circular) references are fine
  const s = { x: 1 };
  assert.is(y({ a: s, b: s }), 'a:\n    x: 1\nb:\n    x: 1\n');
});

test('encodeDocuments joins documents with "---" and no leading separator', () => {
  assert.is(encodeDocuments([{ a: 1 }, { kind: 'X' }]), 'a: 1\n---\nkind: X\n');
  assert.is(encodeDocuments([{ a: 1 }]), 'a: 1\n');
  assert.is(encodeDocuments([]), '');
  assert.is(encodeDocuments([{ a: { b: 1 } }], { indent: 2 }), 'a:\n  b: 1\n');
});

// ---------------------------------------------------------------------------------------------------------
// Natural sort

test('naturalCompare: digit runs compare numerically', () => {
  const sorted = ['a10', 'a2', 'a1', 'a02', 'b', 'a'].sort(naturalCompare);
  assert.equal(sorted, ['a', 'a1', 'a2', 'a02', 'a10', 'b']);
  assert.ok(naturalCompare('a2', 'a10') < 0);
  assert.ok(naturalCompare('x9y', 'x10y') < 0);
  assert.ok(naturalCompare('1.10', '1.9') > 0);
  assert.ok(naturalCompare('a100', 'a0100') < 0);
});

test('naturalCompare: letter vs non-letter, case, prefixes', () => {
  // non-letter first unless the previous equal rune was a digit
  assert.ok(naturalCompare('a.b', 'ab') < 0);
  assert.ok(naturalCompare('a-b', 'ab') < 0);
  assert.ok(naturalCompare('a_b', 'ab') < 0);
  assert.ok(naturalCompare('1a', '1.') < 0); // after a digit the letter comes first
  assert.ok(naturalCompare('a1\u00e9', 'a1-') < 0, 'é is a letter (Unicode class L)');
  assert.ok(naturalCompare('a\u0663\u00e9', 'a\u0663-') < 0, 'Arabic-Indic three is a digit (Unicode class Nd)');
  assert.ok(naturalCompare('a\u00e9', 'a-') > 0, 'a non-letter before a letter');
  assert.ok(naturalCompare('-x', 'x') < 0);
  assert.ok(naturalCompare('_x', 'x') < 0);
  assert.ok(naturalCompare('-x', '_x') < 0); // both non-letters: code point order
  assert.ok(naturalCompare('B', 'a') < 0); // uppercase before lowercase (code points)
  assert.ok(naturalCompare('ab', 'abc') < 0);
  assert.is(naturalCompare('same', 'same'), 0);
  assert.ok(naturalCompare('é', 'z') > 0); // letters by code point
  assert.ok(naturalCompare('1', 'a') < 0);
});

test('Map keys are emitted in natural order (node labels / sysctls)', () => {
  const m = new Map([
    ['node.kubernetes.io/exclude-from-external-load-balancers', ''],
    ['node-role.kubernetes.io/control-plane', ''],
    ['kernel.domainname', 'x'],
    ['net.ipv4.ip_forward', '1'],
  ]);
  assert.is(
    y(m),
    'kernel.domainname: x\nnet.ipv4.ip_forward: "1"\nnode-role.kubernetes.io/control-plane: ""\nnode.kubernetes.io/exclude-from-external-load-balancers: ""\n',
  );
  assert.ok(compareGoKeys(1, 'a') < 0);
  assert.ok(compareGoKeys(false, 0.5) < 0);
});

// ---------------------------------------------------------------------------------------------------------
// Round trip over the golden files (real go-yaml output)

/** Convert a parsed YAML node to the encoder's value model; quoted scalars stay strings. */
function toValue(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    const sc = node as Scalar;
    if (sc.type === Scalar.PLAIN) {
      const src = String(sc.source ?? sc.value);
      if (typeof sc.value === 'string') return sc.value;
      if (/^[-+]?[0-9]+$/.test(src) && !Number.isSafeInteger(Number(src))) return BigInt(src);
      // A plain non-string written in a non-canonical form comes from a custom marshaler returning a node.
      if (encodeYaml(sc.value) !== `${src}\n`) return new GoYamlScalar(src, resolveGoYamlTag(src) as '!!int');
      return sc.value;
    }
    return String(sc.value);
  }
  if (isSeq(node)) return node.items.map((i) => toValue(i));
  if (isMap(node)) {
    const pairs = node.items.map((p) => [toValue(p.key), toValue(p.value)] as [unknown, unknown]);
    // Integer-like or non-string keys would be reordered by a JS object: use a Map (the golden order is
    // go-yaml's sorted order for Go maps anyway).
    const needsMap = pairs.some(([k]) => typeof k !== 'string' || /^(0|[1-9][0-9]*)$/.test(k));
    if (needsMap) return new Map(pairs);
    const o: Record<string, unknown> = {};
    for (const [k, v] of pairs) o[k as string] = v;
    return o;
  }
  throw new Error(`unsupported node ${String(node)}`);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.yaml')) out.push(p);
  }
  return out;
}

function goldenFiles(root: string): string[] {
  const files: string[] = [];
  const stability = join(root, 'talos', 'stability');
  for (const d of readdirSync(stability).sort()) {
    if (/^v1\./.test(d)) files.push(...walk(join(stability, d)));
  }
  for (const d of ['doc-types-v1.13', 'doc-types-head']) files.push(...walk(join(root, 'talos', d)));
  return files;
}

/** Fixtures that are decoder inputs written by hand, not go-yaml output. */
const NOT_ENCODER_OUTPUT: Record<string, string> = {
  // `pcrs: [0,7]`: PCRs is a plain []int (block style when marshalled); the file only feeds a decode test.
  'talos/doc-types-v1.13/block/volumeconfig_tpm_encryption_with_pcr_settings.yaml': 'hand-written decoder input',
};

const golden = needConformance('golden go-yaml files re-encode byte for byte');
if (golden)
  for (const flavor of ['v4-rc4', 'v3'] as const)
    test(`round trip (${flavor}): golden go-yaml files re-encode byte for byte`, () => {
      const files = goldenFiles(golden);
      let passed = 0;
      const skipped: string[] = [];
      const failed: string[] = [];
      for (const f of files) {
        if (NOT_ENCODER_OUTPUT[relative(golden, f)]) {
          skipped.push(`${relative(golden, f)} (${NOT_ENCODER_OUTPUT[relative(golden, f)]})`);
          continue;
        }
        const text = readFileSync(f, 'utf8');
        const docs = parseAllDocuments(text, { keepSourceTokens: true });
        if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) {
          failed.push(`${relative(golden, f)}: parse error`);
          continue;
        }
        if (/(^|\s)#/m.test(text) && docs.some((d) => d.commentBefore || d.comment || hasComments(d.contents as YamlNode))) {
          skipped.push(`${relative(golden, f)} (comments)`);
          continue;
        }
        const values = docs.map((d) => toValue(d.contents));
        const out = encodeDocuments(values, { flavor });
        if (out === text) passed++;
        else failed.push(relative(golden, f));
      }
      console.log(`  round trip ${flavor}: ${passed}/${files.length} exact, ${skipped.length} skipped, ${failed.length} failed`);
      for (const s of skipped) console.log(`    skipped ${s}`);
      assert.equal(failed, [], 'files that do not round-trip');
      assert.ok(passed > 100, 'most golden files were checked');
    });

function hasComments(node: YamlNode | null | undefined): boolean {
  if (!node) return false;
  const n = node as { commentBefore?: string | null; comment?: string | null };
  if (n.commentBefore || n.comment) return true;
  if (isMap(node)) return node.items.some((p) => hasComments(p.key as YamlNode) || hasComments(p.value as YamlNode));
  if (isSeq(node)) return node.items.some((i) => hasComments(i as YamlNode));
  return false;
}

test.run();
