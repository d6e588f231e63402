import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { run, talgenMain } from '../helpers/cli.js';
import { BASIC, makeRepo } from '../genconfig/repo.js';

const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
const THREE = BASIC.replace('nodes:\n', 'nodes:\n  - hostname: cp2\n    ipAddress: 10.0.0.12\n    controlPlane: true\n    installDisk: /dev/sda\n');
const tc = (dir: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  talgenMain(['talosconfig', ...args], { cwd: dir, env: { HOME: join(dir, 'home'), TALOSCONFIG: undefined, ...env } });
type Ctx = { endpoints: string[]; nodes?: string[]; ca: string; crt: string; key: string };
const contexts = (text: string) => parse(text) as { context: string; contexts: Record<string, Ctx> };

test('--roles os:reader --crt-ttl 1h: openssl sees O=os:reader and an expiry 1h ± 1 min away; reader@<cluster>, control-plane endpoints, no nodes', async () => {
  const dir = makeRepo({ 'talconfig.yaml': THREE });
  const out = join(dir, 'reader.yaml');
  const r = await tc(dir, ['--roles', 'os:reader', '--crt-ttl', '1h', '-o', out]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /wrote talosconfig context "reader@demo" \(os:reader\)/);
  assert.is(statSync(out).mode & 0o777, 0o600);
  const cfg = contexts(readFileSync(out, 'utf8'));
  assert.is(cfg.context, 'reader@demo');
  const ctx = cfg.contexts['reader@demo']!;
  assert.equal(ctx.endpoints, ['10.0.0.12', '10.0.0.11'], 'control planes in talconfig order');
  assert.is(ctx.nodes, undefined, 'no nodes list unless asked');
  const crt = join(dir, 'crt.pem');
  const ca = join(dir, 'ca.pem');
  writeFileSync(crt, unb64(ctx.crt));
  writeFileSync(ca, unb64(ctx.ca));
  assert.match(run('openssl', ['x509', '-in', crt, '-noout', '-subject']).stdout, /^subject=O ?= ?os:reader\n$/);
  const end = /notAfter=(.+)\n/.exec(run('openssl', ['x509', '-in', crt, '-noout', '-enddate']).stdout)![1]!;
  const left = new Date(end).getTime() - Date.now();
  assert.ok(Math.abs(left - 3600_000) <= 60_000, `expires in ${left / 1000}s`);
  const v = run('openssl', ['verify', '-CAfile', ca, '-purpose', 'sslclient', crt]);
  assert.is(v.code, 0, v.stderr);
});

test('stdout by default; --context, --endpoints, --nodes, --nodes-section; several roles keep the cluster name', async () => {
  const dir = makeRepo({ 'talconfig.yaml': THREE });
  const all = await tc(dir, ['--nodes-section', '--roles', 'os:reader,os:etcd:backup']);
  assert.is(all.code, 0, all.stderr);
  const a = contexts(all.stdout);
  assert.is(a.context, 'demo');
  assert.equal(a.contexts.demo!.nodes, ['10.0.0.12', '10.0.0.11', '10.0.0.21', '10.0.1.21']);
  assert.equal(new X509Certificate(unb64(a.contexts.demo!.crt)).subject, 'O=os:etcd:backup + O=os:reader');
  const some = contexts((await tc(dir, ['--context', 'ops', '--endpoints', 'vip.example,10.0.0.10', '--nodes', '10.0.0.21'])).stdout);
  assert.equal(some.contexts.ops!.endpoints, ['vip.example', '10.0.0.10']);
  assert.equal(some.contexts.ops!.nodes, ['10.0.0.21']);
  assert.is(contexts((await tc(dir, [])).stdout).context, 'demo', 'the admin default is named after the cluster, like genconfig');
  assert.ok(existsSync(join(dir, 'talconfig.yaml')));
});

test('unknown os: roles warn; roles newer than the cluster warn', async () => {
  // os:meta:writer came with Talos v1.13.0 (machinery's role package): a v1.12 cluster grants nothing for it.
  const older = THREE.replace('talosVersion: v1.13.9', 'talosVersion: v1.12.11').replace('kubernetesVersion: v1.36.3', 'kubernetesVersion: v1.35.0');
  assert.is.not(older, THREE);
  const dir = makeRepo({ 'talconfig.yaml': older });
  const r = await tc(dir, ['--roles', 'os:superuser,os:meta:writer']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: --roles: "os:superuser" is not a Talos role/);
  assert.match(r.stderr, /warning: --roles: "os:meta:writer" is known from Talos v1\.13\.0; this cluster runs v1\.12\.11/);
  const current = await tc(makeRepo({ 'talconfig.yaml': THREE }), ['--roles', 'os:meta:writer']);
  assert.is(current.stderr, '', 'a v1.13.9 cluster knows os:meta:writer');
  assert.equal(new X509Certificate(unb64(contexts(r.stdout).contexts.demo!.crt)).subject, 'O=os:meta:writer + O=os:superuser');
});

test('bad input: exit 1, one line, nothing written', async () => {
  const dir = makeRepo({ 'talconfig.yaml': THREE });
  const out = join(dir, 'out.yaml');
  const cases: [string[], RegExp][] = [
    [['--roles', 'admin'], /--roles: role "admin" has no "os:" prefix/],
    [['--roles', 'os:reader,reader'], /role "reader" has no "os:" prefix/],
    [['--crt-ttl', '0'], /--crt-ttl: the certificate TTL must be positive, not "0"/],
    [['--crt-ttl=-1h'], /--crt-ttl: the certificate TTL must be positive, not "-1h"/],
    [['--crt-ttl', 'abc'], /--crt-ttl: "abc" is not a Go duration/],
    [['--nodes', '10.0.0.21', '--nodes-section'], /--nodes and --nodes-section both set the nodes list/],
  ];
  for (const [args, msg] of cases) {
    const r = await tc(dir, [...args, '-o', out]);
    assert.is(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    assert.not.ok(existsSync(out), `${args.join(' ')} wrote nothing`);
  }
  const noSecrets = makeRepo({ 'talconfig.yaml': THREE }, { secrets: false });
  const ns = await tc(noSecrets, ['-o', out]);
  assert.is(ns.code, 1);
  assert.match(ns.stderr, /no secrets file: the client certificate must be issued by the cluster's OS CA/);
  writeFileSync(out, 'keep');
  const exists = await tc(dir, ['-o', out]);
  assert.is(exists.code, 1);
  assert.match(exists.stderr, /output file already exists/);
  assert.is(readFileSync(out, 'utf8'), 'keep');
  assert.is((await tc(dir, ['-o', out, '--merge', join(dir, 'x')])).code, 2, '-o with --merge is a usage error');
});

test('genconfig --crt-ttl follows the same rules', async () => {
  const dir = makeRepo({ 'talconfig.yaml': THREE });
  const r = await talgenMain(['genconfig', '--crt-ttl=-1h'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /--crt-ttl: the certificate TTL must be positive/);
  assert.not.ok(existsSync(join(dir, 'clusterconfig')));
  const ok = await talgenMain(['genconfig', '--crt-ttl', '90m'], { cwd: dir });
  assert.is(ok.code, 0, ok.stderr);
  const x = new X509Certificate(unb64(contexts(readFileSync(join(dir, 'clusterconfig', 'talosconfig'), 'utf8')).contexts.demo!.crt));
  assert.is(new Date(x.validTo).getTime() - new Date(x.validFrom).getTime(), 90 * 60_000);
});

const OTHER = `context: home
contexts:
    demo:
        endpoints:
            - 192.0.2.1
        ca: Y2E=
        crt: Y3J0
        key: a2V5
    home:
        endpoints:
            - 192.0.2.9
        nodes:
            - 192.0.2.10
        ca: Y2E=
        crt: Y3J0
        key: a2V5
        auth:
            siderov1:
                identity: me@example.com
`;

test('--merge FILE: a taken name becomes demo-1, the current context and the other contexts stay, mode 0600', async () => {
  const dir = makeRepo({ 'talconfig.yaml': THREE });
  const target = join(dir, 'config');
  writeFileSync(target, OTHER, { mode: 0o644 });
  const r = await tc(dir, ['--merge', target]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /renamed talosconfig context "demo" -> "demo-1"/);
  assert.match(r.stderr, /merged context "demo-1" \(os:admin\) into .*config; current context: home/);
  const text = readFileSync(target, 'utf8');
  assert.is(statSync(target).mode & 0o777, 0o600);
  const cfg = contexts(text);
  assert.is(cfg.context, 'home', 'current context kept');
  assert.equal(Object.keys(cfg.contexts), ['demo', 'demo-1', 'home']);
  assert.ok(text.startsWith(OTHER.slice(0, OTHER.indexOf('    home:'))), 'the existing contexts are written as talosctl writes them');
  assert.ok(text.endsWith(OTHER.slice(OTHER.indexOf('    home:'))), 'fields talgen does not model (auth) are kept');
  assert.equal(cfg.contexts['demo-1']!.endpoints, ['10.0.0.12', '10.0.0.11']);
  const again = await tc(dir, ['--merge', target, '--roles', 'os:reader']);
  assert.is(again.code, 0, again.stderr);
  assert.equal(Object.keys(contexts(readFileSync(target, 'utf8')).contexts), ['demo', 'demo-1', 'home', 'reader@demo']);
  assert.is((await tc(dir, ['--merge', target, '--roles', 'os:reader'])).code, 0);
  assert.ok(contexts(readFileSync(target, 'utf8')).contexts['reader@demo-1'], 'reader@demo → reader@demo-1');
});

test('--merge without a file: $TALOSCONFIG, else ~/.talos/config (created with the new context current)', async () => {
  const dir = makeRepo({ 'talconfig.yaml': THREE });
  const home = join(dir, 'home');
  const r = await tc(dir, ['--merge']);
  assert.is(r.code, 0, r.stderr);
  const file = join(home, '.talos', 'config');
  assert.is(contexts(readFileSync(file, 'utf8')).context, 'demo', 'a new file gets the new context as current');
  assert.is(statSync(file).mode & 0o777, 0o600);
  const env = join(dir, 'env-config');
  writeFileSync(env, OTHER);
  const e = await tc(dir, ['--merge'], { TALOSCONFIG: env });
  assert.is(e.code, 0, e.stderr);
  assert.ok(contexts(readFileSync(env, 'utf8')).contexts['demo-1']);
  assert.equal(Object.keys(contexts(readFileSync(file, 'utf8')).contexts), ['demo'], '~/.talos/config untouched');
});

test('--merge into a file that is not a talosconfig: exit 1 at its line, nothing written', async () => {
  const dir = makeRepo({ 'talconfig.yaml': THREE });
  mkdirSync(join(dir, 'm'));
  const bad: [string, RegExp][] = [
    [THREE, /talconfig\.yaml:1:1: not a talosconfig: unexpected top-level key "clusterName"/],
    ['- a\n- b\n', /not a talosconfig: the document is not a mapping/],
    ['context: x\n', /not a talosconfig: no "contexts" mapping/],
    ['context: x\ncontexts:\n  a: [1]\n', /:3:6: not a talosconfig: context "a" is not a mapping/],
    ['contexts: {\n', /YAML: /],
    ['context: x\ncontexts: {}\nsops:\n  mac: y\n', /:3:1: not a talosconfig: unexpected top-level key "sops"/],
  ];
  for (const [i, [text, msg]] of bad.entries()) {
    const target = join(dir, 'm', i === 0 ? 'talconfig.yaml' : `t${i}`);
    writeFileSync(target, text);
    const r = await tc(dir, ['--merge', target]);
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, msg);
    assert.is(readFileSync(target, 'utf8'), text, 'unchanged');
  }
});

test.run();
