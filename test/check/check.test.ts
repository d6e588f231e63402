import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { encryptText } from '../../src/sops/index.js';
import { run, talgenMain, tmp } from '../helpers/cli.js';
import { atRelease, BASIC, makeRepo, secretsText } from '../genconfig/repo.js';

// `talgen check` on real repos in temp dirs, with the real git and SOPS files encrypted for a key made here.
const id = await generateX25519Identity();
const rcpt = await identityToRecipient(id);
const withKey = { SOPS_AGE_KEY: id };
const encrypted = (plain: string, name: string) => encryptText(plain, name, { recipients: [rcpt] });

function gitInit(dir: string, ...add: string[]): void {
  run('git', ['init', '-q', dir]);
  if (add.length) run('git', ['-C', dir, 'add', ...add]);
}

/** A cluster repo in git: talconfig + SOPS-encrypted talsecret (+ files). */
async function repo(files: Record<string, string> = {}): Promise<string> {
  const dir = makeRepo({ 'talconfig.yaml': BASIC, 'talsecret.sops.yaml': await encrypted(secretsText(), 'talsecret.sops.yaml'), ...files }, { secrets: false });
  gitInit(dir);
  return dir;
}

const PATCHED = `${BASIC.replace('nodes:', 'patches:\n  - "@./patches/common.yaml"\nnodes:')}`;

test('a good repo passes every check, with the key', async () => {
  const dir = await repo({ 'talconfig.yaml': PATCHED, 'patches/common.yaml': 'machine:\n  time:\n    servers: [time.example.org]\n' });
  const r = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.is(r.stderr, '');
  assert.match(r.stdout, /^talgen check: 1 cluster: 8 passed, 0 failed, 0 skipped; 0 errors, 0 warnings$/m);
});

test('the talconfig row and the render rows share one load of the talconfig (env files decrypted once for both)', async () => {
  const dir = await repo({ 'talenv.sops.yaml': await encrypted('CLUSTER_NAME: demo\n', 'talenv.sops.yaml') });
  const r = await talgenMain(['check', '-d'], { cwd: dir, env: withKey });
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.is([...r.stderr.matchAll(/^debug: load \S*talconfig\.yaml /gm)].length, 1, r.stderr);
  // The context's key check opens talenv once; the one load decrypts it once more.
  assert.is([...r.stderr.matchAll(/^debug: decrypt \S*talenv\.sops\.yaml /gm)].length, 2, r.stderr);
});

test('git is asked three times per cluster: its top level, the files it tracks, the files it ignores', async () => {
  const dir = await repo();
  const bin = tmp('talgen-git-log-');
  const log = join(bin, 'calls.log');
  const real = run('sh', ['-c', 'command -v git']).stdout.trim();
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$1" >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  const r = await talgenMain(['check'], { cwd: dir, env: { ...withKey, PATH: `${bin}:${process.env.PATH}` } });
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(readFileSync(log, 'utf8').trim().split('\n').sort(), ['check-ignore', 'ls-files', 'rev-parse']);
});

