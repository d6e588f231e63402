import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS } from '../../src/core/limits.js';
import { run, talgenMain, tmp } from '../helpers/cli.js';
import { ROOT } from '../helpers/shared.js';
import { BASIC, makeRepo } from '../genconfig/repo.js';

/**
 * Each class of hostile input a fuzzing campaign turned into `talgen: internal error`, through the CLI: it must end
 * in one located TalgenError line (file:line:col or the talconfig path) with a hint, exit 1, and write nothing.
 */
async function expectRefused(dir: string, message: RegExp, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await talgenMain(['genconfig', ...args], { cwd: dir, env });
  assert.is(r.code, 1, r.stderr);
  assert.not.match(r.stderr, /internal error|    at /);
  assert.match(r.stderr, message);
  assert.match(r.stderr, /\n  hint: \S/);
  assert.not.ok(existsSync(join(dir, 'clusterconfig')), 'nothing written');
  return r.stderr;
}

const withPatch = (patch: string, extra: Record<string, string> = {}) =>
  makeRepo({ 'talconfig.yaml': BASIC.replace('nodes:', 'patches:\n  - "@./p.yaml"\nnodes:'), 'p.yaml': patch, ...extra });

test('deeply nested ${X:-${X:-…}} defaults stop at the envDepth limit, located in the talconfig', async () => {
  const deep = `${'${X:-'.repeat(3000)}a${'}'.repeat(3000)}`;
  const dir = makeRepo({ 'talconfig.yaml': BASIC.replace('clusterName: demo', `clusterName: "${deep}"`) });
  const err = await expectRefused(dir, /talconfig\.yaml:1:\d+: .*envDepth limit \(64 levels\)/);
  assert.ok(err.includes(`(${LIMITS.envDepth.max} levels)`));
});

const nestedBlock = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i + 1)}a:`).join('\n');

test('2,000-level YAML block nesting in the talconfig is the yamlDepth limit, at the first level too deep', async () => {
  const dir = makeRepo({ 'talconfig.yaml': `${BASIC}extra:\n${nestedBlock(2000)}\n` });
  await expectRefused(
    dir,
    new RegExp(`talconfig\\.yaml:${13 + LIMITS.yamlDepth.max + 1}:\\d+: YAML nesting is over talgen's yamlDepth limit \\(256 levels\\)`),
  );
});

test('2,000-level YAML flow nesting in the talsecret is the yamlDepth limit', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  writeFileSync(join(dir, 'talsecret.yaml'), `${readFileSync(join(dir, 'talsecret.yaml'), 'utf8')}extra: ${'['.repeat(2000)}${']'.repeat(2000)}\n`);
  await expectRefused(dir, /talsecret\.yaml:\d+:\d+: YAML nesting is over talgen's yamlDepth limit/);
});

test('2,000-level YAML nesting in talenv.yaml is the yamlDepth limit', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC, 'talenv.yaml': `A: "1"\nextra:\n${nestedBlock(2000)}\n` });
  await expectRefused(dir, /talenv\.yaml:\d+:\d+: YAML nesting is over talgen's yamlDepth limit/);
});

