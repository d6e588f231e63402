import { spawn, spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI } from '../helpers/cli.js';
import { ROOT } from '../helpers/shared.js';

// Results are written to file descriptor 1 directly (src/cli/output.ts); these are the cases a stream used to cover.
// `genschema` prints ~95 KB, more than a pipe holds.

const schema = spawnSync(process.execPath, [CLI, 'genschema'], { cwd: ROOT, encoding: 'utf8' }).stdout;

test('a reader that goes away ends the output quietly: exit 0, nothing on stderr', async () => {
  const child = spawn(process.execPath, [CLI, 'genschema'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  assert.is(stderr, '');
  assert.is(code, 0);
});

test('a non-blocking pipe that fills (EAGAIN) gets every byte, in order', () => {
  // python3 hands talgen a pipe in O_NONBLOCK mode and reads it only after the pipe is full.
  const script = [
    'import os, subprocess, sys, time',
    'r, w = os.pipe()',
    'os.set_blocking(w, False)',
    'p = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)',
    'os.close(w)',
    'time.sleep(0.3)',
    'chunks = []',
    'while True:',
    '    c = os.read(r, 65536)',
    '    if not c: break',
    '    chunks.append(c)',
    'err = p.stderr.read(); p.wait()',
    'sys.stdout.buffer.write(b"".join(chunks)); sys.stderr.buffer.write(err); sys.exit(p.returncode)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, process.execPath, CLI, 'genschema'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  assert.is(r.stderr, '');
  assert.is(r.status, 0);
  assert.ok(schema.length > 65536, 'more than a pipe buffer');
  assert.is(r.stdout, schema);
});

test('a stdout that cannot take the output (a full device) is one line and exit 1', () => {
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" genschema > /dev/full`], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.stderr, 'talgen: cannot write to standard output: ENOSPC\n');
  assert.is(r.status, 1);
});

test.run();
