/**
 * Byte-level mutations of real inputs, as fast-check arbitraries (so a seed and an index replay the same input):
 * flips, inserts, deletes, splices, duplicated lines, deep nesting, unicode and lone surrogates, huge numbers,
 * YAML anchors/aliases/tags, and the envsubst/template syntax talgen expands.
 */
import fc from 'fast-check';
import type { Seed } from './seeds.js';

/** Fragments that mean something to one of talgen's parsers (YAML, JSON, envsubst, Go templates, SOPS). */
export const TOKENS = [
  '*a',
  '&a ',
  '*undefined',
  '<<: *a\n',
  '!!binary ',
  '!!int ',
  '!!str ',
  '!!map ',
  '!!seq ',
  '!!float ',
  '!!bool ',
  '!!timestamp ',
  '!custom ',
  '!!null ',
  '? ',
  ': ',
  '- ',
  '\n- ',
  '\n  ',
  '\t',
  '|\n',
  '>-\n',
  '|+2\n',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '%TAG ! tag:x,2000:\n',
  '#',
  '"',
  "'",
  '\\',
  '[',
  ']',
  '{',
  '}',
  ',',
  '~',
  'null',
  'true',
  'no',
  'on',
  'y',
  '-0',
  '0x',
  '0o',
  '0b',
  '.inf',
  '.nan',
  '-.inf',
  '99999999999999999999999999999',
  '1e400',
  '-1e-400',
  '18446744073709551616',
  '9223372036854775808',
  '0.1e+99999',
  '00000000000000000017',
  '${X}',
  '${X:-',
  '${X:-${Y:-z}}',
  '${',
  '$$',
  '$patch',
  '${UNSET}',
  '${9}',
  '${X=',
  '${X:+y}',
  '{{',
  '}}',
  '{{ . }}',
  '{{ .Hostname }}',
  '{{ range . }}',
  '{{ end }}',
  '{{ template "x" }}',
  '{{ define "x" }}{{ end }}',
  '{{- /* c */ -}}',
  '{{ $x := 1 }}',
  '{{ index . 99 }}',
  '\\ud800',
  '\\udc00',
  '\\u0000',
  '\\U0010FFFF',
  '\\x',
  '\ud800',
  '\udfff',
  '\u0000',
  '\ufeff',
  '\u2028',
  '\u0085',
  '😀',
  '\u{10ffff}',
  'é',
  '\r\n',
  '\r',
  '@/dev/zero',
  '@./missing.yaml',
  '@.',
  '/dev/stdin',
  '../../etc/passwd',
  'ENC[AES256_GCM,data:,iv:,tag:,type:str]',
  'ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:int]',
  'sops:\n  version: 3.9.0\n',
  '$patch: delete',
  '$patch: replace',
  '{"op":"remove","path":"/machine"}',
  '/~1/~0/-',
];

