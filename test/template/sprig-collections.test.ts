import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from './fixture.js';

// sprig list, dict and default functions: expected outputs are what Go 1.26 text/template with sprig v3.3.0 (talhelper's function map) renders
// for the same template over the fixture data.

test('default', () => {
  assert.is(render('{{ default "d" "" }} {{ default "d" "v" }} {{ default "d" .Missing }} {{ default 5 0 }} {{ .Missing | default "x" }}'), 'd v d 5 x');
});

test('empty', () => {
  assert.is(
    render('{{ empty "" }} {{ empty 0 }} {{ empty .L }} {{ empty .M }} {{ empty false }} {{ empty "a" }} {{ empty .Missing }}'),
    'true true false false true false true',
  );
});

test('coalesce', () => {
  assert.is(render('{{ coalesce "" 0 "x" "y" }} {{ coalesce "" 0 }}'), 'x <no value>');
});

test('ternary', () => {
  assert.is(render('{{ ternary "a" "b" true }} {{ ternary "a" "b" false }}'), 'a b');
});

test('list', () => {
  assert.is(render('{{ list 1 "a" 2.5 }}'), '[1 a 2.5]');
});

test('first', () => {
  assert.is(render('{{ first .L }}'), 'a');
});

test('last', () => {
  assert.is(render('{{ last .L }}'), 'b');
});

test('rest', () => {
  assert.is(render('{{ rest .L }}'), '[b]');
});

test('initial', () => {
  assert.is(render('{{ initial .L }}'), '[a]');
});

test('append', () => {
  assert.is(render('{{ append .L "c" }}'), '[a b c]');
});

test('prepend', () => {
  assert.is(render('{{ prepend .L "z" }}'), '[z a b]');
});

test('concat', () => {
  assert.is(render('{{ concat .L (list 1 2) }}'), '[a b 1 2]');
});

test('has', () => {
  assert.is(render('{{ has "a" .L }} {{ has "q" .L }}'), 'true false');
});

test('without', () => {
  assert.is(render('{{ without (list 1 2 3 2) 2 }}'), '[1 3]');
});

test('uniq', () => {
  assert.is(render('{{ uniq (list 1 2 1 "a" "a") }}'), '[1 2 a]');
});

test('compact', () => {
  assert.is(render('{{ compact (list 1 "" 0 "x") }}'), '[1 x]');
});

test('reverse', () => {
  assert.is(render('{{ reverse .L }}'), '[b a]');
});

test('sortAlpha', () => {
  assert.is(render('{{ sortAlpha (list "b" "c" "a") }}'), '[a b c]');
});

test('until', () => {
  assert.is(render('{{ until 3 }}'), '[0 1 2]');
});

test('untilStep', () => {
  assert.is(render('{{ untilStep 1 10 3 }}'), '[1 4 7]');
});

test('seq', () => {
  assert.is(render('{{ seq 3 }} {{ seq 2 5 }} {{ seq 5 -2 1 }}'), '1 2 3 2 3 4 5 5 3 1');
});

test('slice', () => {
  assert.is(render('{{ slice .L 1 }} {{ slice (list 1 2 3 4) 1 3 }}'), '[b] [2 3]');
});

test('chunk', () => {
  assert.is(render('{{ chunk 2 (list 1 2 3) }}'), '[[1 2] [3]]');
});

test('dict', () => {
  assert.is(render('{{ dict "a" 1 "b" "x" }} {{ dict "odd" }}'), 'map[a:1 b:x] map[odd:]');
});

test('get', () => {
  assert.is(render('{{ get (dict "a" 1) "a" }}|{{ get (dict "a" 1) "zz" }}'), '1|');
});

test('set', () => {
  assert.is(render('{{ $d := dict "a" 1 }}{{ $_ := set $d "c" 3 }}{{ $d }}'), 'map[a:1 c:3]');
});

test('unset', () => {
  assert.is(render('{{ unset (dict "a" 1 "c" 3) "a" }}'), 'map[c:3]');
});

test('hasKey', () => {
  assert.is(render('{{ hasKey (dict "a" 1) "a" }} {{ hasKey .M "zz" }}'), 'true false');
});

test('keys', () => {
  assert.is(render('{{ keys (dict "b" 1 "a" 2) | sortAlpha }}'), '[a b]');
});

test('values', () => {
  assert.is(render('{{ values (dict "a" 1) }}'), '[1]');
});

test('pluck', () => {
  assert.is(render('{{ pluck "a" (dict "a" 1) (dict "a" 2) (dict "b" 3) }}'), '[1 2]');
});

test('pick', () => {
  assert.is(render('{{ pick (dict "a" 1 "b" 2 "c" 3) "a" "c" }}'), 'map[a:1 c:3]');
});

test('omit', () => {
  assert.is(render('{{ omit (dict "a" 1 "b" 2) "a" }}'), 'map[b:2]');
});

test('merge', () => {
  assert.is(render('{{ merge (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 3 "n" (dict "y" 2)) }}'), 'map[a:1 b:3 n:map[x:1 y:2]]');
});

test('mergeOverwrite', () => {
  assert.is(render('{{ mergeOverwrite (dict "a" 1) (dict "a" 2 "b" 3) }}'), 'map[a:2 b:3]');
});

test('dig', () => {
  assert.is(render('{{ dig "a" "b" "def" .Nested }} {{ dig "a" "zz" "def" .Nested }}'), 'deep def');
});

test('all/any', () => {
  assert.is(render('{{ all 1 "a" }} {{ all 1 "" }} {{ any 0 "" }} {{ any 0 "x" }}'), 'true false false true');
});

test('toStrings', () => {
  assert.is(render('{{ toStrings (list 1 "a") }}'), '[1 a]');
});

test('deepEqual', () => {
  assert.is(render('{{ deepEqual (list 1) (list 1) }}'), 'true');
});

test.run();
