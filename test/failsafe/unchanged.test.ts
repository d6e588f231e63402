import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, lstatSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STAGING_DIR, writeFilesAtomic, writeFilesAtomicAsync } from '../../src/core/atomic-write.js';
import { talgen } from '../helpers/cli.js';
import { BASIC, makeRepo } from '../genconfig/repo.js';

const PAST = new Date('2020-01-01T00:00:00Z');
const mtime = (p: string) => statSync(p).mtimeMs;

/** A target written in the past, so a rewrite shows in its mtime. */
function old(path: string, data: string, mode = 0o600): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
  chmodSync(path, mode);
  utimesSync(path, PAST, PAST);
}

for (const [name, write] of [
  ['writeFilesAtomic', async (files: Parameters<typeof writeFilesAtomic>[0]) => writeFilesAtomic(files)],
  ['writeFilesAtomicAsync', writeFilesAtomicAsync],
] as const) {
  test(`${name}: a target with the same bytes and mode is not rewritten (mtime kept); others are`, async () => {
    const dir = makeRepo({});
    const same = join(dir, 'out', 'same.yaml');
    const bytes = join(dir, 'out', 'bytes.yaml');
    const mode = join(dir, 'out', 'mode.yaml');
    old(same, 'a: 1\n');
    old(bytes, 'a: 1\n');
    old(mode, 'a: 1\n', 0o644);
    await write([
      { path: same, data: 'a: 1\n' },
      { path: bytes, data: Buffer.from('a: 2\n') },
      { path: mode, data: 'a: 1\n' },
    ]);
    assert.is(mtime(same), PAST.getTime());
    assert.is.not(mtime(bytes), PAST.getTime());
    assert.is(readFileSync(bytes, 'utf8'), 'a: 2\n');
    assert.is(statSync(mode).mode & 0o777, 0o600);
  });

  test(`${name}: a target whose bytes are not UTF-8 is rewritten even when it decodes to the same text`, async () => {
    const dir = makeRepo({});
    const broken = join(dir, 'out', 'broken.yaml');
    const real = join(dir, 'out', 'real.yaml');
    old(broken, 'a: x\n');
    writeFileSync(broken, Buffer.from([0x61, 0x3a, 0x20, 0xf0, 0x9f, 0x98, 0x0a])); // a cut-off 4-byte sequence: decodes to U+FFFD
    utimesSync(broken, PAST, PAST);
    old(real, 'a: \ufffd\n');
    assert.is(readFileSync(broken, 'utf8'), 'a: \ufffd\n', 'the same text, the same size');
    await write([
      { path: broken, data: 'a: \ufffd\n' },
      { path: real, data: 'a: \ufffd\n' },
    ]);
    assert.is.not(mtime(broken), PAST.getTime());
    assert.equal([...readFileSync(broken)], [...Buffer.from('a: \ufffd\n')]);
    assert.is(mtime(real), PAST.getTime(), 'a real U+FFFD in the file: the bytes are the same');
  });

  test(`${name}: a symlink with the right content is replaced by a file; leftovers of killed runs are removed`, async () => {
    const dir = makeRepo({});
    const out = join(dir, 'out');
    old(join(out, 'real.yaml'), 'a: 1\n');
    symlinkSync('real.yaml', join(out, 'link.yaml'));
    const dead = join(out, STAGING_DIR, 'run-999999999-0123456789ab');
    mkdirSync(dead, { recursive: true });
    writeFileSync(join(dead, '0-real.yaml'), 'half');
    await write([
      { path: join(out, 'real.yaml'), data: 'a: 1\n' },
      { path: join(out, 'link.yaml'), data: 'a: 1\n' },
    ]);
    assert.ok(lstatSync(join(out, 'link.yaml')).isFile());
    assert.equal(readdirSync(out).sort(), ['link.yaml', 'real.yaml']);
  });

  test(`${name}: nothing to write in a directory still removes what a killed run left there`, async () => {
    const out = join(makeRepo({}), 'out');
    old(join(out, 'a.yaml'), 'a: 1\n');
    const dead = join(out, STAGING_DIR, 'run-999999999-0123456789ab');
    mkdirSync(dead, { recursive: true });
    writeFileSync(join(out, STAGING_DIR, '.gitignore'), '*\n');
    writeFileSync(join(dead, '0-a.yaml'), 'half');
    await write([{ path: join(out, 'a.yaml'), data: 'a: 1\n' }]);
    assert.is(mtime(join(out, 'a.yaml')), PAST.getTime());
    assert.equal(readdirSync(out), ['a.yaml']);
  });
}

test('genconfig run twice: the second run leaves every output file untouched', () => {
  const dir = makeRepo({ 'talconfig.yaml': BASIC });
  assert.is(talgen(['genconfig'], { cwd: dir }).code, 0);
  const out = join(dir, 'clusterconfig');
  const files = readdirSync(out).filter((f) => f.endsWith('.yaml') || f === 'talosconfig');
  for (const f of files) utimesSync(join(out, f), PAST, PAST);
  const r = talgen(['genconfig'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  for (const f of files) assert.is(mtime(join(out, f)), PAST.getTime(), f);
});

test.run();
