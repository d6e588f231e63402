import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STAGING_DIR, writeFilesAtomic } from '../../src/core/atomic-write.js';
import { CLI, talgenMain } from '../helpers/cli.js';
import { atRelease, BASIC, makeRepo } from '../genconfig/repo.js';

const gen = (dir: string, args: string[] = []) => talgenMain(['genconfig', ...args], { cwd: dir });
const mode = (p: string) => statSync(p).mode & 0o777;

test('a run removes what a killed run left (staged temp files and legacy .<name>.<hex>.tmp files)', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  const out = join(dir, 'clusterconfig');
  const dead = join(out, STAGING_DIR, 'run-999999999-0123456789ab');
  mkdirSync(dead, { recursive: true });
  writeFileSync(join(dead, '0-demo-cp1.yaml'), 'half a config');
  writeFileSync(join(out, '.demo-cp1.yaml.0123456789ab.tmp'), 'half a config');
  const r = await gen(dir);
  assert.is(r.code, 0, r.stderr);
  assert.equal(readdirSync(out).sort(), ['.gitignore', 'demo-cp1.yaml', 'demo-w1.yaml', 'talosconfig']);
});

test('staged temp files live in a directory git ignores, removed once the write is done', () => {
  const dir = makeRepo({});
  const target = join(dir, 'out', 'a.yaml');
  writeFilesAtomic([{ path: target, data: 'a: 1\n' }]);
  assert.is(readFileSync(target, 'utf8'), 'a: 1\n');
  assert.not.ok(existsSync(join(dir, 'out', STAGING_DIR)), 'staging removed after the write');
  // What a crash would leave is ignored by git, its own .gitignore included.
  const git = (args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  if (git(['init', '-q']).status !== 0) return;
  const staging = join(dir, 'out', STAGING_DIR, 'run-999999999-0123456789ab');
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(dir, 'out', STAGING_DIR, '.gitignore'), '*\n');
  writeFileSync(join(staging, '0-a.yaml'), 'secret');
  assert.not.match(git(['status', '--porcelain', '--untracked-files=all']).stdout, new RegExp(STAGING_DIR.replace('.', '\\.')));
});

test('a node file name colliding with talosconfig or .gitignore is refused before anything is written', async () => {
  for (const name of ['talosconfig', '.gitignore']) {
    const dir = makeRepo({ 'talconfig.yaml': BASIC.replace('    installDisk: /dev/sda\n', `    installDisk: /dev/sda\n    filenameTmpl: "${name}"\n`) });
    const r = await gen(dir);
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^talgen: nodes\\[0\\]\\.filenameTmpl: output file name "${name.replace('.', '\\.')}" is taken by genconfig's own`));
    assert.match(r.stderr, /\n  hint: /);
    assert.not.ok(existsSync(join(dir, 'clusterconfig')));
  }
});

test('two nodes rendering to the same file name are refused before anything is written', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC.replaceAll('    controlPlane:', '    filenameTmpl: same.yaml\n    controlPlane:') });
  const r = await gen(dir);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /nodes\[1\]\.hostname: nodes\[1\] \(w1\) renders to the same file same\.yaml as nodes\[0\] \(cp1\)/);
  assert.not.ok(existsSync(join(dir, 'clusterconfig')));
});

test('an out dir that is a file is a clear error, and the file keeps its mode', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC, out: 'not a directory' });
  chmodSync(join(dir, 'out'), 0o644);
  for (const args of [
    ['-o', 'out'],
    ['-o', 'out', '--dry-run'],
  ]) {
    const r = await gen(dir, args);
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, /^talgen: \S*\/out: the output directory is not a directory\n  hint: /);
  }
  assert.is(mode(join(dir, 'out')), 0o644);
});

test('an out dir the user made keeps its mode; one talgen creates is 0700', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  mkdirSync(join(dir, 'mine'), { mode: 0o755 });
  chmodSync(join(dir, 'mine'), 0o755);
  assert.is((await gen(dir, ['-o', 'mine'])).code, 0);
  assert.is(mode(join(dir, 'mine')), 0o755);
  assert.is((await gen(dir, ['-o', 'new/deeper'])).code, 0);
  assert.is(mode(join(dir, 'new')), 0o700);
  assert.is(mode(join(dir, 'new', 'deeper')), 0o700);
});

test('a read-only out dir is never chmodded: a located write error (or, for root, written as it is)', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  mkdirSync(join(dir, 'ro'), { mode: 0o555 });
  chmodSync(join(dir, 'ro'), 0o555);
  const r = await gen(dir, ['-o', 'ro']);
  if (process.getuid?.() === 0) assert.is(r.code, 0, r.stderr);
  else {
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, /^talgen: \S*ro: cannot write \S*ro: EACCES\n  hint: .*does not change its mode/);
  }
  assert.is(mode(join(dir, 'ro')), 0o555);
});

test('an out dir below a file is a located write error', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC, file: 'x' });
  const r = await gen(dir, ['-o', 'file/out']);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /^talgen: \S*file\/out: cannot write \S*file\/out: ENOTDIR\n  hint: /);
});

test('-s naming a file that does not exist is an error, and nothing is written', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  const r = await gen(dir, ['-s', 'talsecret.yml']);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /^talgen: \S*talsecret\.yml: secrets file given with -s not found\n  hint: /);
  assert.not.ok(existsSync(join(dir, 'clusterconfig')));
});

test('without a secrets file, outputs rendered from other secrets are not replaced unless --force', async () => {
  // Talos v1.6 bundles have an ECDSA service account key: quick to generate three times.
  const dir = makeRepo({ 'talconfig.yaml': atRelease(BASIC, 'v1.6.7') }, { secrets: false });
  assert.is((await gen(dir)).code, 0, 'a first render with fresh secrets is fine');
  const before = readFileSync(join(dir, 'clusterconfig', 'demo-cp1.yaml'), 'utf8');
  const r = await gen(dir);
  assert.is(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /^talgen: \S*demo-cp1\.yaml: no secrets file, and \S*demo-cp1\.yaml was rendered from other secrets; a new cluster identity would replace it\n  hint: .*--force/,
  );
  assert.is(readFileSync(join(dir, 'clusterconfig', 'demo-cp1.yaml'), 'utf8'), before, 'untouched');
  assert.is((await gen(dir, ['--dry-run'])).code, 0, 'a dry run writes nothing and may show the change');
  const forced = await gen(dir, ['--force']);
  assert.is(forced.code, 0, forced.stderr);
  assert.is.not(readFileSync(join(dir, 'clusterconfig', 'demo-cp1.yaml'), 'utf8'), before);
});

test('a closed stdout (| head -1) ends quietly with the exit code of the command', () => {
  const nodes = Array.from(
    { length: 60 },
    (_, i) => `  - hostname: n${i}\n    ipAddress: 10.0.2.${i + 1}\n    controlPlane: false\n    installDisk: /dev/sda\n`,
  ).join('');
  const dir = makeRepo({ 'talconfig.yaml': `${BASIC}${nodes}` });
  const sh = (cmd: string) => spawnSync('bash', ['-c', `set -o pipefail; ${cmd}`], { cwd: dir, encoding: 'utf8' });
  const ok = sh(`${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} genconfig --dry-run | head -1`);
  assert.is(ok.status, 0, ok.stderr);
  assert.is(ok.stdout, '--- /dev/null\n', 'a file that does not exist yet is added');
  assert.is(ok.stderr.replace(/^warning: .*\n/gm, ''), '');
  const bad = sh(`${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} genconfig --dry-run -c nope.yaml | head -1`);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /^talgen: talconfig not found/);
});

test.run();
