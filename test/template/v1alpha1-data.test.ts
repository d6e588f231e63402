import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TalgenError } from '../../src/core/errors.js';
import { v1alpha1TemplateData } from '../../src/plan/go-template-data.js';
import { renderGoTemplate } from '../../src/template/index.js';

const doc = () => ({
  version: 'v1alpha1',
  machine: {
    type: 'controlplane',
    install: { disk: '/dev/sda', image: 'factory.talos.dev/metal-installer/abc:v1.13.9' },
    certSANs: ['a.example', 'b.example'],
    nodeLabels: new Map([
      ['zone', 'z1'],
      ['rack', 'r2'],
    ]),
    network: { hostname: 'cp1' },
  },
  cluster: { clusterName: 'home' },
});
const r = (t: string) => renderGoTemplate(t, v1alpha1TemplateData(doc()), 'test');

test('Go field names reach the YAML values', () => {
  assert.is(r('{{ .MachineConfig.MachineInstall.InstallImage }}'), 'factory.talos.dev/metal-installer/abc:v1.13.9');
  assert.is(r('{{ .MachineConfig.MachineNetwork.NetworkHostname }}.{{ .ClusterConfig.ClusterName }}'), 'cp1.home');
});

test('slices and maps range like Go (maps in key order)', () => {
  assert.is(r('{{ range .MachineConfig.MachineCertSANs }}{{ . }};{{ end }}'), 'a.example;b.example;');
  assert.is(r('{{ range $k, $v := .MachineConfig.MachineNodeLabels }}{{ $k }}={{ $v }},{{ end }}'), 'rack=r2,zone=z1,');
  assert.is(r('{{ .MachineConfig.MachineNodeLabels.zone }} {{ .MachineConfig.MachineNodeLabels.nope }}'), 'z1 <no value>');
});

test('absent fields are Go zero values: "" / false / empty, nil pointers print <nil>', () => {
  assert.is(r('[{{ .MachineConfig.MachineInstall.InstallExtraKernelArgs }}][{{ .MachineConfig.MachineToken }}]'), '[[]][]');
  assert.is(r('{{ .MachineConfig.MachineKubelet }}|{{ if .MachineConfig.MachineKubelet }}y{{ else }}n{{ end }}'), '<nil>|n');
  assert.is(r('{{ .MachineConfig.MachineInstall.InstallWipe }}'), '<nil>');
});

test('a field through a nil pointer and an unknown field are Go errors', () => {
  assert.throws(
    () => r('{{ .MachineConfig.MachineKubelet.KubeletImage }}'),
    (e: unknown) => e instanceof TalgenError && e.message.includes('nil pointer evaluating *v1alpha1.KubeletConfig.KubeletImage'),
  );
  assert.throws(
    () => r('{{ .MachineConfig.Nope }}'),
    (e: unknown) => e instanceof TalgenError && e.message.includes("can't evaluate field Nope in type *v1alpha1.MachineConfig"),
  );
});

test('printing a whole struct is refused (Go prints pointer addresses)', () => {
  assert.throws(
    () => r('{{ .MachineConfig }}'),
    (e: unknown) => e instanceof TalgenError && /cannot print a whole \*v1alpha1.MachineConfig/.test(e.message),
  );
});

test('talhelper label example: secure boot from the installer image', () => {
  const t = '{{ if hasPrefix "factory.talos.dev/metal-installer-secureboot/" .MachineConfig.MachineInstall.InstallImage }}true{{ else }}false{{ end }}';
  assert.is(r(t), 'false');
});

test.run();
