import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FuncError } from '../../src/template/funcs.js';
import { REGEX_FUNCS } from '../../src/template/sprig/regex.js';
import { ROOT, skip } from '../helpers/shared.js';
import { render, renderError } from './fixture.js';

// sprig's regex functions follow Go's regexp: RE2 syntax and leftmost-first semantics, matched in linear time.
// Where Go is installed, a table of cases is answered by Go's own regexp (test/template/go-regexp.go via `go run`)
// and by talgen's must… functions, and the answers must agree.

type Fn = 'match' | 'find' | 'findAll' | 'replaceAll' | 'replaceAllLiteral' | 'split';

interface Case {
  fn: Fn;
  re: string;
  s: string;
  repl?: string;
  n?: number;
}

interface Answer {
  value?: unknown;
  error?: string;
}

const FUNC_OF: Record<Fn, string> = {
  match: 'mustRegexMatch',
  find: 'mustRegexFind',
  findAll: 'mustRegexFindAll',
  replaceAll: 'mustRegexReplaceAll',
  replaceAllLiteral: 'mustRegexReplaceAllLiteral',
  split: 'mustRegexSplit',
};

/** talgen's answer: the must… function called as the executor calls it (ints arrive as bigint). */
function talgen(c: Case): Answer {
  const args: unknown[] = [c.re, c.s];
  if (c.fn === 'replaceAll' || c.fn === 'replaceAllLiteral') args.push(c.repl ?? '');
  if (c.fn === 'findAll' || c.fn === 'split') args.push(BigInt(c.n ?? -1));
  try {
    return { value: (REGEX_FUNCS[FUNC_OF[c.fn]]!.fn as (...a: unknown[]) => unknown)(...args) };
  } catch (e) {
    if (e instanceof FuncError) return { error: e.message };
    throw e;
  }
}

/** Cases of `fn` on each input; findAll and split take every match unless `n` says otherwise. */
const all = (fn: Fn, re: string, inputs: string[], extra: Partial<Case> = {}): Case[] => inputs.map((s) => ({ fn, re, s, repl: '', n: -1, ...extra }));

