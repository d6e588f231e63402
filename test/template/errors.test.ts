import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderError } from './fixture.js';

// template errors carry Go's message: expected outputs are what Go 1.26 text/template with sprig v3.3.0 (talhelper's function map) renders
// for the same template over the fixture data.

test('fail', () => {
  assert.is(renderError('{{ fail "boom" }}'), 'template: executing at <fail "boom">: error calling fail: boom');
});

test('field of a string', () => {
  assert.is(renderError('{{ .A.B.C }}'), "template: executing at <.A.B.C>: can't evaluate field C in type interface {}");
});

test('unknown function', () => {
  assert.is(renderError('{{ nosuch }}'), 'template: function "nosuch" not defined');
});

test('missing if condition', () => {
  assert.is(renderError('{{ if }}{{ end }}'), 'template: missing value for if');
});

test('unclosed range', () => {
  assert.is(renderError('{{ range .L }}'), 'template: unexpected EOF');
});

test('stray end', () => {
  assert.is(renderError('{{ end }}'), 'template: unexpected {{end}}');
});

test('unclosed action', () => {
  assert.is(renderError('{{ .A.B'), 'template: unclosed action');
});

test('undefined variable', () => {
  assert.is(renderError('{{ $undefined }}'), 'template: undefined variable "$undefined"');
});

test('undefined template', () => {
  assert.is(renderError('{{ template "nope" }}'), 'template: executing at <{{template "nope"}}>: template "nope" not defined');
});

test('non-executable pipeline stage', () => {
  assert.is(renderError('{{ 3 | 4 }}'), 'template: non executable command in pipeline stage 2');
});

test('len of int', () => {
  assert.is(renderError('{{ len 3 }}'), 'template: executing at <len 3>: error calling len: len of type int');
});

test('index out of range', () => {
  assert.is(renderError('{{ index .L 9 }}'), 'template: executing at <index .L 9>: error calling index: index out of range: 9');
});

test('wrong argument type', () => {
  assert.is(renderError('{{ upper 3 }}'), 'template: executing at <3>: expected string; found 3');
});

test('invalid argument value', () => {
  assert.is(renderError('{{ upper .Missing }}'), 'template: executing at <.Missing>: invalid value; expected string');
});

test('sprig list function on a string', () => {
  assert.is(renderError('{{ first "x" }}'), 'template: executing at <first "x">: error calling first: Cannot find first on type string');
});

test('incompatible comparison', () => {
  assert.is(renderError('{{ eq 1 1.0 }}'), 'template: executing at <eq 1 1.0>: error calling eq: incompatible types for comparison: int and float64');
});

test('nil command', () => {
  assert.is(renderError('{{ nil }}'), 'template: executing at <nil>: nil is not a command');
});

test('argument to a non-function', () => {
  assert.is(renderError('{{ .A.B | .A.B }}'), 'template: executing at <.A.B>: B is not a method but has arguments');
});

test('unclosed comment', () => {
  assert.is(renderError('{{/* x }}'), 'template: unclosed comment');
});

test('wrong number of arguments', () => {
  assert.is(renderError('{{ repeat 1 }}'), 'template: executing at <repeat>: wrong number of args for repeat: want 2 got 1');
});

test('else if after range', () => {
  assert.is(renderError('{{ range .Empty }}x{{ else if .On }}on{{ end }}'), 'template: unexpected <if> in input');
});

test('operands without a space', () => {
  assert.is(renderError('{{ print"x" }}'), "template: bad character U+0022 '\"'");
});

test('nil map key', () => {
  assert.is(renderError('{{ index .M .Missing }}'), 'template: executing at <index .M .Missing>: error calling index: value is nil; should be of type string');
});

test.run();
