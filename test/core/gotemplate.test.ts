import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderGoTemplate } from '../../src/core/gotemplate.js';
import { TalgenError } from '../../src/core/errors.js';

const data: Record<string, unknown> = { A: { B: 'x', Empty: '' }, On: true, Off: false, Img: 'factory.talos.dev/metal-installer-secureboot/abc:v1.13.9' };
const resolve = (path: string[]) => path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], data);
const r = (t: string) => renderGoTemplate(t, resolve, 'test');

test('field references and plain text', () => {
  assert.is(r('a {{ .A.B }} b'), 'a x b');
  assert.is(r('no template'), 'no template');
});

test('trim markers remove surrounding whitespace', () => {
  assert.is(r('a   {{- .A.B -}}   b'), 'axb');
});

test('if / else if / else', () => {
  assert.is(r('{{ if .On }}y{{ else }}n{{ end }}'), 'y');
  assert.is(r('{{ if .Off }}1{{ else if .On }}2{{ else }}3{{ end }}'), '2');
  assert.is(r('{{ if .A.Empty }}1{{ else }}3{{ end }}'), '3');
});

test('pipelines and functions', () => {
  assert.is(r('{{ .A.Empty | default "d" | quote }}'), '"d"');
  assert.is(r('{{ printf "%s-%s" .A.B "y" }}'), 'x-y');
  assert.is(r('{{ if (eq .A.B "x") }}eq{{ end }}'), 'eq');
  assert.is(r('{{ not .On }}'), 'false');
});

test('talhelper label example: secure boot from the installer URL', () => {
  // the shape real repos use in nodeLabels
  assert.is(r('{{ if (eq (.Img | trimPrefix "factory.talos.dev/") "x") }}a{{ else }}b{{ end }}'), 'b');
});

test('unsupported constructs are errors, never passed through', () => {
  assert.throws(() => r('{{ range .A }}{{ end }}'), (e: unknown) => e instanceof TalgenError && /range/.test(e.message));
  assert.throws(() => r('{{ .A.B | nosuchfn }}'), (e: unknown) => e instanceof TalgenError && /nosuchfn/.test(e.message));
  assert.throws(() => r('{{ .A.B '), (e: unknown) => e instanceof TalgenError && /unclosed/.test(e.message));
});

test.run();