const CASES: Case[] = [
  // Flags and RE2-only syntax.
  ...all('findAll', '(?U)a+', ['aaa', 'baab']),
  ...all('findAll', '(?U)a+?', ['aaa']),
  ...all('find', '(?U)<.*>', ['<a><b>']),
  ...all('match', 'a\\z', ['a', 'a\n', 'ab']),
  ...all('match', 'a$', ['a', 'a\n']),
  ...all('findAll', '(?m)^a$', ['a\na\nb\na']),
  ...all('findAll', '\\Aa', ['aaa']),
  ...all('replaceAll', '(?P<key>\\w+)=(?P<value>\\w+)', ['a=1, b=2'], { repl: '${value}:$key' }),
  ...all('replaceAll', '(?<key>\\w+)=(\\w+)', ['a=1'], { repl: '$2$key' }),
  ...all('findAll', '(?i)straSSe|k', ['STRASSE strasse K \u212a']),
  ...all('match', '(?i)^HELLO$', ['hello', 'HeLlO', 'hell']),
  ...all('findAll', '(?s)a.b', ['a\nb']),
  ...all('findAll', 'a.b', ['a\nb axb']),
  ...all('findAll', '(?i:A)a', ['aa Aa AA']),
  ...all('findAll', '\\Q.+*\\E+', ['a.+*.+*b']),
  ...all('findAll', '[[:alpha:]]+|[[:digit:]]+', ['ab12-cd']),
  ...all('findAll', '\\pL+|\\p{Greek}|\\PL', ['αβ x1']),
  ...all('findAll', '\\s+', ['a\tb\u000bc\u00a0d e']),
  ...all('findAll', '\\w+', ['héllo wörld_1']),
  ...all('findAll', '\\d+', ['12\u0663\u0664 7']),
  ...all('findAll', '\\bfoo\\b', ['foo foobar foo_ (foo)']),
  ...all('findAll', '[^a]', ['a\nb']),
  ...all('findAll', 'x{2,}?|y{0,1}', ['xxxy']),
  // Leftmost-first: the first alternative that matches wins, not the longest.
  ...all('find', 'a|ab', ['ab']),
  ...all('find', '(a|ab)(c|bcd)', ['abcd']),
  ...all('find', '(a*)(a*)', ['aaa']),
  ...all('replaceAll', '(a|ab)(c|bcd)(d*)', ['abcd'], { repl: '[$1|$2|$3]' }),
  // Empty matches: never right after a match; the search moves one character (not one UTF-16 unit) past them.
  ...all('findAll', 'a*', ['baaac', '', 'aaa']),
  ...all('findAll', 'a*?', ['baaac']),
  ...all('findAll', '', ['😀é', 'abc']),
  ...all('replaceAll', 'a*', ['baaac', ''], { repl: '-' }),
  ...all('replaceAll', '', ['😀é'], { repl: '-' }),
  ...all('replaceAll', 'x*', ['abc'], { repl: '<$0>' }),
  ...all('replaceAll', '\\b', ['ab cd'], { repl: '|' }),
  ...all('findAll', '.', ['😀é']),
  ...all('findAll', '[😀-😂]', ['a😁b😃']),
  // n limits.
  ...[-1, 0, 1, 2, 10].flatMap((n) => all('findAll', '[0-9]+', ['a1b22c333'], { n })),
  ...[-1, 0, 1, 2, 3, 10].flatMap((n) => all('split', ',', ['a,b,,c,'], { n })),
  ...[-1, 1, 2].flatMap((n) => all('split', 'x*', ['axbxxc', ''], { n })),
  ...all('split', '', ['abc', '', '😀é']),
  ...all('split', 'a', ['', 'a', 'aa', 'bab']),
  ...all('split', '^', ['abc']),
  ...all('split', '$', ['abc']),
  // Expand: $name takes every letter, digit and _ that follows; ${…} ends it; $$ is a dollar; malformed is literal.
  ...[
    '$1',
    '${1}',
    '$1x',
    '${1}x',
    '$$1',
    '$',
    'a$',
    '${1',
    '${}',
    '$!',
    '$01',
    '$00',
    '$9',
    '$999999999',
    '$1000000000',
    '$name',
    '${name}s',
    '$nameé',
    '$0',
    '$2',
    '${2}',
  ].flatMap((repl) => all('replaceAll', '(?P<name>b+)(c)?', ['abbd', 'abc'], { repl })),
  // Go lets groups share a name: $name is the first of them that took part.
  ...['$a', '${a}|$1|$2|$3', '$b'].flatMap((repl) => all('replaceAll', '(?P<a>x)|(?P<a>y)|(?P<b>[(?P<b>])', ['x y ( z'], { repl })),
  ...all('replaceAll', '\\Q(?P<a>\\E(?P<a>a)[[:alpha:](?P<a>]', ['(?P<a>aa'], { repl: '<$a>' }),
  ...all('replaceAllLiteral', '(b)', ['abc'], { repl: '$1${1}$$' }),
  // Hostile input: linear time, answers still Go's.
  ...all('replaceAll', '(a+)+$', [`${'a'.repeat(30000)}b`, 'a'.repeat(30000)], { repl: '<$1>' }),
  ...all('match', '(x+x+)+y', ['x'.repeat(30000)]),
  ...all('findAll', '(.*a){12}', ['a'.repeat(2000)]),
  // Patterns Go refuses, in Go's words.
  ...[
    '(a',
    'a)',
    'a**',
    'a++',
    '*',
    'x{1001}',
    '(x{500}){500}',
    '[z-a]',
    '[a',
    '\\8',
    '\\C',
    '(?<=a)b',
    '(?!a)',
    '(?P<n>a)(?P<n>b)',
    '(?P<>a)',
    '(?P<a-b>a)',
    '[[:foo:]]',
    '\\p{Foo}',
    '(?z)',
    'a{2}{3}',
    '('.repeat(1001) + ')'.repeat(1001),
    'a\\',
    '(?P<a>x)(?P<a>y',
    '(?P<é>x)',
  ].map((re): Case => ({ fn: 'match', re, s: '', repl: '', n: -1 })),
];

const GO = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
if (!GO) skip("Go regexp comparison (Go's answers to the table of cases)", 'Go (the `go` command; .ci/run does not install it)', { optional: true });

