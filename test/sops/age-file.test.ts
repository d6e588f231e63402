import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgeFileError, dearmor, openAgeX25519, x25519Identity, type AgeFailure } from '../../src/sops/age-file.js';
import { bech32Decode } from '../../src/sops/bech32.js';
import { run, tmp } from '../helpers/cli.js';

/** A key from the real age-keygen: its identity line and its `age1…` recipient. */
function keygen(dir: string, name: string): { secret: string; recipient: string } {
  const file = join(dir, name);
  assert.is(run('age-keygen', ['-o', file]).code, 0);
  const text = readFileSync(file, 'utf8');
  return { secret: /^AGE-SECRET-KEY-1\S+$/m.exec(text)![0], recipient: /public key: (age1\S+)/.exec(text)![1]! };
}

/** Encrypt with the real age CLI. */
function ageEncrypt(dir: string, plain: Buffer, recipients: string[], armor = false): Buffer {
  const pt = join(dir, 'pt');
  const out = join(dir, 'ct');
  writeFileSync(pt, plain);
  const r = run('age', [...recipients.flatMap((x) => ['-r', x]), ...(armor ? ['-a'] : []), '-o', out, pt]);
  assert.is(r.code, 0, r.stderr);
  return readFileSync(out);
}

function failure(fn: () => unknown): AgeFailure | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AgeFileError) return e.failure;
    throw e;
  }
  return undefined;
}

const dir = tmp();
const alice = keygen(dir, 'alice.txt');
const bob = keygen(dir, 'bob.txt');
const aliceId = x25519Identity(alice.secret)!;
const bobId = x25519Identity(bob.secret)!;

test('an age-keygen identity decodes to the X25519 key of its age1 recipient', () => {
  assert.ok(aliceId);
  const r = bech32Decode(alice.recipient)!;
  assert.is(r.hrp, 'age');
  assert.equal(aliceId.publicKey, r.data);
});

test('an identity is made once per key string: asked again (another SOPS file of the run), the same one', () => {
  assert.is(x25519Identity(alice.secret), aliceId);
  assert.is(x25519Identity(alice.recipient), undefined);
  assert.is(x25519Identity(alice.recipient), undefined);
});

test('malformed identities are not X25519 identities (checksum, case, post-quantum prefix)', () => {
  const last = alice.secret.at(-1) === 'Q' ? 'P' : 'Q';
  assert.is(x25519Identity(`${alice.secret.slice(0, -1)}${last}`), undefined);
  assert.is(x25519Identity(alice.secret.toLowerCase()), undefined);
  assert.is(x25519Identity(alice.recipient), undefined);
  assert.is(x25519Identity(alice.secret.replace('AGE-SECRET-KEY-1', 'AGE-SECRET-KEY-PQ-1')), undefined);
});

test('files from the age CLI open, binary and armored, across the 64 KiB chunk boundaries', () => {
  for (const size of [0, 1, 65535, 65536, 65537, 2 * 65536, 200_000]) {
    const plain = randomBytes(size);
    assert.equal(openAgeX25519(ageEncrypt(dir, plain, [alice.recipient]), [aliceId]), plain, `binary, ${size} bytes`);
    const armored = ageEncrypt(dir, plain, [alice.recipient], true).toString('latin1');
    assert.equal(openAgeX25519(dearmor(armored), [aliceId]), plain, `armored, ${size} bytes`);
  }
});

test('several recipients: the matching stanza is found whichever identity is given', () => {
  const plain = Buffer.from('data key');
  const file = ageEncrypt(dir, plain, [alice.recipient, bob.recipient]);
  assert.equal(openAgeX25519(file, [bobId]), plain);
  assert.equal(openAgeX25519(file, [aliceId]), plain);
});

test('a wrong key opens nothing: undefined, so other identity types can be tried', () => {
  assert.is(openAgeX25519(ageEncrypt(dir, Buffer.from('x'), [alice.recipient]), [bobId]), undefined);
  assert.is(openAgeX25519(ageEncrypt(dir, Buffer.from('x'), [alice.recipient]), []), undefined);
});

test('a tampered header MAC is refused', () => {
  const file = ageEncrypt(dir, Buffer.from('secret'), [alice.recipient]);
  const at = file.indexOf('\n--- ') + 5;
  const tampered = Buffer.from(file);
  tampered[at] = tampered[at] === 0x41 ? 0x42 : 0x41;
  assert.is(
    failure(() => openAgeX25519(tampered, [aliceId])),
    'header-mac',
  );
});

test('a header edited under its MAC is refused (an extra stanza)', () => {
  const file = ageEncrypt(dir, Buffer.from('secret'), [alice.recipient]);
  const at = file.indexOf('\n--- ') + 1;
  const edited = Buffer.concat([file.subarray(0, at), Buffer.from('-> grease x\n\n'), file.subarray(at)]);
  assert.is(
    failure(() => openAgeX25519(edited, [aliceId])),
    'header-mac',
  );
});

test('truncated files are refused: in the payload, at a chunk boundary, in the header', () => {
  const file = ageEncrypt(dir, randomBytes(3 * 65536), [alice.recipient]);
  assert.is(
    failure(() => openAgeX25519(file.subarray(0, file.length - 1), [aliceId])),
    'payload',
  );
  // Drop the whole last chunk: the one before it is full but was not sealed as the last.
  assert.is(
    failure(() => openAgeX25519(file.subarray(0, file.length - (65536 + 16)), [aliceId])),
    'payload',
  );
  const headerEnd = file.indexOf('\n--- ');
  assert.is(
    failure(() => openAgeX25519(file.subarray(0, headerEnd + 3), [aliceId])),
    'header',
  );
  const armored = ageEncrypt(dir, Buffer.from('x'), [alice.recipient], true).toString('latin1');
  assert.is(
    failure(() => dearmor(armored.slice(0, armored.length - 10))),
    'armor',
  );
});

test('trailing data after the last chunk is refused', () => {
  const file = ageEncrypt(dir, Buffer.from('short'), [alice.recipient]);
  assert.is(
    failure(() => openAgeX25519(Buffer.concat([file, Buffer.alloc(16)]), [aliceId])),
    'payload',
  );
});

test.run();
