import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { substitute, parseEnvFile, buildEnv, loadEnv } from '../../src/substitute/index.js';
import { hasDotenvLine } from '../../src/substitute/envfile.js';
import { commentRanges, leadingComments } from '../../src/substitute/envsubst.js';
import { TalgenError } from '../../src/core/errors.js';
import { seededRandom } from '../helpers/random.js';

const env = { A: 'a', B: 'b', E: '' };
const s = (t: string) => substitute(t, env, 'talconfig.yaml');
const err = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof TalgenError) return e.format();
    throw e;
  }
  return 'no error';
};

// One test per row of reference §3 (syntax).
test('§3 $VAR: a name of letters, digits and _', () => {
  assert.is(s('x: $A-$B.$A'), 'x: a-b.a');
  assert.is(s('cost: 5$ and $ alone'), 'cost: 5$ and $ alone', 'a $ not followed by a name stays');
});
test('§3 ${VAR}', () => assert.is(s('x: ${A}${B}c'), 'x: abc'));
test('§3 ${V-x}: default only when unset', () => assert.is(s('${Z-def}|${E-def}|${A-def}'), 'def||a'));
test('§3 ${V:-x}: default when unset or empty', () => assert.is(s('${Z:-def}|${E:-def}|${A:-def}'), 'def|def|a'));
test('§3 ${V=x} / ${V:=x}: defaults, no assignment', () => {
  assert.is(s('${Z=def}|${E=def}|${E:=def}|${Z:=d2}'), 'def||def|d2');
  assert.match(
    err(() => s('${Z:=x} $Z')),
    /^talconfig\.yaml:1:9: variable \$\{Z\} is not set/,
    'Z was not assigned',
  );
});
test('§3 ${V+x} / ${V:+x}: alternative when set (and non-empty)', () => {
  assert.is(s('${A+alt}|${Z+alt}|${E+alt}|${E:+alt}|${A:+alt}|${Z:+alt}'), 'alt||alt||alt|');
});
test('§3 defaults may be expressions', () => assert.is(s('${Z:-$B} ${A:+${B}x} ${Z:-${Y:-deep}}'), 'b bx deep'));
test('§3 $$ is a literal $', () => assert.is(s('$$A costs $$5 $${B}'), '$A costs $5 ${B}'));

test('fixed trap: a Talos $patch directive is never a variable; $$patch still works', () => {
  assert.is(s('x:\n  $patch: delete\n'), 'x:\n  $patch: delete\n');
  assert.is(s('$$patch: delete'), '$patch: delete');
  assert.match(
    err(() => s('$patches')),
    /variable \$\{patches\} is not set/,
    'only the exact word patch',
  );
});

test('fixed trap: comments are not substituted (talhelper strips them first)', () => {
  assert.is(s('a: 1 # uses $NOT_SET in a comment\n# and ${ALSO}\nb: $A\n'), 'a: 1 # uses $NOT_SET in a comment\n# and ${ALSO}\nb: a\n');
  assert.is(s('a: "#not a comment $A"\n'), 'a: "#not a comment a"\n');
});

test('fixed trap: unset / empty variables name the variable and file:line:col of the use', () => {
  assert.match(
    err(() => s('a: 1\nb: x${NOPE}\n')),
    /^talconfig\.yaml:2:5: variable \$\{NOPE\} is not set\n  hint: set NOPE in talenv\.yaml/,
  );
  assert.match(
    err(() => s('a: $E')),
    /^talconfig\.yaml:1:4: variable \$\{E\} is set but empty/,
  );
  assert.match(
    err(() => s('a: 1\n  b: ${Z:-x$MISSING}\n')),
    /^talconfig\.yaml:2:12: variable \$\{MISSING\} is not set/,
    'inside a default: its own position',
  );
  assert.match(
    err(() => s('a: ${A')),
    /^talconfig\.yaml:1:4: unterminated "\$\{"/,
  );
  assert.match(
    err(() => s('a: ${1x}')),
    /^talconfig\.yaml:1:4: bad variable reference/,
  );
});

test('env files: YAML KEY: value', () => {
  assert.equal(parseEnvFile('A: 1\nB: "two"\nC: \'x $A\'\nD: v # comment\n---\nE: 1.10\n', 'talenv.yaml'), { A: '1', B: 'two', C: 'x $A', D: 'v', E: '1.10' });
});

test('env files: dotenv KEY=value with export, quotes, comments and escapes', () => {
  assert.equal(parseEnvFile('# c\nexport A=1\nB="x y"\nC=z # comment\nD="l1\\nl2"\nE=\n', '.env'), { A: '1', B: 'x y', C: 'z', D: 'l1\nl2', E: '' });
});

test('env files: $VAR inside unquoted/double-quoted values expands from earlier keys (godotenv), not single-quoted', () => {
  assert.equal(parseEnvFile('HOST: example.com\nURL: "https://$HOST/x"\nRAW: \'$HOST\'\nPLAIN: ${HOST}:443\nNONE: a$NOPE\n', 'talenv.yaml'), {
    HOST: 'example.com',
    URL: 'https://example.com/x',
    RAW: '$HOST',
    PLAIN: 'example.com:443',
    NONE: 'a',
  });
});

test('env files override the process env; later files override earlier ones', () => {
  const e = buildEnv({ A: 'proc', P: 'proc' }, [{ A: 'f1', B: 'f1' }, { B: 'f2' }]);
  assert.equal([e.A, e.B, e.P], ['f1', 'f2', 'proc']);
});

