import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { render } from './fixture.js';

// Go text/template constructs: expected outputs are what Go 1.26 text/template with sprig v3.3.0 (talhelper's function map) renders
// for the same template over the fixture data.

test('text', () => {
  assert.is(render('plain text'), 'plain text');
});

test('field', () => {
  assert.is(render('a {{ .A.B }} b'), 'a x b');
  assert.is(render('{{ .Nested.a.b }}'), 'deep');
});

test('trim markers', () => {
  assert.is(render('a   {{- .A.B -}}   b'), 'axb');
  assert.is(render('a {{- "x" }} b {{ "y" -}}  c'), 'ax b yc');
});

test('comment', () => {
  assert.is(render('a {{/* comment */}} b'), 'a  b');
  assert.is(render('a {{- /* comment */ -}} b'), 'ab');
});

test('if/else', () => {
  assert.is(render('{{ if .On }}y{{ else }}n{{ end }}'), 'y');
  assert.is(render('{{ if .Off }}y{{ else }}n{{ end }}'), 'n');
  assert.is(render('{{ if .Empty }}y{{ else }}n{{ end }}'), 'n');
});

test('else if', () => {
  assert.is(render('{{ if .Off }}1{{ else if .On }}2{{ else }}3{{ end }}'), '2');
  assert.is(render('{{ if .Off }}1{{ else if .Off }}2{{ else }}3{{ end }}'), '3');
  assert.is(render('{{ if .Off }}1{{ else if .Off }}2{{ else if .On }}3{{ end }}'), '3');
});

test('range over a list', () => {
  assert.is(render('{{ range .L }}[{{ . }}]{{ end }}'), '[a][b]');
});

test('range with index and value', () => {
  assert.is(render('{{ range $i, $v := .L }}{{ $i }}={{ $v }};{{ end }}'), '0=a;1=b;');
});

test('range over a map in key order', () => {
  assert.is(render('{{ range $k, $v := .M }}{{ $k }}={{ $v }};{{ end }}'), 'k1=v1;k2=v2;');
  assert.is(render('{{ range .M }}{{ . }};{{ end }}'), 'v1;v2;');
});

test('range else', () => {
  assert.is(render('{{ range .Empty }}x{{ else }}empty{{ end }}'), 'empty');
  assert.is(render('{{ range .Missing }}x{{ else }}none{{ end }}'), 'none');
});

test('range over an int', () => {
  assert.is(render('{{ range 3 }}{{ . }}{{ end }}'), '012');
  assert.is(render('{{ range $i := .N }}{{ $i }}{{ end }}'), '012');
});

test('break', () => {
  assert.is(render('{{ range .L }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }}'), 'a');
});

test('continue', () => {
  assert.is(render('{{ range .L }}{{ if eq . "a" }}{{ continue }}{{ end }}{{ . }}{{ end }}'), 'b');
});

test('with', () => {
  assert.is(render('{{ with .A }}{{ .B }}{{ end }}'), 'x');
  assert.is(render('{{ with .Missing }}x{{ else }}none{{ end }}'), 'none');
});

test('else with', () => {
  assert.is(render('{{ with .Missing }}x{{ else with .A }}{{ .B }}{{ end }}'), 'x');
});

test('define/template', () => {
  assert.is(render('{{ define "t" }}T({{ . }}){{ end }}{{ template "t" .A.B }}'), 'T(x)');
  assert.is(render('{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" }}'), '[<no value>]');
});

test('block', () => {
  assert.is(render('{{ block "b" .N }}B{{ . }}{{ end }}'), 'B3');
});

test('variables', () => {
  assert.is(render('{{ $x := 1 }}{{ $x = 2 }}{{ $x }}'), '2');
  assert.is(render('{{ $x := "a" }}{{ range .L }}{{ $x = . }}{{ end }}{{ $x }}'), 'b');
  assert.is(render('{{ $x := .A }}{{ $x.B }}'), 'x');
});

test('root variable', () => {
  assert.is(render('{{ $.A.B }}{{ with .L }}{{ $.N }}{{ end }}'), 'x3');
});

test('parenthesised pipelines', () => {
  assert.is(render('{{ (index .L 1) }} {{ (.A).B }} {{ (print "a" "b" | upper) }}'), 'b x AB');
});

test('pipelines', () => {
  assert.is(render('{{ .A.B | printf "%s-%s" "x" }}'), 'x-x');
  assert.is(render('{{ "hello" | upper | repeat 2 }}'), 'HELLOHELLO');
});

test('literals', () => {
  assert.is(render('{{ "str" }} {{ `raw` }} {{ \'a\' }} {{ 42 }} {{ -3 }} {{ 0x1F }} {{ 1.5 }} {{ 1e3 }} {{ true }}'), 'str raw 97 42 -3 31 1.5 1000 true');
  assert.is(render('{{ "tab\\tq\\"" }}'), 'tab\tq"');
});

test('missing map key prints <no value>', () => {
  assert.is(render('{{ .Missing }} {{ .A.Missing }} {{ .Missing.Deeper }}'), '<no value> <no value> <no value>');
});

test('printing values', () => {
  assert.is(render('{{ .M }} {{ .L }} {{ .N }} {{ .F }} {{ .Nested }}'), 'map[k1:v1 k2:v2] [a b] 3 1.5 map[a:map[b:deep]]');
});

test('printing floats', () => {
  assert.is(render('{{ 1e8 }} {{ 1234567.0 }} {{ 123456.0 }} {{ 0.00001 }} {{ 0.0001 }} {{ 3.0 }}'), '1e+08 1.234567e+06 123456 1e-05 0.0001 3');
});

test('identifiers are read by runes, as Go reads them: letters beyond the BMP, decimal digits only', async () => {
  const { renderGoTemplate } = await import('../../src/template/index.js');
  const run = (src: string): string => {
    try {
      return renderGoTemplate(src, { 'a\u0663': 'v' }, '');
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  assert.is(run('{{ $x\u{1d49c} := 1 }}{{ $x\u{1d49c} }}'), '1');
  assert.is(run('{{ .a\u0663 }}'), 'v');
  assert.match(run('{{ \u{1d49c} }}'), /function "\u{1d49c}" not defined/u);
  // Go: bad character U+00B2 '²' (a number, but no decimal digit).
  assert.match(run('{{ $x\u00b2 := 1 }}'), /unrecognized character in action: "\u00b2"/);
});

test.run();
