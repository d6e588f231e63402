import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateSemantics } from '../../src/validate/rules.js';
import { parseContract } from '../../src/core/contract.js';
import { generatedDocs } from '../helpers/bundles.js';

const rules = (contract: string, docs: unknown[], mode: 'metal' | 'cloud' | 'container' = 'metal') =>
  validateSemantics(docs, mode, parseContract(contract))
    .filter((i) => i.severity === 'error')
    .map((i) => i.rule);

const gen = generatedDocs;

test('generated configs are valid in every mode they support', () => {
  for (const c of ['v1.5', 'v1.8', 'v1.11', 'v1.12', 'v1.13', 'v1.14']) {
    for (const t of ['controlplane', 'worker'] as const) {
      assert.equal(rules(c, gen(c, t)), [], `${c} ${t} metal`);
      assert.equal(rules(c, gen(c, t), 'cloud'), [], `${c} ${t} cloud`);
    }
  }
});

test('metal mode needs install instructions', () => {
  const docs = gen('v1.13', 'worker');
  delete docs[0]!.machine.install;
  assert.equal(rules('v1.13', docs), ['install-required']);
  assert.equal(rules('v1.13', docs, 'cloud'), []);
});

test('from v1.14 metal mode takes a config without any install instructions', () => {
  const docs = gen('v1.14', 'worker').filter((d) => d.kind !== 'UnattendedInstallConfig');
  delete docs[0]!.machine.install;
  assert.equal(rules('v1.14', docs), []);
});

test('KubeSpan needs cluster.id and cluster.secret up to v1.13 only', () => {
  for (const [c, want] of [
    ['v1.13', ['kubespan-identity', 'kubespan-identity']],
    ['v1.14', []],
  ] as const) {
    const docs = gen(c, 'worker');
    docs[0]!.machine.network = { ...docs[0]!.machine.network, kubespan: { enabled: true } };
    delete docs[0]!.cluster.id;
    delete docs[0]!.cluster.secret;
    assert.equal(
      rules(c, docs).filter((r) => r === 'kubespan-identity'),
      want,
      c,
    );
  }
});

test('extraKernelArgs with grubUseUKICmdline is rejected in metal mode only', () => {
  const docs = gen('v1.13', 'worker');
  docs[0]!.machine.install.extraKernelArgs = ['a=b'];
  assert.equal(rules('v1.13', docs), ['kernel-args-uki']);
  assert.equal(rules('v1.13', docs, 'cloud'), []);
});

test('container mode requires hostDNS forwarding (v1.7 has hostDNS without it)', () => {
  assert.equal(rules('v1.7', gen('v1.7', 'worker'), 'container'), ['container-hostdns']);
  assert.equal(rules('v1.7', gen('v1.7', 'worker', { hostDNSForwardKubeDNSToHost: true }), 'container'), []);
});

test('the container hostDNS rule is a v1.7 … v1.13 rule', () => {
  for (const c of ['v1.5', 'v1.6', 'v1.14']) assert.equal(rules(c, gen(c, 'worker'), 'container'), [], c);
});

test('worker must not carry CA keys; control plane must', () => {
  const w = gen('v1.13', 'worker');
  w[0]!.machine.ca.key = 'abc';
  w[0]!.cluster.ca.key = 'abc';
  assert.equal(rules('v1.13', w), ['worker-ca-key', 'worker-ca-key']);
  const cp = gen('v1.13', 'controlplane');
  cp[0]!.machine.ca.key = '';
  assert.equal(rules('v1.13', cp), ['machine-ca-key']);
});

test('Talos API access roles are those of the release (role.All): os:operator from v1.4, os:meta:writer from v1.13', () => {
  // Facts from pkg/machinery/role of each release: v1.3.7 has no Operator, v1.4.0 has; v1.12.11 has no MetaWriter.
  const access = (contract: string, role: string): string[] => {
    const docs = gen(contract, 'controlplane');
    docs[0]!.machine.features.kubernetesTalosAPIAccess = { enabled: true, allowedRoles: [role] };
    return rules(contract, docs);
  };
  assert.equal(access('v1.3', 'os:operator'), ['talos-api-access']);
  assert.equal(access('v1.4', 'os:operator'), []);
  assert.equal(access('v1.12', 'os:meta:writer'), ['talos-api-access']);
  assert.equal(access('v1.13', 'os:meta:writer'), []);
  assert.equal(access('v1.3', 'os:reader'), []);
});

test('static hostname in v1alpha1 conflicts with HostnameConfig (v1.12+)', () => {
  const docs = gen('v1.12', 'worker');
  docs[0]!.machine.network = { hostname: 'x' };
  assert.equal(rules('v1.12', docs), ['v1alpha1-conflict']);
});

test('bad endpoint, dns domain, CNI and labels; pod subnets are not checked (Talos does not)', () => {
  const docs = gen('v1.11', 'controlplane');
  docs[0]!.cluster.controlPlane.endpoint = 'https://:99999';
  docs[0]!.cluster.network.dnsDomain = 'bad_domain!';
  docs[0]!.cluster.network.podSubnets = ['10.0.0.0/33'];
  docs[0]!.cluster.network.cni = { name: 'flannel', urls: ['https://x'] };
  docs[0]!.machine.nodeLabels = new Map([['bad key!', 'v']]);
  assert.equal(rules('v1.11', docs).sort(), ['cni', 'dns-domain', 'endpoint', 'label-key'].sort());
});

test('network device rules', () => {
  const docs = gen('v1.11', 'worker');
  docs[0]!.machine.network.interfaces = [
    { addresses: ['10.0.0.1/24'] },
    { interface: 'eth0', cidr: '10.0.0.1/24', addresses: ['10.0.0.2/24'], vip: { ip: '10.0.0.100' } },
    { interface: 'eth1', addresses: ['not-an-ip'], routes: [{ network: '0.0.0.0/0', gateway: 'nope' }] },
  ];
  assert.equal(rules('v1.11', docs).sort(), ['address', 'cidr-addresses', 'device-selector', 'route', 'worker-vip'].sort());
});

test('duplicate documents and HostnameConfig rules', () => {
  const docs = gen('v1.13', 'worker');
  docs.push({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable', hostname: 'x' });
  assert.ok(rules('v1.13', docs).includes('duplicate-document'));
  assert.ok(rules('v1.13', docs).includes('hostname'));
});

test.run();
