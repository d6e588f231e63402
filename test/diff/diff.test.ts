import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { diffFile } from '../../src/emit/diff.js';
import { useColor } from '../../src/cli/diff-report.js';
import { CLI, run, talgenMain } from '../helpers/cli.js';
import { BASIC, makeRepo, secretsText } from '../genconfig/repo.js';

const TAILSCALE = 'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n  - TS_ACCEPT_DNS=true\n';
const ESC = '\x1b[';

/** A git repository with the cluster in `cluster/`, rendered once; talgen runs in `cluster/`. */
async function renderedRepo(talconfig = `${BASIC}patches:\n  - "@tailscale.yaml"\n`): Promise<{ root: string; dir: string }> {
  const root = makeRepo(
    { 'cluster/talconfig.yaml': talconfig, 'cluster/tailscale.yaml': TAILSCALE, 'cluster/talsecret.yaml': secretsText() },
    { secrets: false },
  );
  const dir = join(root, 'cluster');
  mkdirSync(join(root, '.git'));
  const r = await talgenMain(['genconfig'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  return { root, dir };
}

const outputs = (dir: string) => ['demo-cp1.yaml', 'demo-w1.yaml', 'talosconfig'].map((f) => readFileSync(join(dir, 'clusterconfig', f), 'utf8'));

test('exit codes: diff 0 without changes, 2 with changes, 1 on error; dry-run only with --exit-code', async () => {
  const { dir } = await renderedRepo();
  assert.is((await talgenMain(['diff'], { cwd: dir })).code, 0);
  assert.is((await talgenMain(['genconfig', '--dry-run', '--exit-code'], { cwd: dir })).code, 0);
  const before = outputs(dir);
  writeFileSync(join(dir, 'talconfig.yaml'), readFileSync(join(dir, 'talconfig.yaml'), 'utf8').replace('/dev/sdb', '/dev/nvme0n1'));
  const changed = await talgenMain(['diff'], { cwd: dir });
  assert.is(changed.code, 2, changed.stderr);
  assert.match(changed.stdout, /^-    disk: \/dev\/sdb\n\+    disk: \/dev\/nvme0n1$/m);
  assert.is((await talgenMain(['genconfig', '--dry-run'], { cwd: dir })).code, 0, 'like git diff: changes are exit 0 without --exit-code');
  assert.is((await talgenMain(['genconfig', '-n', '--exit-code'], { cwd: dir })).code, 2);
  assert.equal(outputs(dir), before, 'diff and dry-run write nothing');
  const missing = await talgenMain(['diff', '-c', 'nope.yaml'], { cwd: dir });
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /^talgen: .*talconfig not found/);
  writeFileSync(join(dir, 'afile'), 'x');
  assert.is((await talgenMain(['diff', '-o', 'afile'], { cwd: dir })).code, 1, 'an out dir that is a file');
  assert.is((await talgenMain(['genconfig', '--dry-run', '--exit-code', '-o', 'afile'], { cwd: dir })).code, 1);
  const usage = await talgenMain(['genconfig', '--exit-code'], { cwd: dir });
  assert.is(usage.code, 2);
  assert.match(usage.stderr, /--exit-code is an option of the dry run/);
});

test('paths are relative to the repository root (the git top-level), never absolute', async () => {
  const { root, dir } = await renderedRepo();
  rmSync(join(dir, 'clusterconfig', 'demo-w1.yaml'));
  const r = await talgenMain(['diff'], { cwd: dir });
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stdout, /^no changes found on cluster\/clusterconfig\/demo-cp1\.yaml$/m);
  assert.match(r.stdout, /^--- \/dev\/null\n\+\+\+ b\/cluster\/clusterconfig\/demo-w1\.yaml$/m);
  assert.not.ok(r.stdout.includes(root), 'no absolute path');
  assert.not.match(r.stdout, /^(---|\+\+\+) \/(?!dev\/null)/m);
});

