import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TalgenError } from '../../src/core/errors.js';
import { hasTemplate, plainStruct, renderGoTemplate } from '../../src/template/index.js';

const fails = (f: () => unknown, check: (e: TalgenError) => boolean) => assert.throws(f, (e: unknown) => e instanceof TalgenError && check(e));

test('hasTemplate: talhelper treats "{{" or "}}" anywhere as a template', () => {
  assert.ok(hasTemplate('a {{ .X }}'));
  assert.ok(hasTemplate('only close }}'));
  assert.not.ok(hasTemplate('plain { value }'));
});

test('struct data: fields by name, unknown fields are Go errors naming the type', () => {
  const s = plainStruct('talos.installerTmpl', { RegistryURL: 'factory.talos.dev', Version: 'v1.13.9', Secureboot: true });
  assert.is(renderGoTemplate('{{.RegistryURL}}:{{.Version}}{{if .Secureboot}}-sb{{end}}', s, 'w'), 'factory.talos.dev:v1.13.9-sb');
  assert.is(renderGoTemplate('{{ . }}', s, 'w'), '{factory.talos.dev v1.13.9 true}');
  fails(
    () => renderGoTemplate('{{ .Nope }}', s, 'w'),
    (e) => e.message.includes("can't evaluate field Nope in type talos.installerTmpl"),
  );
});

test('talhelper print example: {{ print .RegistryURL "/" .Version }}', () => {
  const s = plainStruct('talos.installerTmpl', { RegistryURL: 'myregistry.com', Version: 'v1.5.4' });
  assert.is(renderGoTemplate('{{ print .RegistryURL "/" .Version }}', s, 'w'), 'myregistry.com/v1.5.4');
});

test('sprig: false leaves only Go builtins (talhelper filenameTmpl)', () => {
  const s = plainStruct('config.filenameTmpl', { Hostname: 'cp1' });
  assert.is(renderGoTemplate('{{ printf "%s.yaml" .Hostname }}', s, 'w', { sprig: false }), 'cp1.yaml');
  fails(
    () => renderGoTemplate('{{ upper .Hostname }}', s, 'w', { sprig: false }),
    (e) => e.message.includes('function "upper" not defined'),
  );
  // without sprig, `slice` is Go's builtin, which slices strings too
  assert.is(renderGoTemplate('{{ slice .Hostname 0 2 }}', s, 'w', { sprig: false }), 'cp');
});

test('non-deterministic sprig functions are refused with the reason', () => {
  const r = (t: string) => () => renderGoTemplate(t, null, 'w');
  fails(r('{{ now }}'), (e) => /sprig's now: it depends on the clock/.test(e.message));
  fails(r('{{ randAlphaNum 8 }}'), (e) => /randAlphaNum: its result is random/.test(e.message));
  fails(r('{{ uuidv4 }}'), (e) => /uuidv4: its result is random/.test(e.message));
  fails(r('{{ genCA "x" 365 }}'), (e) => /genCA: it generates keys/.test(e.message));
});

test('env and expandenv read the given lookup, else the process environment', () => {
  assert.is(renderGoTemplate('{{ env "A" }}-{{ expandenv "$A/${B}" }}', null, 'w', { env: (n) => ({ A: 'x' })[n] }), 'x-x/');
  process.env.TALGEN_TEMPLATE_TEST = 'p';
  assert.is(renderGoTemplate('{{ env "TALGEN_TEMPLATE_TEST" }}', null, 'w'), 'p');
  delete process.env.TALGEN_TEMPLATE_TEST;
});

test('errors: config path, template position and a hint; file templates point at file:line:col', () => {
  fails(
    () => renderGoTemplate('a\n  {{ .A | nosuch }}', new Map(), 'nodes[0].patches[1]'),
    (e) => e.path === 'nodes[0].patches[1]' && /function "nosuch" not defined \(template line 2, col 11\)$/.test(e.message) && Boolean(e.hint),
  );
  fails(
    () => renderGoTemplate('x: 1\ny: {{ index .L 3 }}\n', new Map([['L', []]]), 'patch', { file: '/repo/p.yaml' }),
    (e) =>
      e.file === '/repo/p.yaml' &&
      e.line === 2 &&
      e.col === 7 &&
      e.message === 'template: executing at <index .L 3>: error calling index: index out of range: 3',
  );
});

test('integral numbers in data are Go ints, others float64', () => {
  const d = new Map<string, unknown>([
    ['I', 3],
    ['F', 2.5],
  ]);
  assert.is(renderGoTemplate('{{ printf "%d %v %T %T" .I .F .I .F }}', d, 'w'), '3 2.5 int float64');
});

test.run();
