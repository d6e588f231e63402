import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { contractName } from '../../src/core/contract.js';
import { formatIssue } from '../../src/core/issue.js';
import { loadRepo } from '../../src/compile/load-repo.js';
import { genconfig } from '../../src/compile/talhelper-genconfig.js';
import { buildTalosconfig, osCAFromBundle, parseTalosconfig } from '../../src/talosconfig/index.js';
import { newServerCertificate } from '../../src/pki/talos-pki.js';
import { planClientConfig } from '../../src/talosconfig/client-config.js';
import { clusterSanCoverage } from '../../src/talosconfig/node-view.js';
import { accessRoutes, apiCertSans, checkSanCoverage, type RouteNode } from '../../src/talosconfig/san-coverage.js';
import { generatedBundle } from '../helpers/bundles.js';
import { ROOT } from '../helpers/shared.js';
import { handshake } from '../helpers/tls.js';

const node = (over: Partial<RouteNode> & { index: number; hostname: string; ipAddress: string }): RouteNode => ({
  runsAsHostname: over.hostname,
  controlPlane: true,
  ownAddresses: [over.ipAddress],
  certSANs: [],
  tailnetNames: [],
  at: { file: '/repo/talconfig.yaml', line: 10 + over.index, col: 5, path: `nodes[${over.index}].hostname` },
  ...over,
});

test('apid SANs: certSANs, own addresses, hostname; 127.0.0.1 from Talos v1.13.4 on', () => {
  const n = node({ index: 0, hostname: 'cp1', ipAddress: '10.0.0.11', certSANs: ['cp.example.com', '100.64.0.1', 'CP.example.com'] });
  assert.equal(apiCertSans(n, 'v1.13.3'), { ips: ['10.0.0.11', '100.64.0.1'], dnsNames: ['cp.example.com', 'cp1'] });
  assert.equal(apiCertSans(n, 'v1.13.4').ips, ['10.0.0.11', '100.64.0.1', '127.0.0.1']);
  assert.equal(apiCertSans(n, 'v1.14.0').ips, ['10.0.0.11', '100.64.0.1', '127.0.0.1']);
  assert.equal(apiCertSans({ ...n, runsAsHostname: undefined }, 'v1.10.4').dnsNames, ['cp.example.com'], 'ignoreHostname: the hostname is not known');
});

test('routes: an endpoint that is no node address reaches every control plane; a missing SAN is one located warning per node with the fix', () => {
  const nodes = [
    node({ index: 0, hostname: 'cp1', ipAddress: '10.0.0.11' }),
    node({ index: 1, hostname: 'cp2', ipAddress: '10.0.0.12', certSANs: ['10.0.0.10'] }),
    node({ index: 2, hostname: 'w1', ipAddress: '10.0.0.21', controlPlane: false }),
  ];
  const issues = checkSanCoverage(nodes, accessRoutes(nodes, { endpoints: ['10.0.0.10', '10.0.0.11'], talosconfigNodes: ['10.0.0.21'] }), 'v1.12.0');
  assert.equal(issues.map(formatIssue), [
    'warning: /repo/talconfig.yaml:10:5: nodes[0].hostname: talosctl reaches cp1 at 10.0.0.10 (talosconfig endpoint), which its API certificate does not cover; talosctl will fail with "x509: certificate is valid for 10.0.0.11, not 10.0.0.10" (add the SAN: "- 10.0.0.10" under additionalMachineCertSans (every node) or under certSANs of nodes[0])',
  ]);
});

