import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from './fixture.js';

// sprig math, conversion, encoding, hashing, path, type and env functions: expected outputs are what Go 1.26 text/template with sprig v3.3.0 (talhelper's function map) renders
// for the same template over the fixture data.

test('toJson', () => {
  assert.is(render('{{ toJson .M }} {{ toJson .L }} {{ toJson "<&>" }} {{ toJson 1.5 }}'), '{"k1":"v1","k2":"v2"} ["a","b"] "\\u003c\\u0026\\u003e" 1.5');
});

test('toRawJson', () => {
  assert.is(render('{{ toRawJson "<&>" }}'), '"<&>"');
});

test('toPrettyJson', () => {
  assert.is(render('{{ toPrettyJson .Nested }}'), '{\n  "a": {\n    "b": "deep"\n  }\n}');
});

test('fromJson', () => {
  assert.is(render('{{ (fromJson "{\\"a\\":1,\\"b\\":[true,null]}").a }} {{ fromJson "{\\"a\\":1}" }}'), '1 map[a:1]');
});

test('b64enc', () => {
  assert.is(render('{{ b64enc "hello" }}'), 'aGVsbG8=');
});

test('b64dec', () => {
  assert.is(render('{{ b64dec "aGVsbG8=" }}'), 'hello');
});

test('add', () => {
  assert.is(render('{{ add 1 2 3 }} {{ add 1 2.5 }}'), '6 3');
});

test('sub', () => {
  assert.is(render('{{ sub 5 2 }}'), '3');
});

test('mul', () => {
  assert.is(render('{{ mul 2 3 4 }} {{ mul 2 "3" }}'), '24 6');
});

test('div', () => {
  assert.is(render('{{ div 7 2 }}'), '3');
});

test('mod', () => {
  assert.is(render('{{ mod 7 3 }}'), '1');
});

test('add1', () => {
  assert.is(render('{{ add1 5 }}'), '6');
});

test('max', () => {
  assert.is(render('{{ max 1 5 3 }}'), '5');
});

test('min', () => {
  assert.is(render('{{ min 4 2 8 }}'), '2');
});

test('floor', () => {
  assert.is(render('{{ floor 1.7 }}'), '1');
});

test('ceil', () => {
  assert.is(render('{{ ceil 1.2 }}'), '2');
});

test('round', () => {
  assert.is(render('{{ round 1.2345 2 }} {{ round 2.5 0 }}'), '1.23 3');
});

test('int', () => {
  assert.is(render('{{ int "42" }} {{ int 3.9 }} {{ int "0x10" }}'), '42 3 16');
});

test('int64', () => {
  assert.is(render('{{ int64 3.9 }}'), '3');
});

test('float64', () => {
  assert.is(render('{{ float64 "1.5" }}'), '1.5');
});

test('atoi', () => {
  assert.is(render('{{ atoi "12" }} {{ atoi "x" }}'), '12 0');
});

test('addf', () => {
  assert.is(render('{{ addf 1.1 2.2 }}'), '3.3');
});

test('subf', () => {
  assert.is(render('{{ subf 5 1.5 }}'), '3.5');
});

test('mulf', () => {
  assert.is(render('{{ mulf 1.5 2 }}'), '3');
});

test('divf', () => {
  assert.is(render('{{ divf 1 3 }}'), '0.3333333333333333');
});

test('maxf', () => {
  assert.is(render('{{ maxf 1.5 2 }}'), '2');
});

test('minf', () => {
  assert.is(render('{{ minf 1.5 2 }}'), '1.5');
});

test('sha256sum', () => {
  assert.is(render('{{ sha256sum "hello" }}'), '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
});

test('sha1sum', () => {
  assert.is(render('{{ sha1sum "hello" }}'), 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
});

test('adler32sum', () => {
  assert.is(render('{{ adler32sum "hello" }}'), '103547413');
});

test('path functions', () => {
  assert.is(render('{{ base "/a/b.txt" }} {{ dir "/a/b.txt" }} {{ ext "/a/b.txt" }} {{ clean "/a/../b/./c/" }} {{ isAbs "/a" }}'), 'b.txt /a .txt /b/c true');
});

test('typeOf', () => {
  assert.is(render('{{ typeOf 1 }} {{ typeOf "a" }} {{ typeOf .L }}'), 'int string []interface {}');
});

test('kindOf', () => {
  assert.is(render('{{ kindOf .M }} {{ kindIs "int" 1 }}'), 'map true');
});

test('env', () => {
  assert.is(render('{{ env "TALGEN_T" }}'), 'tv');
});

test('expandenv', () => {
  assert.is(render('{{ expandenv "x-$TALGEN_T-${TALGEN_T}" }}'), 'x-tv-tv');
});

test.run();
