import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { substitute, parseEnvFile, buildEnv } from '../../src/substitute/index.js';
import { TalgenError } from '../../src/core/errors.js';

const env = { A: 'a', B: 'b', E: '' };
const s = (t: string) => substitute(t, env, 'talconfig.yaml');

test('§3 syntax rows', () => {
  assert.is(s('$A ${A}'), 'a a');
  assert.is(s('${Z-def} ${E-def}'), 'def ', '- only when unset');
  assert.is(s('${Z:-def} ${E:-def}'), 'def def', ':- when unset or empty');
  assert.is(s('${Z=def} ${E:=def}'), 'def def', '= / := give defaults (no assignment)');
  assert.is(s('${A+alt}|${Z+alt}|${E:+alt}|${E+alt}|${A:+alt}'), 'alt|||alt|alt', '+ / :+ alternatives');
  assert.is(s('${Z:-$B} ${A:+${B}x}'), 'b bx', 'defaults may be expressions');
  assert.is(s('$$A costs $$5'), '$A costs $5', '$$ escapes');
});

test('fixed traps: $patch is never a variable, $$patch still works, comments are not substituted', () => {
  assert.is(s('x:\n  $patch: delete\n'), 'x:\n  $patch: delete\n');
  assert.is(s('$$patch: delete'), '$patch: delete');
  assert.is(s('a: 1 # uses $NOT_SET in a comment\n'), 'a: 1 # uses $NOT_SET in a comment\n');
});

test('unset / empty variables name the variable and file:line:col', () => {
  const err = (t: string) => {
    try {
      s(t);
    } catch (e) {
      return (e as TalgenError).format();
    }
    return 'no error';
  };
  assert.match(err('a: 1\nb: x${NOPE}\n'), /^talconfig\.yaml:2:5: variable \$\{NOPE\} is not set/);
  assert.match(err('a: $E'), /^talconfig\.yaml:1:4: variable \$\{E\} is set but empty/);
});

test('env files: YAML and dotenv, later files and file values win over the process env', () => {
  assert.equal(parseEnvFile('A: 1\nB: "two"\n---\n', 'talenv.yaml'), { A: '1', B: 'two' });
  assert.equal(parseEnvFile('# c\nexport A=1\nB="x y"\nC=z # comment\n', '.env'), { A: '1', B: 'x y', C: 'z' });
  const e = buildEnv({ A: 'proc', P: 'proc' }, [{ A: 'f1', B: 'f1' }, { B: 'f2' }]);
  assert.equal([e.A, e.B, e.P], ['f1', 'f2', 'proc']);
});

test('an env file that does not parse is an error with its line, never ignored', () => {
  assert.throws(() => parseEnvFile('A: 1\nB: [\n', 'talenv.yaml'), (e: unknown) => e instanceof TalgenError && /talenv\.yaml:\d+:\d+: env file does not parse/.test(e.format()));
  assert.throws(() => parseEnvFile('A=1\nthis is not a pair\n', 'x.env'), (e: unknown) => e instanceof TalgenError && /x\.env:2:1:/.test(e.format()));
  assert.throws(() => parseEnvFile('A:\n  nested: 1\n', 'talenv.yaml'), (e: unknown) => e instanceof TalgenError && /holds a nested structure/.test(e.format()));
});

test.run();