test('routes: DNS names in ipAddress, MagicDNS names, SSH tunnels; wildcard SANs cover one label', () => {
  const nodes = [
    node({ index: 0, hostname: 'cp1', ipAddress: 'cp1', tailnetNames: ['cp1'] }),
    node({ index: 1, hostname: 'cp2', ipAddress: 'cp2.lan', ownAddresses: ['192.168.1.2'], tailnetNames: ['ts-cp2'], certSANs: ['*.lan'] }),
    node({ index: 2, hostname: 'cp3', ipAddress: 'cp3.lan', ownAddresses: [] }),
  ];
  const text = checkSanCoverage(nodes, accessRoutes(nodes, { endpoints: [], sshTunnel: true }), 'v1.10.4').map((i) => `${i.at.path} ${i.message}`);
  assert.equal(text, [
    'nodes[2].hostname talosctl reaches cp3 at cp3.lan (its ipAddress, used by generated commands), which its API certificate does not cover; talosctl will fail with "x509: certificate is valid for cp3, not cp3.lan"',
    'nodes[1].hostname talosctl reaches cp2 at ts-cp2 (Tailscale MagicDNS name), which its API certificate does not cover; talosctl will fail with "x509: certificate is valid for *.lan, cp2, not ts-cp2"',
    'nodes[0].hostname talosctl reaches cp1 at 127.0.0.1 (SSH tunnel through the bastion), which its API certificate does not cover; talosctl will fail with "x509: cannot validate certificate for 127.0.0.1 because it doesn\'t contain any IP SANs"',
    'nodes[1].hostname talosctl reaches cp2 at 127.0.0.1 (SSH tunnel through the bastion), which its API certificate does not cover; talosctl will fail with "x509: certificate is valid for 192.168.1.2, not 127.0.0.1"',
    'nodes[2].hostname talosctl reaches cp3 at 127.0.0.1 (SSH tunnel through the bastion), which its API certificate does not cover; talosctl will fail with "x509: cannot validate certificate for 127.0.0.1 because it doesn\'t contain any IP SANs"',
  ]);
  assert.not.ok(
    text.some((t) => / at cp2\.lan /.test(t)),
    '*.lan covers cp2.lan',
  );
  assert.equal(
    checkSanCoverage(nodes, accessRoutes(nodes, { endpoints: [], sshTunnel: true }), 'v1.14.1').length,
    2,
    'Talos adds 127.0.0.1 itself from v1.13.4/v1.14',
  );
});

/** examples/tailscale rendered in-process (with the run's generated bundle: the example ships none), each node with its documents. */
async function renderExample(talconfig?: (t: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'talgen-ts-'));
  cpSync(join(ROOT, 'examples', 'tailscale'), dir, { recursive: true, filter: (p) => !p.includes('clusterconfig') });
  if (talconfig) writeFileSync(join(dir, 'talconfig.yaml'), talconfig(readFileSync(join(dir, 'talconfig.yaml'), 'utf8')));
  const configFile = join(dir, 'talconfig.yaml');
  const warnings: string[] = [];
  const repo = await loadRepo({
    configFile,
    envFiles: [join(dir, 'talenv.yaml')],
    secretFiles: [],
    cwd: dir,
    strict: true,
    onWarning: (w) => warnings.push(w),
  });
  const out = await genconfig(repo, {
    configFile,
    outDir: join(dir, 'out'),
    mode: 'metal',
    dryRun: false,
    noGitignore: true,
    disableNodesSection: false,
    crtTTLHours: 1,
    format: 'talhelper',
    secrets: generatedBundle(contractName(repo.cluster.contract)),
    onWarning: (w) => warnings.push(w),
  });
  const rendered = repo.nodes.map((n) => ({
    node: n,
    docs: parseAllDocuments(out.files.find((f) => f.path.endsWith(`-${n.hostname}.yaml`))!.data as string).map((d) => d.toJS()),
  }));
  const client = planClientConfig({ clusterName: repo.cluster.clusterName, clusterNodes: repo.nodes, roles: ['os:admin'], nodesSection: true });
  return { rendered, client, talosVersion: repo.cluster.talosVersion };
}