test('a plaintext talsecret is an error naming the file; a git-ignored one never reaches the repository', async () => {
  const dir = await repo({ 'talsecret.yaml': secretsText() });
  const r = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(r.code, 1);
  assert.match(r.stderr, /^talsecret\.yaml: secret file is not SOPS-encrypted \(encrypt it in place with "talgen encrypt -i talsecret\.yaml"/m);
  assert.match(r.stdout, /1 failed.*1 error/);
  // A template whose every value comes from the (encrypted) env files holds no secret.
  writeFileSync(join(dir, 'talsecret.yaml'), 'cluster:\n  id: ${CLUSTER_ID}\n  secret: $CLUSTER_SECRET\ncerts:\n  os:\n    crt: ${OS_CRT}\n');
  assert.not.match((await talgenMain(['check'], { cwd: dir, env: withKey })).stderr, /talsecret\.yaml: secret file/);
  writeFileSync(join(dir, 'talsecret.yaml'), 'cluster:\n  id: ${CLUSTER_ID:-c2VjcmV0}\n');
  assert.match(
    (await talgenMain(['check'], { cwd: dir, env: withKey })).stderr,
    /^talsecret\.yaml: secret file is not SOPS-encrypted/m,
    'a default value is plaintext',
  );
  writeFileSync(join(dir, '.gitignore'), 'talsecret.yaml\n');
  const ignored = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.not.match(ignored.stderr, /talsecret\.yaml: secret file/);
});

test('a broken patch file fails the render check at its line, the render is in memory only', async () => {
  const dir = await repo({ 'talconfig.yaml': PATCHED, 'patches/common.yaml': 'machine:\n  time:\n    servers: 5\n' });
  const r = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(r.code, 1);
  assert.match(r.stderr, /patches\/common\.yaml:3:\d+: .*servers/);
  assert.match(r.stdout, /5 passed, 1 failed, 2 skipped/);
  assert.is(run('ls', [dir]).stdout.includes('clusterconfig'), false, 'nothing written');
});

test('talconfig errors are located; the render that depends on them is skipped with the reason', async () => {
  const dir = await repo({ 'talconfig.yaml': BASIC.replace('controlPlane: true', 'controlPlane: yes please') });
  const r = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(r.code, 1);
  assert.match(r.stderr, /^talconfig\.yaml:8:19: nodes\[0\]\.controlPlane: cannot unmarshal !!str `yes please` into bool/m);
  assert.match(r.stdout, /^skipped: talconfig\.yaml: render \(.*\): talconfig has errors$/m);
});

test('without the SOPS key: what needs no plaintext runs, each skip says what and why, exit 0', async () => {
  const dir = await repo({
    'talconfig.yaml': BASIC.replace('clusterName: demo', 'clusterName: ${NAME}'),
    'talenv.sops.yaml': await encrypted('NAME: demo\n', 'talenv.sops.yaml'),
  });
  const keyed = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(keyed.code, 0, keyed.stdout + keyed.stderr);
  const r = await talgenMain(['check'], { cwd: dir });
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /^talconfig\.yaml: without the plaintext of the talconfig, its env files and other SOPS files \(patches\): talenv\.sops\.yaml: SOPS decryption failed: no age key found/m,
  );
  assert.match(r.stdout, /^skipped: talconfig\.yaml: talconfig \(.*\): needs the plaintext of the talconfig, its env files and other SOPS files \(patches\)$/m);
  assert.match(r.stdout, /^skipped: talconfig\.yaml: render \(.*\): needs the plaintext of the talconfig, its env files and other SOPS files \(patches\)$/m);
  assert.match(r.stdout, /4 passed, 0 failed, 4 skipped/);
  // Still a gate for what needs no key.
  writeFileSync(join(dir, 'talsecret.yaml'), secretsText());
  const leak = await talgenMain(['check'], { cwd: dir });
  assert.is(leak.code, 1);
  assert.match(leak.stderr, /^talsecret\.yaml: secret file is not SOPS-encrypted/m);
});

test('a SOPS-encrypted patch: rendered with the key, the render skipped without it (never an error)', async () => {
  const dir = await repo({
    'talconfig.yaml': BASIC.replace('nodes:', 'patches:\n  - "@./patches/ntp.sops.yaml"\nnodes:'),
    'patches/ntp.sops.yaml': await encrypted('machine:\n  time:\n    servers: [ntp.internal]\n', 'ntp.sops.yaml'),
  });
  const keyed = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(keyed.code, 0, keyed.stdout + keyed.stderr);
  assert.match(keyed.stdout, /8 passed/);
  const r = await talgenMain(['check'], { cwd: dir });
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /^talconfig\.yaml: without the plaintext of the talconfig, its env files and other SOPS files \(patches\): patches\/ntp\.sops\.yaml: SOPS decryption failed/m,
  );
  assert.match(r.stdout, /^skipped: talconfig\.yaml: render /m);
});