test('loadEnv reads every existing file in order, relative to baseDir, skipping missing ones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'talgen-env-'));
  writeFileSync(join(dir, 'talenv.yaml'), 'A: yaml\nB: yaml\n');
  writeFileSync(join(dir, 'talenv.yml'), 'B=yml\n');
  const r = await loadEnv(['talenv.yaml', 'talenv.sops.yaml', 'talenv.yml'], { baseDir: dir, processEnv: { A: 'proc', C: 'proc' } });
  assert.equal([r.env.A, r.env.B, r.env.C], ['yaml', 'yml', 'proc']);
  assert.equal(r.files, [join(dir, 'talenv.yaml'), join(dir, 'talenv.yml')]);
});

test('fixed trap: an env file that does not parse is an error with its line, never ignored', () => {
  assert.match(
    err(() => parseEnvFile('A: 1\nB: [\n', 'talenv.yaml')),
    /^talenv\.yaml:\d+:\d+: env file does not parse/,
  );
  assert.match(
    err(() => parseEnvFile('A=1\nthis is not a pair\n', 'x.env')),
    /^x\.env:2:5: env file does not parse: unexpected character " " in variable name/,
  );
  assert.match(
    err(() => parseEnvFile('A: 1\nB: |\n  text\n', 'talenv.yaml')),
    /^talenv\.yaml:2:4: env file does not parse: B uses a YAML block scalar/,
  );
  assert.match(
    err(() => parseEnvFile('A="open\n', 'x.env')),
    /^x\.env:1:3: env file does not parse: unterminated quoted value of A/,
  );
});

test('a nested YAML mapping in an env file is read as flat variables, as godotenv (talhelper) reads it', () => {
  // e.g. a talenv.sops.yaml that also holds a secrets bundle next to the real variables
  const vars = parseEnvFile('cluster:\n    id: abc\n    nested:\n        deep: x\nTAILSCALE_AUTH_KEY: tskey-1\nEMPTY:\nNEXT: n\n', 'talenv.yaml');
  assert.equal(vars, { cluster: '', id: 'abc', nested: '', deep: 'x', TAILSCALE_AUTH_KEY: 'tskey-1', EMPTY: '', NEXT: 'n' });
});

test('dotenv lines are told from YAML as the multiline regexp /^[ \t]*(export[ \t]+)?[p{L}p{N}_.]+=/mu tells them', () => {
  // hasDotenvLine decides ASCII names by code (the regexp's Unicode classes cost ~1 ms to compile); the regexp is
  // the reference, on 20,000 random texts of the characters that matter, line terminators and non-ASCII included.
  const reference = /^[ \t]*(export[ \t]+)?[\p{L}\p{N}_.]+=/mu;
  const parts = [
    'export',
    'export ',
    ' ',
    '\t',
    '\n',
    '\r',
    '\u2028',
    '\u2029',
    '=',
    ':',
    'A',
    'z',
    '9',
    '_',
    '.',
    '-',
    '#',
    'é',
    'ª',
    '\u0663',
    '\u00a0',
    '\ud835\udc9c',
    '"',
  ];
  const next = seededRandom(42);
  for (let i = 0; i < 20000; i++) {
    let text = '';
    for (let j = next(12); j >= 0; j--) text += parts[next(parts.length)];
    assert.is(hasDotenvLine(text), reference.test(text), JSON.stringify(text));
  }
});

test("the leading comments found without a parse are the parser's comments in those lines", () => {
  // Random texts of lines that matter: comments (indented, tabbed, with $), blank lines, content, block scalars
  // whose lines look like comments, directives, document markers, a BOM, carriage returns.
  const lines = [
    '# yaml-language-server: $schema=x.json',
    '  # $A',
    '\t# $B',
    '',
    '   ',
    'a: ${X}',
    'b: |',
    '  # $NOT_A_COMMENT',
    '- x # $C',
    '%YAML 1.2',
    '---',
    '\ufeff# $D',
    '# $E\r',
    'c: "q',
    '# $F"',
    '#',
  ];
  const next = seededRandom(7);
  for (let i = 0; i < 5000; i++) {
    const picked: string[] = [];
    for (let j = next(8); j >= 0; j--) picked.push(lines[next(lines.length)]!);
    const text = picked.join('\n') + (next(2) ? '\n' : '');
    const lead = leadingComments(text);
    const parsed = commentRanges(text).filter(([start]) => start < lead.end);
    assert.equal(lead.ranges, parsed, JSON.stringify(text));
  }
});

test('a variable in a leading comment stays as written; one in a block scalar line that looks like a comment is substituted', () => {
  const text = '# yaml-language-server: $schema=${NOPE}\nx: ${A}\ns: |\n  # ${B}\n';
  assert.is(s(text), '# yaml-language-server: $schema=${NOPE}\nx: a\ns: |\n  # b\n');
});

test('a SOPS-encrypted env file is never read as values without decryption', () => {
  const enc = 'A: ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:str]\nsops:\n    age: []\n    mac: x\n    version: 3.8.1\n';
  assert.match(
    err(() => parseEnvFile(enc, 'talenv.sops.yaml')),
    /^talenv\.sops\.yaml: env file is SOPS-encrypted, decryption not available here/,
  );
  assert.match(
    err(() => parseEnvFile('A=ENC[x]\nsops_version=3.8.1\nsops_mac=x\n', 'talenv.env')),
    /SOPS-encrypted/,
  );
});

test.run();