test('talosconfig is compared; certificates and keys are SHA-256 fingerprints, never PEM', async () => {
  const { dir } = await renderedRepo();
  const path = join(dir, 'clusterconfig', 'talosconfig');
  const old = parse(readFileSync(path, 'utf8')).contexts.demo;
  // A client certificate that cannot be kept (here: its key is not the certificate's) is issued anew.
  writeFileSync(
    path,
    readFileSync(path, 'utf8').replace(
      old.key,
      Buffer.from(
        '-----BEGIN ED25519 PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END ED25519 PRIVATE KEY-----\n',
      ).toString('base64'),
    ),
  );
  const r = await talgenMain(['diff'], { cwd: dir });
  assert.is(r.code, 2, r.stderr);
  const section = r.stdout.slice(r.stdout.indexOf('--- a/cluster/clusterconfig/talosconfig'));
  const pem = Buffer.from(old.crt, 'base64').toString('utf8');
  const openssl = run('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: pem });
  const sha = openssl.stdout.trim().split('=')[1]!.replaceAll(':', '').toLowerCase();
  assert.match(
    section,
    new RegExp(`^-        crt: <certificate sha256:${sha} expires \\d{4}-\\d\\d-\\d\\d>$`, 'm'),
    'the old certificate by the fingerprint openssl prints',
  );
  assert.match(section, /^\+        crt: <certificate sha256:[0-9a-f]{64} expires /m);
  assert.match(section, /^-        key: <private key, public key sha256:[0-9a-f]{64}>$/m);
  assert.match(section, /^\+        key: <private key, public key sha256:[0-9a-f]{64}>$/m);
  assert.match(section, /^         ca: <certificate sha256:[0-9a-f]{64} expires /m, 'the CA is unchanged context');
  assert.not.match(r.stdout, /BEGIN|LS0tLS1CRUdJTi/, 'no PEM, no base64 of PEM');
});

test('per-document headings name apiVersion/kind/name; documents added, removed and changed', async () => {
  const { dir } = await renderedRepo();
  writeFileSync(join(dir, 'tailscale.yaml'), TAILSCALE.replace('=true', '=false'));
  const changed = await talgenMain(['diff'], { cwd: dir });
  assert.is(changed.code, 2, changed.stderr);
  assert.match(
    changed.stdout,
    /^# document v1alpha1\/ExtensionServiceConfig\/tailscale: changed\n@@ -\d+,\d+ \+\d+,\d+ @@ v1alpha1\/ExtensionServiceConfig\/tailscale\n/m,
  );
  assert.match(changed.stdout, /^-  - TS_ACCEPT_DNS=true\n\+  - TS_ACCEPT_DNS=false$/m);
  assert.not.match(changed.stdout, /# document v1alpha1: /, 'unchanged documents have no heading');
  writeFileSync(join(dir, 'talconfig.yaml'), BASIC);
  const removed = await talgenMain(['diff'], { cwd: dir });
  assert.match(removed.stdout, /^# document v1alpha1\/ExtensionServiceConfig\/tailscale: removed$/m);
});

test('hunk line numbers count lines of the whole file', () => {
  const before = 'version: v1alpha1\nmachine:\n  type: worker\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: a\n';
  const after =
    'version: v1alpha1\nmachine:\n  type: worker\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: b\n---\napiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\nup: true\n';
  const c = diffFile({ path: 'x.yaml', before, after });
  assert.is(c.status, 'changed');
  assert.ok(c.multiDocument);
  assert.equal(
    c.documents.map((d) => [d.label, d.status, d.hunks.split('\n')[0]]),
    [
      ['v1alpha1/HostnameConfig', 'changed', '@@ -4,4 +4,4 @@ v1alpha1/HostnameConfig'],
      ['v1alpha1/LinkConfig/eth0', 'added', '@@ -7,0 +8,5 @@ v1alpha1/LinkConfig/eth0'],
    ],
  );
  const back = diffFile({ path: 'x.yaml', before: after, after: before });
  assert.equal(
    back.documents.map((d) => [d.status, d.hunks.split('\n')[0]]),
    [
      ['changed', '@@ -4,4 +4,4 @@ v1alpha1/HostnameConfig'],
      ['removed', '@@ -8,5 +7,0 @@ v1alpha1/LinkConfig/eth0'],
    ],
  );
  const [v1, ...rest] = after.split(/(?=^---$)/m);
  const reordered = diffFile({ path: 'x.yaml', before: after, after: `${v1}${rest.reverse().join('')}` });
  assert.equal(
    reordered.documents.map((d) => [d.label, d.status]),
    [['whole file', 'changed']],
    'the same documents in another order are still a change',
  );
});

test('--output json: per file and document, status and the unified hunk text', async () => {
  const { dir } = await renderedRepo();
  writeFileSync(join(dir, 'tailscale.yaml'), `${TAILSCALE}---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostname: renamed\n`);
  rmSync(join(dir, 'clusterconfig', 'demo-w1.yaml'));
  const r = await talgenMain(['diff', '--output', 'json'], { cwd: dir });
  assert.is(r.code, 2, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.is(j.format, 1);
  assert.is(j.changed, true);
  assert.equal(
    j.files.map((f: { path: string; status: string }) => [f.path, f.status]),
    [
      ['cluster/clusterconfig/demo-cp1.yaml', 'changed'],
      ['cluster/clusterconfig/demo-w1.yaml', 'added'],
      ['cluster/clusterconfig/talosconfig', 'unchanged'],
    ],
  );
  const [cp, w1] = j.files;
  assert.equal(Object.keys(cp), ['path', 'status', 'warnings', 'documents']);
  assert.equal(
    cp.documents.map((d: Record<string, unknown>) => [d.apiVersion, d.kind, d.name, d.status]),
    [['v1alpha1', 'HostnameConfig', null, 'changed']],
  );
  assert.match(cp.documents[0].hunks, /^@@ -\d+,\d+ \+\d+,\d+ @@ v1alpha1\/HostnameConfig\n[\s\S]*^-hostname: cp1\n\+hostname: renamed\n/m);
  assert.equal(
    w1.documents.map((d: Record<string, unknown>) => [d.apiVersion, d.kind, d.name, d.status]),
    [
      ['v1alpha1', null, null, 'added'],
      ['v1alpha1', 'HostnameConfig', null, 'added'],
      ['v1alpha1', 'ExtensionServiceConfig', 'tailscale', 'added'],
    ],
  );
  assert.not.match(r.stdout, new RegExp(ESC.replace('[', '\\[')), 'no colour in JSON');
  const clean = await talgenMain(['diff', '--output', 'json'], { cwd: (await renderedRepo()).dir });
  assert.is(clean.code, 0);
  assert.is(JSON.parse(clean.stdout).changed, false);
  assert.is((await talgenMain(['diff', '--output', 'xml'], { cwd: dir })).code, 2, 'a usage error');
});

test('colour: --color always/never; auto colours a terminal unless NO_COLOR is set', async () => {
  const { dir } = await renderedRepo();
  writeFileSync(join(dir, 'talconfig.yaml'), readFileSync(join(dir, 'talconfig.yaml'), 'utf8').replace('/dev/sdb', '/dev/nvme0n1'));
  const always = await talgenMain(['diff', '--color', 'always'], { cwd: dir, env: { NO_COLOR: '1' } });
  assert.is(always.code, 2);
  assert.ok(always.stdout.includes(`${ESC}31m-    disk: /dev/sdb${ESC}0m`), 'removed lines red, the flag overrides NO_COLOR');
  assert.ok(always.stdout.includes(`${ESC}32m+    disk: /dev/nvme0n1${ESC}0m`));
  assert.ok(always.stdout.includes(`${ESC}36m@@ `));
  assert.not.ok((await talgenMain(['diff'], { cwd: dir })).stdout.includes(ESC), 'auto: a pipe gets no colour');
  assert.not.ok((await talgenMain(['diff', '--color', 'never'], { cwd: dir })).stdout.includes(ESC));
  assert.is(useColor(undefined, {}, true), true);
  assert.is(useColor(undefined, { NO_COLOR: '1' }, true), false);
  assert.is(useColor('auto', {}, false), false);
  // A real terminal: util-linux `script` runs talgen on a pseudo-terminal.
  const tty = (env: string) =>
    spawnSync('script', ['-qec', `${env} ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} diff`, '/dev/null'], { cwd: dir, encoding: 'utf8' });
  if (tty('true').error) {
    console.log('SKIP colour on a real terminal: util-linux `script` is not installed');
    return;
  }
  assert.ok(tty('env -u NO_COLOR').stdout.includes(`${ESC}31m`), 'a terminal gets colour');
  assert.not.ok(tty('env NO_COLOR=1').stdout.includes(ESC), 'NO_COLOR is honoured');
});

test('a corrupted existing output is a whole-file change with a warning, never overwritten by diff or dry-run', async () => {
  const { dir } = await renderedRepo();
  const cp = join(dir, 'clusterconfig', 'demo-cp1.yaml');
  const w1 = join(dir, 'clusterconfig', 'demo-w1.yaml');
  const broken = 'machine:\n  token: [S3CRET-NOT-YAML\n';
  const whole = readFileSync(w1, 'utf8');
  const truncated = whole.slice(0, whole.indexOf("auto: 'off'") + "auto: 'o".length);
  writeFileSync(cp, broken);
  writeFileSync(w1, truncated);
  for (const args of [['diff'], ['genconfig', '--dry-run', '--exit-code'], ['diff', '--output', 'json']]) {
    const r = await talgenMain(args, { cwd: dir });
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^warning: cluster\/clusterconfig\/demo-cp1\.yaml: the existing file is not YAML \(.+\); shown as a whole-file change$/m);
    assert.match(r.stderr, /^warning: cluster\/clusterconfig\/demo-w1\.yaml: the existing file is not YAML/m);
    assert.not.match(r.stdout + r.stderr, /S3CRET|Error\n\s+at /, 'the unreadable text is not shown, no stack trace');
    assert.is(readFileSync(cp, 'utf8'), broken);
    assert.is(readFileSync(w1, 'utf8'), truncated);
  }
  const text = (await talgenMain(['diff'], { cwd: dir })).stdout;
  assert.match(
    text,
    /^--- a\/cluster\/clusterconfig\/demo-cp1\.yaml\n\+\+\+ b\/cluster\/clusterconfig\/demo-cp1\.yaml\n@@ -1,1 \+1,\d+ @@\n-<existing file not shown: the existing file is not YAML/m,
  );
  const json = JSON.parse((await talgenMain(['diff', '--output', 'json'], { cwd: dir })).stdout);
  assert.equal(
    json.files[0].documents.map((d: Record<string, unknown>) => [d.apiVersion, d.kind, d.name, d.status]),
    [[null, null, null, 'changed']],
  );
  assert.match(json.files[0].warnings[0], /not YAML/);
});

test.run();