/** Go's answers to `cases`, from go-regexp.go run with `go run` in a temp dir (standard library only). */
function goAnswers(cases: Case[]): Answer[] {
  const dir = mkdtempSync(join(tmpdir(), 'talgen-go-regexp-'));
  try {
    copyFileSync(join(ROOT, 'test', 'template', 'go-regexp.go'), join(dir, 'main.go'));
    const r = spawnSync('go', ['run', 'main.go'], {
      cwd: dir,
      input: JSON.stringify(cases),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GO111MODULE: 'on' },
    });
    assert.is(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as Answer[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (GO) {
  test("Go's regexp and talgen's must… functions answer every case of the table alike", () => {
    const want = goAnswers(CASES);
    assert.is(want.length, CASES.length);
    const differ = CASES.flatMap((c, i) => {
      const got = talgen(c);
      const show = (a: Answer) => JSON.stringify(a).slice(0, 300);
      return JSON.stringify(got) === JSON.stringify(want[i])
        ? []
        : [
            `${c.fn} ${JSON.stringify(c.re).slice(0, 60)} on ${JSON.stringify(c.s).slice(0, 40)} (repl ${JSON.stringify(c.repl)}, n ${c.n}): Go ${show(want[i]!)}, talgen ${show(got)}`,
          ];
    });
    assert.equal(differ, [], differ.join('\n'));
  });
}

test('a catastrophic pattern on a 100k-character input returns (RE2 never backtracks)', () => {
  const long = 'a'.repeat(100_000);
  assert.is(render(`{{ regexReplaceAll "(a+)+$" "${long}b" "x" | len }}`), '100001');
  assert.is(render(`{{ regexReplaceAll "(a+)+$" "${long}" "[$1]" | len }}`), '100002');
  assert.is(render(`{{ regexMatch "^(a|aa)*c$" "${long}" }}`), 'false');
  assert.is(render(`{{ regexFindAll "(x+x+)+y" "${'x'.repeat(100_000)}" -1 | len }}`), '0');
  assert.is(render(`{{ regexSplit "(a*)*b" "${long}" -1 | len }}`), '1');
});

test('RE2 syntax: (?U), \\z, (?P<n>…), (?i) work as in Go', () => {
  assert.is(render('{{ regexFind "(?U)a+" "aaa" }} {{ regexFindAll "(?U)<.+>" "<a><b>" -1 }}'), 'a [<a> <b>]');
  assert.is(render('{{ regexMatch "a\\\\z" "a\\n" }} {{ regexMatch "a$" "a\\n" }} {{ regexMatch "a\\\\z" "ba" }}'), 'false false true');
  assert.is(render('{{ regexReplaceAll "(?P<n>[0-9]+)" "v1.22" "<${n}>" }} {{ regexReplaceAll "(?P<n>x)" "x" "$n$1" }}'), 'v<1>.<22> xx');
  assert.is(render('{{ regexMatch "(?i)^talos$" "TaLoS" }} {{ regexFindAll "(?i)k" "kK\u212a" -1 }}'), 'true [k K \u212a]');
});

/** The `error calling NAME: …` part of the error rendering `text` fails with (after Go's `executing at <…>`). */
const callError = (text: string): string => renderError(text).replace(/^[\s\S]*?>: (?=error calling )/, '');

test("a pattern Go refuses: regexMatch answers false, the others fail with Go's message (sprig v3.3.0)", () => {
  assert.is(render('{{ regexMatch "(" "x" }}'), 'false');
  assert.is(callError('{{ mustRegexMatch "(" "x" }}'), 'error calling mustRegexMatch: error parsing regexp: missing closing ): `(`');
  assert.is(
    callError('{{ regexFind "a**" "x" }}'),
    'error calling regexFind: regexp: Compile(`a**`): error parsing regexp: invalid nested repetition operator: `**`',
  );
  assert.is(callError('{{ mustRegexFind "a**" "x" }}'), 'error calling mustRegexFind: error parsing regexp: invalid nested repetition operator: `**`');
  assert.is(
    callError('{{ regexReplaceAll "a`(" "x" "y" }}'),
    'error calling regexReplaceAll: regexp: Compile("a`("): error parsing regexp: missing closing ): `a`(`',
  );
  assert.is(
    callError('{{ regexSplit "(?<=a)" "x" -1 }}'),
    'error calling regexSplit: regexp: Compile(`(?<=a)`): error parsing regexp: invalid named capture: `(?<=a)`',
  );
});

test('regexReplaceAll output is bounded by the templateSize limit', () => {
  const msg = callError(`{{ regexReplaceAll "" "${'x'.repeat(5000)}" (repeat 5000 "y") }}`);
  assert.match(msg, /^error calling regexReplaceAll: Go template value size is over talgen's templateSize limit/);
});

test.run();