/** Nesting that tries every depth-sensitive path: flow, block, JSON, envsubst defaults, template parentheses. */
export function nesting(kind: number, n: number): string {
  // indentation grows with depth: the text is quadratic in n, so block nesting stops at 2,500 levels (3 MB)
  const block = Math.min(n, 2500);
  switch (kind % 7) {
    case 0:
      return `${'['.repeat(n)}${']'.repeat(n)}`;
    case 1:
      return `${'{a: '.repeat(n)}1${'}'.repeat(n)}`;
    case 2:
      return `\n${Array.from({ length: block }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')}\n`;
    case 3:
      return `${'${X:-'.repeat(n)}x${'}'.repeat(n)}`;
    case 4:
      return `{{ ${'('.repeat(n)}1${')'.repeat(n)} }}`;
    case 5:
      return `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    default:
      return `\n${Array.from({ length: block }, (_, i) => `${'  '.repeat(i)}- `).join('\n')}x\n`;
  }
}

/** Anchors that expand into anchors: a "billion laughs" document in `levels` levels of `fan` aliases. */
export function aliasBomb(levels: number, fan: number): string {
  const rows = [`a0: &a0 [${Array(fan).fill('"x"').join(',')}]`];
  for (let i = 1; i <= levels; i++)
    rows.push(
      `a${i}: &a${i} [${Array(fan)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  return `\n${rows.join('\n')}\n`;
}

type Mutation = (text: string, donors: readonly Seed[]) => string;

const at = (text: string, pos: number) => (text.length ? pos % (text.length + 1) : 0);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // flip one character
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...'{}[]:,-&*!|>\'"\n\t #$%@\\0'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }))).map(
    ([p, c]): Mutation =>
      (t) => {
        const i = at(t, p);
        return t.slice(0, i) + c + t.slice(i + 1);
      },
  ),
  // insert a token (or random text)
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 12 }))).map(
    ([p, s]): Mutation =>
      (t) => {
        const i = at(t, p);
        return t.slice(0, i) + s + t.slice(i);
      },
  ),
  // delete a range
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 64 })).map(
    ([p, n]): Mutation =>
      (t) => {
        const i = at(t, p);
        return t.slice(0, i) + t.slice(i + n);
      },
  ),
  // truncate
  fc.nat().map(
    (p): Mutation =>
      (t) =>
        t.slice(0, at(t, p)),
  ),
  // splice in a piece of another seed
  fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 400 })).map(
    ([d, p, q, n]): Mutation =>
      (t, donors) => {
        const donor = donors.length ? donors[d % donors.length]!.text : t;
        const from = at(donor, q);
        const i = at(t, p);
        return t.slice(0, i) + donor.slice(from, from + n) + t.slice(i);
      },
  ),
  // duplicate a line (many times)
  fc.tuple(fc.nat(), fc.constantFrom(1, 2, 10, 500)).map(
    ([p, k]): Mutation =>
      (t) => {
        const lines = t.split('\n');
        const i = p % lines.length;
        lines.splice(i, 0, ...Array(k).fill(lines[i]));
        return lines.join('\n');
      },
  ),
  // swap two lines
  fc.tuple(fc.nat(), fc.nat()).map(
    ([a, b]): Mutation =>
      (t) => {
        const lines = t.split('\n');
        const i = a % lines.length;
        const j = b % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        return lines.join('\n');
      },
  ),
  // deep nesting
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(10, 100, 300, 1000, 5000, 20000)).map(
    ([p, k, n]): Mutation =>
      (t) => {
        const i = at(t, p);
        return t.slice(0, i) + nesting(k, n) + t.slice(i);
      },
  ),
  // a number replaced by a huge (or odd) one
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('99999999999999999999999999', '1e400', '-0', '0x7fffffffffffffff', '18446744073709551616', '0o777777777777', '1_000', '.5', '1.', 'NaN'),
    )
    .map(
      ([p, s]): Mutation =>
        (t) => {
          const nums = [...t.matchAll(/\d+/g)];
          if (!nums.length) return t + s;
          const m = nums[p % nums.length]!;
          return t.slice(0, m.index) + s + t.slice(m.index! + m[0].length);
        },
    ),
  // an anchor on one value and aliases to it elsewhere, or an alias bomb
  fc.tuple(fc.nat(), fc.nat(), fc.boolean(), fc.integer({ min: 2, max: 12 })).map(
    ([p, q, bomb, n]): Mutation =>
      (t) => {
        if (bomb) return t + aliasBomb(n, n);
        const vals = [...t.matchAll(/: (?=\S)/g)];
        if (vals.length < 2) return `${t}\nx: &x [1]\ny: *x\n`;
        const a = vals[p % vals.length]!.index! + 2;
        const b = vals[q % vals.length]!.index! + 2;
        const withAlias = t.slice(0, b) + '*fz ' + t.slice(b);
        const a2 = a <= b ? a : a + 4;
        return withAlias.slice(0, a2) + '&fz ' + withAlias.slice(a2);
      },
  ),
);

/** A seed text with 1–4 mutations applied (donors give splices text from other inputs of the same kind). */
export function mutatedText(seeds: readonly Seed[], donors: readonly Seed[] = seeds): fc.Arbitrary<{ seed: string; text: string }> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([seed, ms]) => ({
    seed: seed.name,
    text: ms.reduce((t, m) => m(t, donors), seed.text),
  }));
}