test('examples/tailscale passes: endpoints, nodes, MagicDNS names, tailnet endpoints and SSH tunnels are all covered', async () => {
  const { rendered, client, talosVersion } = await renderExample();
  assert.equal(
    rendered.map((r) => r.docs.filter((d) => d.kind === 'ExtensionServiceConfig').length),
    [1, 1],
  );
  assert.equal(clusterSanCoverage(rendered, talosVersion, { endpoints: client.endpoints, talosconfigNodes: client.nodes }), []);
  assert.equal(clusterSanCoverage(rendered, talosVersion, { endpoints: ['100.106.239.22', '100.106.239.23'], sshTunnel: true }), []);
  const missing = clusterSanCoverage(rendered, talosVersion, { endpoints: ['100.106.239.24'] });
  assert.equal(
    missing.map((i) => i.at.path),
    ['nodes[0].hostname', 'nodes[1].hostname'],
    'a tailnet endpoint not in the SANs: both control planes',
  );
  assert.match(missing[0]!.at.file!, /talconfig\.yaml$/);
  assert.is(missing[0]!.at.line, 25);
});

test('examples/tailscale with a renamed tailnet host and without 127.0.0.1: both reported', async () => {
  const { rendered, talosVersion } = await renderExample((t) => t.replace('  - "127.0.0.1"\n', ''));
  rendered[0]!.docs.find((d) => d.kind === 'ExtensionServiceConfig')!.environment.push('TS_EXTRA_ARGS=--hostname=anton-1');
  const issues = clusterSanCoverage(rendered, talosVersion, { endpoints: [], sshTunnel: true });
  assert.equal(
    issues.map((i) => /at (\S+) /.exec(i.message)![1]),
    ['anton-1', '127.0.0.1', '127.0.0.1'],
  );
});

test('real TLS over 127.0.0.1: a server cert with the SANs talgen predicts accepts the talosconfig client; without 127.0.0.1 the client fails as the check says', async () => {
  const bundle = generatedBundle('v1.10');
  const ca = osCAFromBundle(bundle.certs.os);
  const ctx = parseTalosconfig(buildTalosconfig({ contextName: 'c', endpoints: ['127.0.0.1'], osCA: bundle.certs.os }))!.contexts.c!;
  const client = { clientCert: Buffer.from(ctx.crt!, 'base64').toString(), clientKey: Buffer.from(ctx.key!, 'base64').toString() };
  const tunnelled = node({ index: 0, hostname: 'cp1', ipAddress: '10.0.0.11', certSANs: ['127.0.0.1'] });
  const withSan = apiCertSans(tunnelled, 'v1.10.4');
  assert.equal(checkSanCoverage([tunnelled], accessRoutes([tunnelled], { endpoints: [], sshTunnel: true }), 'v1.10.4'), []);
  const good = await handshake({ ca, ...client, sans: { dnsNames: withSan.dnsNames, ipAddresses: withSan.ips }, host: '127.0.0.1' });
  assert.ok(good.ok, good.error);
  assert.is(good.authorized, true);
  assert.equal(good.subject, { O: 'os:admin' });

  const plain = { ...tunnelled, certSANs: [] };
  const sans = apiCertSans(plain, 'v1.10.4');
  const [issue] = checkSanCoverage([plain], accessRoutes([plain], { endpoints: [], sshTunnel: true }), 'v1.10.4');
  assert.ok(issue);
  assert.match(issue.message, /at 127\.0\.0\.1 \(SSH tunnel through the bastion\).*"x509: certificate is valid for 10\.0\.0\.11, not 127\.0\.0\.1"/);
  const bad = await handshake({ ca, ...client, sans: { dnsNames: sans.dnsNames, ipAddresses: sans.ips }, host: '127.0.0.1' });
  assert.not.ok(bad.ok);
  assert.is(bad.subject, undefined, 'the client gave up before the server saw a request');
  const m = /IP: 127\.0\.0\.1 is not in the cert's list: (.*)$/.exec(bad.error ?? '');
  assert.ok(m, bad.error);
  assert.equal(m[1]!.split(', '), sans.ips, 'the certificate lists exactly the IPs the check predicted');
  assert.match(issue.message, new RegExp(`valid for ${m[1]!.replace(/\./g, '\\.')}, not 127\\.0\\.0\\.1`));
});