test('without the key to the talsecret only: every node still renders, with a throwaway bundle, and says so', async () => {
  // Talos v1.6: its throwaway bundle has no RSA-4096 service account key to wait for.
  const dir = await repo({ 'talconfig.yaml': atRelease(PATCHED, 'v1.6.8'), 'patches/common.yaml': 'machine:\n  time:\n    servers: 5\n' });
  const r = await talgenMain(['check'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(
    r.stdout,
    /^partly skipped: talconfig\.yaml: render: rendered with a throwaway secrets bundle: the real bundle was not checked \(needs the plaintext of the secrets file\)$/m,
  );
  assert.match(r.stderr, /patches\/common\.yaml:3:\d+: .*servers/);
});

test('a tampered SOPS file is a finding, not a skip', async () => {
  // Talos v1.6 again: the render, without the bundle's plaintext, uses a throwaway bundle.
  const dir = await repo({ 'talconfig.yaml': atRelease(BASIC, 'v1.6.8') });
  const text = await encrypted(secretsText(), 'talsecret.sops.yaml');
  writeFileSync(
    join(dir, 'talsecret.sops.yaml'),
    text.replace(/(mac: ENC\[AES256_GCM,data:)./, (_m, p: string) => `${p}${text.includes('mac: ENC[AES256_GCM,data:A') ? 'B' : 'A'}`),
  );
  const r = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(r.code, 1);
  assert.match(r.stderr, /^talsecret\.sops\.yaml:\d+:\d+: sops\.mac: SOPS decryption failed/m);
});

test('rendered configs must be git-ignored and no talosconfig tracked', async () => {
  const dir = await repo();
  mkdirSync(join(dir, 'clusterconfig'));
  writeFileSync(join(dir, 'clusterconfig', 'demo-cp1.yaml'), 'version: v1alpha1\n');
  writeFileSync(join(dir, 'clusterconfig', 'talosconfig'), 'context: demo\n');
  let r = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(r.code, 1);
  assert.match(r.stderr, /^clusterconfig\/demo-cp1\.yaml: rendered config is not git-ignored: it holds the cluster keys/m);
  writeFileSync(join(dir, 'clusterconfig', '.gitignore'), 'demo-cp1.yaml\n');
  r = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(r.code, 0, r.stderr);
  run('git', ['-C', dir, 'add', '-f', 'clusterconfig/demo-cp1.yaml', 'clusterconfig/talosconfig']);
  r = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(r.code, 1);
  assert.match(r.stderr, /^clusterconfig\/talosconfig: talosconfig is tracked by git: it is an admin credential/m);
  assert.match(r.stderr, /^clusterconfig\/demo-cp1\.yaml: rendered config is tracked by git in plaintext/m, 'listed in .gitignore but tracked');
});

test('outside a git work tree the git checks are skipped with the reason', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC, 'talsecret.sops.yaml': await encrypted(secretsText(), 'talsecret.sops.yaml') }, { secrets: false });
  const r = await talgenMain(['check'], { cwd: dir, env: { ...withKey, GIT_CEILING_DIRECTORIES: join(dir, '..') } });
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^talconfig\.yaml: without a git work tree: not in a git work tree$/m);
  assert.match(r.stdout, /^skipped: talconfig\.yaml: out-dir-ignored \(.*\): needs a git work tree$/m);
  assert.match(r.stdout, /6 passed, 0 failed, 2 skipped/);
});

test('without git installed the git checks are skipped, saying so', async () => {
  const dir = await repo();
  const r = await talgenMain(['check'], { cwd: dir, env: { ...withKey, PATH: tmp('talgen-empty-path-') } });
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^talconfig\.yaml: without a git work tree: git cannot be run \(ENOENT\)$/m);
});

