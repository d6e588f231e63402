import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from './fixture.js';

// sprig string and regex functions: expected outputs are what Go 1.26 text/template with sprig v3.3.0 (talhelper's function map) renders
// for the same template over the fixture data.

test('trim', () => {
  assert.is(render('{{ trim "  x  " }}'), 'x');
});

test('trimAll', () => {
  assert.is(render('{{ trimAll "-" "--x--" }}'), 'x');
});

test('trimPrefix', () => {
  assert.is(render('{{ trimPrefix "v" "v1.2" }} {{ "factory.talos.dev/x" | trimPrefix "factory.talos.dev/" }}'), '1.2 x');
});

test('trimSuffix', () => {
  assert.is(render('{{ trimSuffix ".yaml" "a.yaml" }}'), 'a');
});

test('upper', () => {
  assert.is(render('{{ upper "abc" }}'), 'ABC');
});

test('lower', () => {
  assert.is(render('{{ lower "ABC" }}'), 'abc');
});

test('title', () => {
  assert.is(render('{{ title "hello wide-world x_y" }}'), 'Hello Wide-World X_y');
});

test('untitle', () => {
  assert.is(render('{{ untitle "Hello World" }}'), 'hello world');
});

test('replace', () => {
  assert.is(render('{{ replace "a" "b" "banana" }}'), 'bbnbnb');
});

test('contains', () => {
  assert.is(render('{{ contains "an" "banana" }} {{ contains "x" "banana" }}'), 'true false');
});

test('hasPrefix', () => {
  assert.is(render('{{ hasPrefix "ba" "banana" }}'), 'true');
});

test('hasSuffix', () => {
  assert.is(render('{{ hasSuffix "na" "banana" }}'), 'true');
});

test('quote', () => {
  assert.is(render('{{ quote "a" 1 nil }} {{ quote "a\\"b" }}'), '"a" "1" "a\\"b"');
});

test('squote', () => {
  assert.is(render('{{ squote "a" }}'), "'a'");
});

test('cat', () => {
  assert.is(render('{{ cat "a" 1 nil "b" }}'), 'a 1 b');
});

test('indent', () => {
  assert.is(render('{{ indent 2 "a\\nb" }}'), '  a\n  b');
});

test('nindent', () => {
  assert.is(render('{{ nindent 2 "a\\nb" }}'), '\n  a\n  b');
});

test('repeat', () => {
  assert.is(render('{{ repeat 3 "ab" }}'), 'ababab');
});

test('substr', () => {
  assert.is(render('{{ substr 1 3 "hello" }} {{ substr -1 3 "hello" }} {{ substr 2 -1 "hello" }}'), 'el hel llo');
});

test('trunc', () => {
  assert.is(render('{{ trunc 3 "hello" }} {{ trunc -2 "hello" }} {{ trunc 9 "hello" }}'), 'hel lo hello');
});

test('abbrev', () => {
  assert.is(render('{{ abbrev 5 "hello world" }} {{ abbrev 20 "hello" }}'), 'he... hello');
});

test('abbrevboth', () => {
  assert.is(render('{{ abbrevboth 5 10 "1234 5678 9123" }}'), '...5678...');
});

test('wrap', () => {
  assert.is(render('{{ wrap 5 "hello world foo bar" }}'), 'hello\nworld\nfoo\nbar');
});

test('wrapWith', () => {
  assert.is(render('{{ wrapWith 5 "\\t" "helloworld" }}'), 'hello\tworld');
});

test('splitList', () => {
  assert.is(render('{{ splitList "," "a,b,c" }}'), '[a b c]');
});

test('split', () => {
  assert.is(render('{{ (split "," "a,b")._1 }} {{ split "," "a,b" }}'), 'b map[_0:a _1:b]');
});

test('splitn', () => {
  assert.is(render('{{ splitn "," 2 "a,b,c" }}'), 'map[_0:a _1:b,c]');
});

test('join', () => {
  assert.is(render('{{ join "-" .L }} {{ join "," (list 1 "a") }}'), 'a-b 1,a');
});

test('toString', () => {
  assert.is(render('{{ toString 1 }} {{ toString 1.5 }} {{ toString .L }} {{ toString true }}'), '1 1.5 [a b] true');
});

test('regexMatch', () => {
  assert.is(render('{{ regexMatch "^a.c$" "abc" }} {{ regexMatch "^a.c$" "abcd" }}'), 'true false');
});

test('regexFind', () => {
  assert.is(render('{{ regexFind "[0-9]+" "ab123cd45" }}'), '123');
});

test('regexFindAll', () => {
  assert.is(render('{{ regexFindAll "[0-9]+" "ab123cd45" -1 }} {{ regexFindAll "[0-9]+" "ab123cd45" 1 }}'), '[123 45] [123]');
});

test('regexReplaceAll', () => {
  assert.is(
    render(
      '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexReplaceAll "a(?P<x>x*)b" "-ab-axxb-" "$x" }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}',
    ),
    '-W-xxW- --xx- ---',
  );
});

test('regexReplaceAllLiteral', () => {
  assert.is(render('{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}'), '-${1}-${1}-');
});

test('regexSplit', () => {
  assert.is(render('{{ regexSplit "z+" "pizza" -1 }} {{ regexSplit "z+" "pizza" 1 }} {{ regexSplit "" "abc" -1 }}'), '[pi a] [pizza] [a b c]');
});

test('regexQuoteMeta', () => {
  assert.is(render('{{ regexQuoteMeta "a.b*c" }}'), 'a\\.b\\*c');
});

test('plural', () => {
  assert.is(render('{{ plural "one" "many" 2 }}'), 'many');
});

test('initials', () => {
  assert.is(render('{{ initials "hello world" }}'), 'hw');
});

test('nospace', () => {
  assert.is(render('{{ nospace "a b  c" }}'), 'abc');
});

test('swapcase', () => {
  assert.is(render('{{ swapcase "aBc" }}'), 'AbC');
});

test.run();
