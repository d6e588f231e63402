import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { talgenMain, tmp } from '../helpers/cli.js';
import { BASIC, makeRepo } from '../genconfig/repo.js';

const gen = (dir: string, args: string[] = []) => talgenMain(['genconfig', ...args], { cwd: dir });

/** A file outside every repo of these tests, with a value that must never reach the output. */
function outsideFile(name = 'outside.yaml', text = 'machine:\n  env:\n    LEAK: outside-value\n'): string {
  const p = join(tmp('talgen-outside-'), name);
  writeFileSync(p, text);
  return p;
}

/** The refusal: exit 1, talconfig.yaml:line:col of the entry, the load root, the flag in the hint, nothing read. */
function assertRefused(r: { code: number; stdout: string; stderr: string }, where: RegExp): void {
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, where);
  assert.match(r.stderr, /outside the load root/);
  assert.match(r.stderr, /--load-restrictor none/);
  assert.not.match(r.stdout + r.stderr, /outside-value/);
}

const withNode = (extra: string) => BASIC.replace('    installDisk: /dev/sda\n', `    installDisk: /dev/sda\n${extra}`);

test('a machineFiles @ file outside the repo is refused at its entry; --load-restrictor none reads it', async () => {
  const out = outsideFile('motd', 'outside-value\n');
  const dir = makeRepo({
    'talconfig.yaml': withNode(
      `    machineFiles:\n      - content: "@${out}"\n        path: /var/etc/motd\n        permissions: 0o644\n        op: create\n        skipEnvsubst: true\n`,
    ),
  });
  assertRefused(await gen(dir), /talconfig\.yaml:\d+:\d+: .*machineFiles\[0\]/);
  const ok = await gen(dir, ['--load-restrictor', 'none']);
  assert.is(ok.code, 0, ok.stderr);
  assert.match(readFileSync(join(dir, 'clusterconfig', 'demo-cp1.yaml'), 'utf8'), /outside-value/);
});

test('a patch @ file outside the repo is refused at its entry', async () => {
  const out = outsideFile();
  const dir = makeRepo({ 'talconfig.yaml': withNode(`    patches:\n      - "@${out}"\n`) });
  assertRefused(await gen(dir), /talconfig\.yaml:\d+:\d+: nodes\[0\]\.patches\[0\]/);
});

test('a relative inlineManifests @ file that climbs out of the repo is refused at its entry', async () => {
  const out = outsideFile('m.yaml', 'kind: ConfigMap\ndata:\n  x: outside-value\n');
  const dir = makeRepo({ 'talconfig.yaml': `${BASIC}inlineManifests:\n  - name: m\n    contents: "@${join('..', out.split('/').slice(-2).join('/'))}"\n` });
  assertRefused(await gen(dir), /talconfig\.yaml:\d+:\d+: inlineManifests\[0\]\.contents/);
});

test('an extraManifests file outside the repo is refused at its entry', async () => {
  const out = outsideFile('extra.yaml', 'kind: ConfigMap\ndata:\n  x: outside-value\n');
  const dir = makeRepo({ 'talconfig.yaml': withNode(`    extraManifests:\n      - ${out}\n`) });
  assertRefused(await gen(dir), /talconfig\.yaml:\d+:\d+: nodes\[0\]\.extraManifests\[0\]/);
});

test('a symlink inside the repo that leaves it is refused', async () => {
  const out = outsideFile();
  const dir = makeRepo({ 'talconfig.yaml': withNode('    patches:\n      - "@patches/link.yaml"\n') });
  mkdirSync(join(dir, 'patches'));
  symlinkSync(out, join(dir, 'patches', 'link.yaml'));
  const r = await gen(dir);
  assertRefused(r, /nodes\[0\]\.patches\[0\]/);
  assert.match(r.stderr, /through a symlink/);
});

test('env and secret files named on the command line must lie inside the repo', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  const env = outsideFile('talenv.yaml', 'LEAK: outside-value\n');
  const e = await gen(dir, ['-e', env]);
  assertRefused(e, /--env-file/);
  const s = await gen(dir, ['-s', outsideFile('talsecret.yaml')]);
  assertRefused(s, /--secret-file/);
  const v = await talgenMain(['validate', 'talconfig', '-e', env], { cwd: dir });
  assertRefused(v, /--env-file/);
});

test('inside a git checkout the root is its top-level: files beside the talconfig directory are read', async () => {
  const dir = makeRepo({
    'cluster/talconfig.yaml': withNode('    patches:\n      - "@../shared/patch.yaml"\n'),
    'shared/patch.yaml': 'machine:\n  env:\n    FROM_REPO: "yes"\n',
  });
  execFileSync('git', ['init', '-q', dir]);
  const r = await talgenMain(['genconfig', '-s', '../talsecret.yaml'], { cwd: join(dir, 'cluster') });
  assert.is(r.code, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'cluster', 'clusterconfig', 'demo-cp1.yaml'), 'utf8'), /FROM_REPO: 'yes'/);
});

test('outside git, the root is the talconfig directory (or the working directory above it)', async () => {
  const dir = makeRepo({
    'cluster/talconfig.yaml': withNode('    patches:\n      - "@../shared/patch.yaml"\n'),
    'shared/patch.yaml': 'machine:\n  env:\n    LEAK: outside-value\n',
  });
  assertRefused(await talgenMain(['genconfig', '-s', `${dir}/talsecret.yaml`], { cwd: join(dir, 'cluster') }), /--secret-file|patches\[0\]/);
  const above = await talgenMain(['genconfig', '-c', 'cluster/talconfig.yaml', '-o', 'out'], { cwd: dir });
  assert.is(above.code, 0, above.stderr);
});

test('nothing in the output dir is read through a symlink: dry-run diff, talosconfig reuse', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  mkdirSync(join(dir, 'clusterconfig'));
  symlinkSync(outsideFile('cp1.yaml', 'outside-value\n'), join(dir, 'clusterconfig', 'demo-cp1.yaml'));
  const dry = await gen(dir, ['--dry-run']);
  assert.is(dry.code, 1);
  assert.match(dry.stderr, /demo-cp1\.yaml: output file is a symlink/);
  assert.not.match(dry.stdout + dry.stderr, /outside-value/);

  const dir2 = makeRepo({ 'talconfig.yaml': BASIC });
  mkdirSync(join(dir2, 'clusterconfig'));
  symlinkSync(outsideFile('talosconfig', 'outside-value\n'), join(dir2, 'clusterconfig', 'talosconfig'));
  const r = await gen(dir2);
  assert.is(r.code, 1);
  assert.match(r.stderr, /talosconfig: output file is a symlink/);
});

test('an unknown --load-restrictor is a usage error', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  const r = await gen(dir, ['--load-restrictor', 'sometimes']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /unknown load restrictor "sometimes"/);
});

test.run();