test('every talconfig under the given directories, out dirs and node_modules left out; none is an error', async () => {
  const root = tmp('talgen-multi-');
  gitInit(root);
  const prod = join(root, 'clusters', 'prod');
  const lab = join(root, 'clusters', 'lab');
  for (const d of [prod, lab, join(root, 'node_modules', 'x'), join(prod, 'clusterconfig')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(prod, 'talconfig.yaml'), BASIC);
  writeFileSync(join(prod, 'talsecret.sops.yaml'), await encrypted(secretsText(), 'talsecret.sops.yaml'));
  writeFileSync(join(lab, 'talconfig.yaml'), BASIC.replace('controlPlane: false', 'controlPlane: maybe'));
  writeFileSync(join(lab, 'talsecret.sops.yaml'), await encrypted(secretsText(), 'talsecret.sops.yaml'));
  writeFileSync(join(root, 'node_modules', 'x', 'talconfig.yaml'), 'not: a talconfig\n');
  writeFileSync(join(prod, 'clusterconfig', 'talconfig.yaml'), 'not: a talconfig\n');
  writeFileSync(join(prod, 'clusterconfig', '.gitignore'), 'talconfig.yaml\n');
  const r = await talgenMain(['check'], { cwd: root, env: withKey });
  assert.is(r.code, 1);
  assert.match(r.stdout, /talgen check: 2 clusters: 12 passed, 1 failed, 3 skipped; 1 error/, r.stdout + r.stderr);
  assert.match(r.stderr, /^clusters\/lab\/talconfig\.yaml:12:19: nodes\[1\]\.controlPlane: cannot unmarshal/m);
  assert.is((await talgenMain(['check', 'clusters/prod'], { cwd: root, env: withKey })).code, 0);
  mkdirSync(join(root, 'docs'));
  writeFileSync(join(root, 'docs', 'README.md'), '# docs\n');
  const none = await talgenMain(['check', 'docs'], { cwd: root });
  assert.is(none.code, 1);
  assert.match(none.stderr, /^talgen: no talconfig\.yaml found under docs/m);
  assert.is(none.stdout, '');
});

test('--encrypted-only FILES: the talgen-encrypted hook', async () => {
  const dir = await repo({ 'talenv.sops.yaml': 'NAME: demo\n', '.sops.yaml': 'creation_rules: []\n' });
  const ok = await talgenMain(['check', '--encrypted-only', 'talsecret.sops.yaml'], { cwd: dir });
  assert.is(ok.code, 0, ok.stderr);
  const r = await talgenMain(['check', '--encrypted-only', 'talsecret.sops.yaml', 'talenv.sops.yaml'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stderr, /^talenv\.sops\.yaml: secret file is not SOPS-encrypted/m);
  assert.match(r.stdout, /talgen check --encrypted-only: 2 secret files; 1 error/);
  const all = await talgenMain(['check', '--encrypted-only', '.'], { cwd: dir });
  assert.match(all.stdout, /2 secret files; 1 error/, '.sops.yaml (creation rules) is not a secret file');
});

test('a node reached at an address its certificate lacks is a warning naming the SAN to add; a stale committed redacted render is an error', async () => {
  const dir = await repo({ 'talconfig.yaml': BASIC.replace('ipAddress: 10.0.0.11', 'ipAddress: cp1.lab.example') });
  const r = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /^warning: talconfig\.yaml:\d+:\d+: nodes\[0\]\.hostname: talosctl reaches cp1 at cp1\.lab\.example .*"x509: certificate is valid for .*not cp1\.lab\.example".*"- cp1\.lab\.example"/m,
  );
  mkdirSync(join(dir, 'rendered'));
  assert.is((await talgenMain(['genconfig', '--redacted', '-o', 'rendered'], { cwd: dir, env: withKey })).code, 0);
  assert.is((await talgenMain(['check'], { cwd: dir, env: withKey })).code, 0, 'a current render passes');
  writeFileSync(join(dir, 'talconfig.yaml'), BASIC.replace('installDisk: /dev/sda', 'installDisk: /dev/nvme0n1'));
  const stale = await talgenMain(['check'], { cwd: dir, env: withKey });
  assert.is(stale.code, 1);
  assert.match(
    stale.stderr,
    /^rendered\/demo-cp1\.yaml: committed redacted render is stale: v1alpha1 changed \(run "talgen genconfig --redacted -o rendered" and commit the result\)$/m,
  );
  assert.not.match(stale.stderr, /demo-w1\.yaml/, 'only the changed node');
});

test.run();