test('deep YAML nesting in a patch file is the yamlDepth limit', async () => {
  await expectRefused(withPatch(`machine:\n${nestedBlock(2000)}\n`), /p\.yaml:\d+:\d+: patches\[0\]: YAML nesting is over talgen's yamlDepth limit/);
});

test('an alias bomb in a patch is the yamlAliases limit, at the first alias', async () => {
  const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    rows.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  await expectRefused(
    withPatch(`${rows.join('\n')}\n`),
    /p\.yaml:2:\d+: patches\[0\]: YAML alias expansion is over talgen's yamlAliases limit \(10000 expanded alias nodes\)/,
  );
});

test('an undefined alias in a patch is named at its position', async () => {
  await expectRefused(withPatch('machine:\n  kubelet: *nope\n'), /p\.yaml:2:12: patches\[0\]: YAML: alias \*nope has no anchor &nope before it/);
});

test('an env value "*alias" substituted into a patch is an undefined alias, not an internal error', async () => {
  const dir = withPatch('machine:\n  kubelet:\n    image: ${IMG}\n', { 'talenv.yaml': 'IMG: "*alias"\n' });
  await expectRefused(dir, /p\.yaml:3:12: patches\[0\]: YAML: alias \*alias has no anchor/);
});

test('a patch "@" naming a directory is refused in the talconfig, not read', async () => {
  const dir = withPatch('');
  mkdirSync(join(dir, 'dir'));
  writeFileSync(join(dir, 'talconfig.yaml'), BASIC.replace('nodes:', 'patches:\n  - "@./dir"\nnodes:'));
  await expectRefused(dir, /talconfig\.yaml:6:5: patches\[0\]: patch file \S*dir is a directory, not a regular file/);
});

test('3,000 nested parentheses in a Go template are the templateDepth limit', async () => {
  const tmpl = `{{ ${'('.repeat(3000)}.Hostname${')'.repeat(3000)} }}`;
  const dir = makeRepo({ 'talconfig.yaml': BASIC.replace('    installDisk: /dev/sda\n', `    installDisk: /dev/sda\n    filenameTmpl: "${tmpl}"\n`) });
  await expectRefused(dir, /nodes\[0\]\.filenameTmpl: template: Go template nesting is over talgen's templateDepth limit \(500 levels\)/);
});

test('3,000 nested {{ if }} blocks in a patch template are the templateDepth limit, located in the patch', async () => {
  const body = `${'{{ if true }}'.repeat(3000)}x${'{{ end }}'.repeat(3000)}`;
  await expectRefused(withPatch(`machine:\n  kubelet:\n    image: "${body}"\n`), /p\.yaml:3:\d+: .*templateDepth limit/);
});

test("a lone UTF-16 surrogate escape in a YAML patch is refused like Go's YAML decoder does", async () => {
  await expectRefused(
    withPatch('machine:\n  kubelet:\n    extraArgs:\n      a: "\\ud800"\n'),
    /p\.yaml:4:10: patches\[0\]: YAML: a "\\u" escape names a UTF-16 surrogate/,
  );
});

test("a lone surrogate in an RFC 6902 patch decodes to U+FFFD, as Go's encoding/json does", async () => {
  const dir = withPatch('[{"op": "add", "path": "/machine/kubelet/extraArgs", "value": {"a": "x\\udc00"}}]\n');
  const out = join(dir, 'out');
  const r = await talgenMain(['genconfig', '-o', out], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(readFileSync(join(out, 'demo-cp1.yaml'), 'utf8'), /\n {6}a: x\ufffd\n/);
});

test('permissions: "abc" in machineFiles is located at the field', async () => {
  const files = '    machineFiles:\n      - content: hi\n        permissions: "abc"\n        path: /var/x\n        op: create\n';
  const dir = makeRepo({ 'talconfig.yaml': BASIC.replace('    installDisk: /dev/sda\n', `    installDisk: /dev/sda\n${files}`) });
  await expectRefused(dir, /talconfig\.yaml:12:22: nodes\[0\]\.machineFiles\[0\]\.permissions: permissions "abc" is not a file mode/);
});

test('content: "@/dev/zero" is a device, refused before any read (no hang)', async () => {
  const files = '    machineFiles:\n      - content: "@/dev/zero"\n        permissions: 0o644\n        path: /var/x\n        op: create\n';
  const dir = makeRepo({ 'talconfig.yaml': BASIC.replace('    installDisk: /dev/sda\n', `    installDisk: /dev/sda\n${files}`) });
  await expectRefused(dir, /talconfig\.yaml:11:18: nodes\[0\]\.machineFiles\[0\]\.content: machine file \/dev\/zero is a device, not a regular file/);
});

test('an "@" file over the fileBytes limit is refused by its size, before it is read', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC.replace('nodes:', 'inlineManifests:\n  - name: a\n    contents: "@./big.yaml"\nnodes:'), 'big.yaml': '' });
  truncateSync(join(dir, 'big.yaml'), LIMITS.fileBytes.max + 1);
  await expectRefused(dir, /talconfig\.yaml:7:15: inlineManifests\[0\]\.contents: input file size is over talgen's fileBytes limit \(67108864 bytes\)/);
});

test('an inline manifest "@" naming a FIFO is refused (a FIFO would block the read)', async () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC.replace('nodes:', 'inlineManifests:\n  - name: a\n    contents: "@./fifo"\nnodes:') });
  assert.is(run('mkfifo', [join(dir, 'fifo')]).code, 0);
  await expectRefused(dir, /talconfig\.yaml:7:15: inlineManifests\[0\]\.contents: inline manifest file \S*fifo is a FIFO, not a regular file/);
});

test('a SOPS value whose iv has a length AES-GCM cannot take is a located decryption error', async () => {
  const dir = tmp();
  // the example's sources only (a local `npm run demo` leaves its rendered clusterconfig/ beside them)
  cpSync(join(ROOT, 'examples', 'basic'), dir, { recursive: true, filter: (src) => !src.includes(`${join('basic', 'clusterconfig')}`) });
  const env = join(dir, 'talenv.sops.yaml');
  writeFileSync(env, readFileSync(env, 'utf8').replace(/iv:[^,]+/, `iv:${Buffer.alloc(1000).toString('base64')}`));
  await expectRefused(
    dir,
    /talenv\.sops\.yaml:1:\d+: CLUSTER_NAME: SOPS decryption failed: cannot decrypt value: authentication failed \(an iv of 1000 bytes/,
    [],
    {
      SOPS_AGE_KEY_FILE: join(dir, 'age-test-key.txt'),
    },
  );
});

test.run();
