import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { decryptSops } from 'sops-age';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { TalgenError } from '../../src/core/errors.js';
import { decryptText, encryptText, formatOf, type KeySource } from '../../src/sops/index.js';
import { discoverKeys } from '../../src/sops/keys.js';
import { CONFORMANCE, conformanceFile } from '../helpers/shared.js';
import { run, talgen, tmp } from '../helpers/cli.js';

interface Entry {
  file: string;
  key: string;
  format: string;
  macValid: boolean;
  expected: unknown;
}

const keysFrom = (text: string): KeySource => ({ identities: text.match(/AGE-SECRET-KEY-1[0-9A-Z]+/g) ?? [], tried: ['test key'] });
const plainOf = (text: string, format: string): unknown => {
  if (format === 'dotenv') return Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return format === 'json' ? JSON.parse(text) : parse(text);
};

async function rejects(p: Promise<unknown>, re: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, TalgenError);
    assert.match((e as TalgenError).format(), re);
    return;
  }
  assert.unreachable(`accepted; expected ${re}`);
}

if (CONFORMANCE) {
  const manifest = JSON.parse(readFileSync(conformanceFile('sops', 'manifest.json'), 'utf8')) as Entry[];

  test('every age fixture decrypts to the expected plaintext with its MAC verified', async () => {
    let n = 0;
    for (const e of manifest.filter((x) => x.key.endsWith('.txt'))) {
      const keys = keysFrom(readFileSync(conformanceFile('sops', e.key), 'utf8'));
      const out = await decryptText(readFileSync(conformanceFile('sops', e.file), 'utf8'), e.file, { keys, format: formatOf(e.file) });
      const expected = e.format === 'dotenv' ? Object.fromEntries(Object.entries(e.expected as object).map(([k, v]) => [k, String(v)])) : e.expected;
      assert.equal(plainOf(out, e.format), expected, e.file);
      n++;
    }
    assert.is(n, 15);
  });

  test('sops-age agrees on every fixture it can read (differential)', async () => {
    for (const e of manifest.filter((x) => x.key.endsWith('.txt') && x.format !== 'dotenv')) {
      const secretKey = keysFrom(readFileSync(conformanceFile('sops', e.key), 'utf8')).identities[0] as string;
      const text = readFileSync(conformanceFile('sops', e.file), 'utf8');
      const theirs = await decryptSops(text, { secretKey, fileType: e.format as 'yaml' | 'json' });
      const ours = plainOf(await decryptText(text, e.file, { keys: keysFrom(secretKey) }), e.format);
      assert.equal(JSON.parse(JSON.stringify(ours)), JSON.parse(JSON.stringify(theirs)), e.file);
    }
  });

  test('PGP-only files give a clear error', async () => {
    for (const e of manifest.filter((x) => !x.key.endsWith('.txt'))) {
      await rejects(decryptText(readFileSync(conformanceFile('sops', e.file), 'utf8'), e.file, { keys: keysFrom('') }), /encrypted for PGP recipients only; talgen opens age and ssh recipients/);
    }
  });

  test('a file without a MAC is refused', async () => {
    const e = manifest[0]!;
    const text = readFileSync(conformanceFile('sops', e.file), 'utf8').replace(/^ +mac: .*\n/m, '');
    await rejects(decryptText(text, e.file, { keys: keysFrom(readFileSync(conformanceFile('sops', e.key), 'utf8')) }), /sops\.mac: file has no sops MAC/);
  });

  test('no key / wrong key: the error lists recipients and every place tried', async () => {
    const e = manifest[0]!;
    const text = readFileSync(conformanceFile('sops', e.file), 'utf8');
    await rejects(decryptText(text, e.file, { keys: { identities: [], tried: ['SOPS_AGE_KEY: not set'] } }), /no age key found[\s\S]*recipients: age1[\s\S]*tried: SOPS_AGE_KEY: not set[\s\S]*hint: set SOPS_AGE_KEY_FILE/);
    const other = await generateX25519Identity();
    await rejects(decryptText(text, e.file, { keys: { identities: [other], tried: ['x'] } }), /none of the 1 age key\(s\) found opens this file/);
  });
}

const rich = `# a comment
name: talgen
count: 42
ratio: 1.5
enabled: true
list:
  - one
  - two
nested:
  multi: |
    line one
    line two
  inner:
    deep: value
empty: ""
`;

