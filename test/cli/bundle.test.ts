import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COMMAND_BUNDLES } from '../../src/cli/bundles.js';
import { codeCacheFile } from '../../src/cli/code-cache.js';
import { run, tmp, talgen, type Run } from '../helpers/cli.js';
import { ROOT } from '../helpers/shared.js';

/** The package's bin: the esbuild bundle of scripts/bundle.mjs, what users run (tests otherwise run dist/src). */
const BIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { talgen: string } }).bin.talgen);

function bin(args: string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, XDG_CONFIG_HOME: '/nonexistent', ...env }, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function example(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = tmp('talgen-bundle-');
  cpSync(join(ROOT, 'examples', 'basic'), dir, { recursive: true, filter: (src) => !src.includes(join('basic', 'clusterconfig')) });
  return { dir, env: { SOPS_AGE_KEY_FILE: join(dir, 'age-test-key.txt') } };
}

/**
 * The same command through the bin in one copy of the example and through dist/src in another: same exit code,
 * same stdout and stderr (with the copy's path read as the same), and the same files written.
 */
function same(args: string[], edit?: (dir: string) => void): Run {
  const [a, b] = [example(), example()];
  edit?.(a.dir);
  edit?.(b.dir);
  const viaBin = bin(args, a.dir, a.env);
  const viaSrc = talgen(args, { cwd: b.dir, env: b.env });
  const norm = (r: Run, dir: string): Run => ({ ...r, stdout: r.stdout.split(dir).join('<dir>'), stderr: r.stderr.split(dir).join('<dir>') });
  assert.equal(norm(viaBin, a.dir), norm(viaSrc, b.dir), `talgen ${args.join(' ')}`);
  assert.equal(tree(a.dir), tree(b.dir), `files written by talgen ${args.join(' ')}`);
  return viaBin;
}

/** Every file under dir with its text; talosconfig's client certificate is fresh per run, so that file by name only. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const path = join(f.parentPath, f.name);
    out[path.slice(dir.length)] = f.name === 'talosconfig' ? '(client certificate)' : readFileSync(path, 'utf8');
  }
  return out;
}

test('the bin renders the SOPS example byte for byte as dist/src does', () => {
  assert.is(same(['genconfig']).code, 0);
  assert.is(same(['validate', 'talconfig']).code, 0);
  assert.is(same(['gencommand', 'apply']).code, 0);
  const { dir, env } = example();
  assert.is(bin(['genconfig'], dir, env).code, 0);
  const configs = readdirSync(join(dir, 'clusterconfig')).filter((n) => n.endsWith('.yaml'));
  assert.ok(configs.length >= 4, configs.join());
  const args = ['validate', 'nodeconfig', ...configs.map((f) => join('clusterconfig', f))];
  const r = bin(args, dir, env);
  assert.equal(r, talgen(args, { cwd: dir, env }));
  assert.is(r.code, 0, r.stderr);
});

test('the bin reports errors as dist/src does: bad input, usage, unknown command, help, version', () => {
  const broken = (dir: string) => {
    const file = join(dir, 'talconfig.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^clusterName:.*$/m, 'clusterName: [oops'));
  };
  assert.is(same(['genconfig'], broken).code, 1);
  assert.is(same(['validate', 'talconfig'], broken).code, 1);
  assert.is(same(['genconfig', '--no-such-flag']).code, 2);
  assert.is(same(['no-such-command']).code, 2);
  assert.is(same(['--help']).code, 0);
  assert.is(same(['--version']).code, 0);
  assert.is(same(['genconfig', '--help']).code, 0);
  // Lines the validate bundle declines run from main.cjs: help, a flag of other commands (the hint names them).
  assert.is(same(['validate', '--help']).code, 0);
  assert.match(same(['validate', 'talconfig', '--out-dir', 'x']).stderr, /is a flag of talgen genconfig/);
  assert.is(same(['validate']).code, 2);
  assert.is(same(['validate', 'nothing']).code, 2);
});

test('the bin loads the packages kept out of its main file: SOPS encryption for age and ssh recipients', () => {
  const { dir, env } = example();
  const recipient = /age1[0-9a-z]+/.exec(readFileSync(join(dir, 'age-test-key.txt'), 'utf8'))![0];
  writeFileSync(join(dir, 'plain.yaml'), 'token: s3cret\n');
  const enc = bin(['encrypt', '--age', recipient, 'plain.yaml'], dir, env);
  assert.is(enc.code, 0, enc.stderr);
  assert.match(enc.stdout, /ENC\[AES256_GCM,/);
  writeFileSync(join(dir, 'enc.yaml'), enc.stdout);
  assert.equal(bin(['decrypt', 'enc.yaml'], dir, env), { code: 0, stdout: 'token: s3cret\n', stderr: '' });
  // The validate bundle loads them too: a talenv encrypted for an ssh key opens with age-encryption.
  assert.is(run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', join(dir, 'id')]).code, 0);
  const plainEnv = bin(['decrypt', 'talenv.sops.yaml'], dir, env);
  writeFileSync(join(dir, 'talenv.yaml'), plainEnv.stdout);
  const sshEnv = bin(['encrypt', '--age', readFileSync(join(dir, 'id.pub'), 'utf8').trim(), 'talenv.yaml'], dir, env);
  assert.is(sshEnv.code, 0, sshEnv.stderr);
  writeFileSync(join(dir, 'talenv.sops.yaml'), sshEnv.stdout);
  rmSync(join(dir, 'talenv.yaml'));
  const r = bin(['validate', 'talconfig'], dir, { SOPS_AGE_SSH_PRIVATE_KEY_FILE: join(dir, 'id') });
  assert.is(r.stderr, '');
  assert.match(r.stdout, /talconfig\.yaml: ok \(4 nodes\)/);
});

const BUNDLES = ['main.cjs', ...COMMAND_BUNDLES.map((b) => b.file)].map((f) => join(dirname(BIN), f));

test("the bin's code caches fit its bundles and this Node: the build made them, and nothing of the runs is in them", async () => {
  const { dir, env } = example();
  const secrets = ['talsecret.sops.yaml', 'talenv.sops.yaml'].map((file) => {
    const plain = bin(['decrypt', file], dir, env);
    assert.is(plain.code, 0, plain.stderr);
    const values = [...plain.stdout.matchAll(/:\s*(\S{8,})$/gm)].map((m) => m[1]!);
    assert.ok(values.length > 0, file);
    return { file, values };
  });
  for (const bundle of BUNDLES) {
    const cacheFile = codeCacheFile(bundle);
    const probe = `import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/cli/code-cache.js')).href)}).then((m) => process.stdout.write(m.runCachedScript(${JSON.stringify(bundle)}, ${JSON.stringify(cacheFile)}).cache))`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    assert.is(r.stdout, 'accepted', `${cacheFile}: ${r.stderr}`);
    // The training runs decrypted the example's SOPS files: none of their values may be in a shipped cache.
    const cache = readFileSync(cacheFile);
    for (const { file, values } of secrets) for (const v of values) assert.not.ok(cache.includes(v), `a value of ${file} is in ${cacheFile}`);
  }
});

test("the bin's bundles are ASCII: cli.js reads them as Latin-1, the faster decoding of the same text", () => {
  for (const bundle of BUNDLES) {
    const bytes = readFileSync(bundle);
    const first = bytes.findIndex((b) => b > 0x7f);
    assert.is(first, -1, `${bundle}: a non-ASCII byte at offset ${first}: ${bytes.subarray(Math.max(0, first - 60), first + 20).toString('utf8')}`);
  }
});

test.run();