const GO = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
if (!GO) console.log("SKIP san-coverage: Go is not installed, so the x509 messages are not compared with Go's own (install Go to run it)");

let verifier: string | undefined;

/** What Go's x509 (talosctl's TLS stack) says about `certPem` for `host` (the Go helper is built once per run). */
function goVerifyHostname(certPem: string, host: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'talgen-x509-'));
  if (!verifier) {
    verifier = join(dir, 'x509-hostname');
    const b = spawnSync('go', ['build', '-o', verifier, join(ROOT, 'test', 'talosconfig', 'x509-hostname.go')], {
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
    });
    assert.is(b.status, 0, b.stderr);
  }
  writeFileSync(join(dir, 'cert.pem'), certPem);
  const r = spawnSync(verifier, [join(dir, 'cert.pem'), host], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r.stdout.trim();
}

if (GO) {
  test("Go's x509 words the failure exactly as the check predicts (IPs, no IP SANs, names)", () => {
    const ca = osCAFromBundle(generatedBundle('v1.10').certs.os);
    const cases: { view: RouteNode; address: string }[] = [
      { view: node({ index: 0, hostname: 'cp1', ipAddress: '10.0.0.11', certSANs: ['fd00::1', '192.168.1.101', '100.106.239.22'] }), address: '127.0.0.1' },
      { view: node({ index: 0, hostname: 'cp1', ipAddress: 'cp1.lan', ownAddresses: [] }), address: '127.0.0.1' },
      { view: node({ index: 0, hostname: 'cp1', ipAddress: '10.0.0.11', certSANs: ['talos.example.com'] }), address: 'ts-cp1' },
    ];
    for (const { view, address } of cases) {
      const sans = apiCertSans(view, 'v1.10.4');
      const server = newServerCertificate(ca, { dnsNames: sans.dnsNames, ipAddresses: sans.ips, now: new Date() });
      const [issue] = checkSanCoverage([view], [{ node: 0, address, via: 'test' }], 'v1.10.4');
      assert.ok(issue, address);
      assert.ok(issue.message.endsWith(`talosctl will fail with "${goVerifyHostname(server.cert.pem, address)}"`), `${issue.message}`);
    }
    const ok = node({ index: 0, hostname: 'cp1', ipAddress: '10.0.0.11', certSANs: ['127.0.0.1'] });
    const sans = apiCertSans(ok, 'v1.10.4');
    assert.is(goVerifyHostname(newServerCertificate(ca, { dnsNames: sans.dnsNames, ipAddresses: sans.ips, now: new Date() }).cert.pem, '127.0.0.1'), 'ok');
  });
}

test('apiCertSans lists IPs in Go netip.Addr.Compare order (IPv4 first, bytes, then zone; IPv4-mapped by their bytes)', () => {
  const sans = apiCertSans(
    node({
      index: 0,
      hostname: 'cp1',
      ipAddress: '10.0.0.1',
      certSANs: ['fe80::1%eth1', '::ffff:10.0.0.1', 'fd00::1', '::ffff:9.0.0.1', '9.0.0.1', 'fe80::1', '::1', 'fe80::1%eth0', '2001:db8::', '255.255.255.255'],
    }),
    'v1.12.0',
  );
  // The order Go's slices.SortFunc(addrs, netip.Addr.Compare) gives for these addresses.
  assert.equal(sans.ips, [
    '9.0.0.1',
    '10.0.0.1',
    '255.255.255.255',
    '::1',
    '::ffff:9.0.0.1',
    '::ffff:10.0.0.1',
    '2001:db8::',
    'fd00::1',
    'fe80::1',
    'fe80::1%eth0',
    'fe80::1%eth1',
  ]);
});

test.run();