test('round trip: talgen encrypt → talgen decrypt and → sops-age decrypt (YAML, JSON, dotenv)', async () => {
  const id = await generateX25519Identity();
  const rcpt = await identityToRecipient(id);
  const keys = keysFrom(id);
  const json = JSON.stringify({ a: 'x', n: 7, f: 2.25, b: false, arr: [1, 'two'], o: { k: 'v' } }, null, 2);
  const cases: [string, string, string][] = [
    ['f.yaml', rich, 'yaml'],
    ['f.json', json, 'json'],
    ['f.env', 'A=1\nB=hello world\nC=x=y\n', 'dotenv'],
  ];
  for (const [file, plain, format] of cases) {
    const enc = await encryptText(plain, file, { recipients: [rcpt] });
    assert.not.match(enc, /talgen|hello world|line one/);
    const back = await decryptText(enc, file, { keys });
    assert.equal(plainOf(back, format), plainOf(plain, format), file);
    const theirs = await decryptSops(enc, { secretKey: id, fileType: (format === 'dotenv' ? 'env' : format) as 'yaml' | 'json' | 'env' });
    assert.equal(JSON.parse(JSON.stringify(theirs)), JSON.parse(JSON.stringify(plainOf(plain, format))), `sops-age ${file}`);
  }
});

test('INI and binary files round-trip with the MAC verified', async () => {
  const id = await generateX25519Identity();
  const rcpt = await identityToRecipient(id);
  const ini = '[db]\nuser = admin\npassword = s3cret\n\n[app]\nport = 8080\n';
  const encIni = await encryptText(ini, 'x.ini', { recipients: [rcpt] });
  assert.not.match(encIni, /s3cret/);
  assert.match(encIni, /^\[sops\]$/m);
  assert.is(await decryptText(encIni, 'x.ini', { keys: keysFrom(id) }), '[db]\nuser = admin\npassword = s3cret\n\n[app]\nport = 8080\n');
  await rejects(decryptText(encIni.replace(/^(password = )ENC\[[^\n]*\]$/m, '$1plain'), 'x.ini', { keys: keysFrom(id) }), /db\.password: value is not encrypted/);
  const bin = 'raw bytes \u0001 and a newline\n';
  const encBin = await encryptText(bin, 'blob.bin', { recipients: [rcpt] });
  assert.match(encBin, /"data": "ENC\[AES256_GCM/);
  assert.is(await decryptText(encBin, 'blob.bin', { keys: keysFrom(id) }), bin);
});

test('tamper matrix: every edit is rejected', async () => {
  const id = await generateX25519Identity();
  const keys = keysFrom(id);
  const enc = await encryptText('a: first\nb: second\nc_unencrypted: clear\nd: 5\n', 'x.yaml', { recipients: [await identityToRecipient(id)] });
  const flip = enc.replace(/(a: ENC\[AES256_GCM,data:)(.)/, (_m, p, c) => p + (c === 'A' ? 'B' : 'A'));
  const av = /a: (ENC\[[^\n]*\])/.exec(enc)![1]!;
  const bv = /b: (ENC\[[^\n]*\])/.exec(enc)![1]!;
  const cases: [string, string, RegExp][] = [
    ['flipped ciphertext byte', flip, /a: cannot decrypt value: authentication failed/],
    ['swapped values', enc.replace(av, '@@A').replace(bv, av).replace('@@A', bv), /cannot decrypt value|MAC mismatch/],
    ['value replaced by plaintext', enc.replace(av, 'first'), /a: value is not encrypted/],
    ['deleted key', enc.replace(/^b: .*\n/m, ''), /MAC mismatch/],
    ['edited unencrypted value', enc.replace('c_unencrypted: clear', 'c_unencrypted: changed'), /MAC mismatch/],
    ['corrupted MAC', enc.replace(/(mac: ENC\[AES256_GCM,data:)(.)/, (_m, p, c) => p + (c === 'A' ? 'B' : 'A')), /cannot decrypt the sops MAC/],
    ['changed lastmodified', enc.replace(/lastmodified: "?[0-9T:-]+Z"?/, 'lastmodified: "2020-01-01T00:00:00Z"'), /cannot decrypt the sops MAC/],
    ['unknown cipher', enc.replace('a: ENC[AES256_GCM', 'a: ENC[CHACHA'), /unknown cipher/],
    ['wrong type tag', enc.replace(/(a: ENC\[[^\n]*type:)str/, '$1weird'), /malformed ENC value|unknown value type/],
    ['invalid base64', enc.replace(/(a: ENC\[AES256_GCM,data:)/, '$1!!'), /malformed ENC value/],
    ['truncated file', enc.slice(0, enc.indexOf('sops:') + 10), /sops|not a file sops could have written|lastmodified/],
  ];
  assert.ok(await decryptText(enc, 'x.yaml', { keys }));
  for (const [name, text, re] of cases) await rejects(decryptText(text, 'x.yaml', { keys }), re).catch((e) => assert.unreachable(`${name}: ${(e as Error).message}`));
});

test('secret values never appear in error messages', async () => {
  const id = await generateX25519Identity();
  const enc = await encryptText('password: hunter2-very-secret\n', 'x.yaml', { recipients: [await identityToRecipient(id)] });
  const tampered = enc.replace(/^password: .*$/m, 'password: hunter2-very-secret');
  try {
    await decryptText(tampered, 'x.yaml', { keys: keysFrom(id) });
    assert.unreachable();
  } catch (e) {
    assert.not.match((e as TalgenError).format(), /hunter2/);
  }
});

test('real age CLI: age-keygen recipient, data key opens with age -d, talgen decrypts with SOPS_AGE_KEY_FILE', async () => {
  const d = tmp();
  const keyFile = join(d, 'keys.txt');
  assert.is(run('age-keygen', ['-o', keyFile]).code, 0);
  const rcpt = /public key: (age1[0-9a-z]+)/.exec(readFileSync(keyFile, 'utf8'))![1]!;
  const enc = await encryptText('token: abc\n', join(d, 'x.yaml'), { recipients: [rcpt] });
  const armored = /enc: \|\n((?: {12}.*\n)+)/.exec(enc)![1]!.replace(/^ {12}/gm, '');
  writeFileSync(join(d, 'dk.age'), armored);
  const r = run('age', ['-d', '-i', keyFile, '-o', join(d, 'dk.bin'), join(d, 'dk.age')]);
  assert.is(r.code, 0, r.stderr);
  assert.is(readFileSync(join(d, 'dk.bin')).length, 32);
  writeFileSync(join(d, 'x.yaml'), enc);
  const cli = talgen(['decrypt', join(d, 'x.yaml')], { env: { SOPS_AGE_KEY_FILE: keyFile } });
  assert.is(cli.code, 0, cli.stderr);
  assert.is(cli.stdout, 'token: abc\n');
  const none = talgen(['decrypt', join(d, 'x.yaml')], { env: { HOME: d } });
  assert.is(none.code, 1);
  assert.match(none.stderr, /no age key found/);
  assert.not.match(none.stderr, /\n\s+at /);
});

test('key discovery order and notes', async () => {
  const d = tmp();
  writeFileSync(join(d, 'k.txt'), 'AGE-SECRET-KEY-1QQQ\n');
  const k = await discoverKeys({ SOPS_AGE_KEY: 'AGE-SECRET-KEY-1AAA', SOPS_AGE_KEY_FILE: join(d, 'k.txt'), SOPS_AGE_KEY_CMD: 'echo AGE-SECRET-KEY-1CCC', XDG_CONFIG_HOME: d });
  assert.equal(k.identities, ['AGE-SECRET-KEY-1AAA', 'AGE-SECRET-KEY-1QQQ', 'AGE-SECRET-KEY-1CCC']);
  assert.match(k.tried.join('\n'), /SOPS_AGE_KEY: 1 age key[\s\S]*SOPS_AGE_KEY_FILE=.*1 age key[\s\S]*SOPS_AGE_KEY_CMD[\s\S]*sops\/age\/keys\.txt: not found/);
  const missing = await discoverKeys({ SOPS_AGE_KEY_FILE: join(d, 'nope.txt'), XDG_CONFIG_HOME: d });
  assert.match(missing.tried.join('\n'), /nope\.txt: cannot be read/);
});

test('ssh keys: ssh-ed25519 recipients and ssh-to-age X25519 recipients open; a passphrase-protected key is skipped with a note', async () => {
  const d = tmp();
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', join(d, 'id')]);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret-pass', '-C', 'test', '-f', join(d, 'locked')]);
  writeFileSync(join(d, 'pt'), 'token: abc\n');
  // age encrypts the data key to the ssh recipient exactly like `sops --age ssh-ed25519 …` does.
  const r = run('age', ['-R', join(d, 'id.pub'), '-a', '-o', join(d, 'dk.age'), join(d, 'pt')]);
  assert.is(r.code, 0, r.stderr);
  const keys = await discoverKeys({ SOPS_AGE_SSH_PRIVATE_KEY_FILE: join(d, 'id'), XDG_CONFIG_HOME: d, HOME: d });
  assert.match(keys.tried.join('\n'), /SOPS_AGE_SSH_PRIVATE_KEY_FILE=.*: ssh-ed25519 key/);
  const { Decrypter, armor } = await import('age-encryption');
  const dec = new Decrypter();
  for (const id of keys.identities) dec.addIdentity(id as never);
  assert.is(await dec.decrypt(armor.decode(readFileSync(join(d, 'dk.age'), 'utf8')), 'text'), 'token: abc\n');
  const locked = await discoverKeys({ SOPS_AGE_SSH_PRIVATE_KEY_FILE: join(d, 'locked'), XDG_CONFIG_HOME: d, HOME: d });
  assert.equal(locked.identities, []);
  assert.match(locked.tried.join('\n'), /passphrase-protected ssh key, skipped/);
  if (CONFORMANCE) {
    // sops-nix's fixture: recipient 2 is the ssh key converted with ssh-to-age.
    const nix = await discoverKeys({ SOPS_AGE_SSH_PRIVATE_KEY_FILE: conformanceFile('sops', 'sops-nix', 'ssh-ed25519-key'), XDG_CONFIG_HOME: d, HOME: d });
    const out = await decryptText(readFileSync(conformanceFile('sops', 'sops-nix', 'secrets.yaml'), 'utf8'), 'secrets.yaml', { keys: nix });
    assert.ok(out.length > 0);
  }
});

test.run();
