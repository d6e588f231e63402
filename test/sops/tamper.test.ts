import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { decryptText, encryptText, readMaybeEncrypted } from '../../src/sops/index.js';
import { parseEnvFile } from '../../src/substitute/index.js';
import { conformanceFile, needConformance } from '../helpers/shared.js';
import { talgen, tmp } from '../helpers/cli.js';
import { fixture, keysFrom, rejects } from './helpers.js';

/** Flip one base64 character of the data of the ENC value on the line `key: ENC[…`. */
function flip(text: string, key: string): string {
  const re = new RegExp(`(^\\s*${key}: ENC\\[AES256_GCM,data:)(.)`, 'm');
  assert.match(text, re);
  return text.replace(re, (_m, p: string, c: string) => p + (c === 'A' ? 'B' : 'A'));
}

function encValue(text: string, key: string): string {
  return new RegExp(`^\\s*${key}: (ENC\\[[^\\n]*\\])$`, 'm').exec(text)![1]!;
}

type Case = [name: string, text: string, re: RegExp];

async function matrix(file: string, text: string, keys: ReturnType<typeof keysFrom>, cases: Case[], secrets: string[]): Promise<void> {
  assert.ok(await decryptText(text, file, { keys }), 'the untouched file decrypts');
  for (const [name, bad, re] of cases) {
    assert.is.not(bad, text, `${name}: the edit changed the file`);
    const e = await rejects(decryptText(bad, file, { keys }), re, name);
    const line = e.format().split('\n')[0]!;
    assert.ok(line.startsWith(`${file}`), `${name}: names the file: ${line}`);
    for (const s of secrets) assert.not.ok(e.format().includes(s), `${name}: leaks a secret`);
  }
}

if (needConformance('tamper matrix on the sops example file')) {
  test('tamper matrix on a real sops file (sops example re-keyed to age): every edit rejected, file and key path named', async () => {
    const file = 'example.yaml';
    const text = fixture('getsops-sops/age-rekeyed-example.yaml');
    const keys = keysFrom(fixture('getsops-sops/age-rekey-key.txt'));
    const a0 = /an_array:\n {4}- (ENC\[.*\])\n {4}- (ENC\[.*\])\n/.exec(text)!;
    const cases: Case[] = [
      ['flipped ciphertext byte', flip(text, 'myapp1'), /^example\.yaml: myapp1: cannot decrypt value: authentication failed/],
      ['two list items swapped (same AAD)', text.replace(a0[0], `an_array:\n    - ${a0[2]}\n    - ${a0[1]}\n`), /sops\.mac: MAC mismatch/],
      [
        'values of two keys swapped',
        text.replace(encValue(text, 'user'), '@U').replace(encValue(text, 'password'), encValue(text, 'user')).replace('@U', encValue(text, 'password')),
        /app2\.db\.(user|password): cannot decrypt value: authentication failed/,
      ],
      [
        'value replaced by plaintext',
        text.replace(encValue(text, 'myapp1'), 'attacker-chosen'),
        /^example\.yaml: myapp1: value is not encrypted although the file's sops rule says it must be/,
      ],
      ['injected plaintext key', text.replace('myapp1:', 'injected: evil\nmyapp1:'), /^example\.yaml: injected: value is not encrypted/],
      ['deleted key', text.replace(/^number: .*\n/m, ''), /^example\.yaml: sops\.mac: MAC mismatch/],
      ['edited unencrypted value', text.replace('all: going to remain in clear text', 'all: changed'), /sops\.mac: MAC mismatch/],
      ['injected unencrypted key', text.replace('myapp1:', 'extra_unencrypted: x\nmyapp1:'), /sops\.mac: MAC mismatch/],
      ['corrupted MAC', flip(text, 'mac'), /^example\.yaml: sops\.mac: cannot decrypt the sops MAC/],
      [
        'changed lastmodified',
        text.replace(/lastmodified: "[^"]+"/, 'lastmodified: "2030-01-01T00:00:00Z"'),
        /sops\.mac: cannot decrypt the sops MAC \(sops\.mac or sops\.lastmodified was changed\)/,
      ],
      ['missing sops.mac', text.replace(/^ +mac: .*\n/m, ''), /sops\.mac: file has no sops MAC/],
      ['unknown cipher', text.replace(/^(myapp1: ENC\[)AES256_GCM/m, '$1CHACHA20'), /myapp1: cannot decrypt value: unknown cipher "CHACHA20"/],
      ['invalid base64 in ENC', text.replace(/^(myapp1: ENC\[AES256_GCM,data:)/m, '$1!!'), /myapp1: cannot decrypt value: invalid base64 in the data/],
      ['unknown type tag', text.replace(/^(myapp1: ENC\[.*type:)str\]/m, '$1weird]'), /myapp1: cannot decrypt value: unknown type tag "weird"/],
      [
        'wrong type tag (bool → int)',
        text.replace('type:bool]', 'type:int]'),
        /somebooleans: cannot decrypt value: type tag says int but the decrypted value is not an integer/,
      ],
      ['wrong type tag (str → bool)', text.replace(/^(myapp1: ENC\[.*type:)str\]/m, '$1bool]'), /myapp1: cannot decrypt value: type tag says bool/],
      [
        'truncated file (inside the metadata)',
        text.slice(0, text.indexOf('-----BEGIN AGE') + 40),
        /sops\.age\[0\]\.enc: the encrypted data key is not a valid armored age file|not YAML sops could have written/,
      ],
      ['truncated file (before the metadata)', text.slice(0, text.indexOf('sops:')), /no sops metadata in the file/],
      [
        'duplicate key (YAML sops could not have written)',
        text.replace('number:', 'myapp1: x\nnumber:'),
        /^example\.yaml:\d+:\d+: not YAML sops could have written: Map keys must be unique/,
      ],
      [
        'alias (YAML sops could not have written)',
        text.replace(/^myapp1: (.*)$/m, 'myapp1: &a $1\ncopy: *a'),
        /^example\.yaml: copy: YAML aliases are not supported/,
      ],
      ['non-string key', text.replace('number:', '443: x\nnumber:'), /443: map key is a YAML int, not a string/],
    ];
    await matrix(file, text, keys, cases, [
      't00m4nys3cr3tzupdated',
      'c4r1b0u',
      'secretuser1',
      'MIIBPAIBAAJBAPTMNIyHuZtpLYc7VsHQtwOkWYobkUblmHWRmbXzlAX6K8tMf3Wf',
    ]);
  });

  test('tamper: a real talhelper talsecret with one value moved or removed is refused', async () => {
    const text = fixture('talhelper/example__talsecret.yaml');
    const keys = keysFrom(fixture('talhelper/key.txt'));
    await matrix(
      'talsecret.yaml',
      text,
      keys,
      [
        ['token replaced by plaintext', text.replace(/^(\s+token: ).*$/m, '$1abcdef.0123456789abcdef'), /trustdinfo\.token: value is not encrypted/],
        ['bootstrap token deleted', text.replace(/^\s+bootstraptoken: .*\n/m, ''), /sops\.mac: MAC mismatch/],
      ],
      ['968vsu.naroz19canzkcm00', 'q9jadu.c3x36t0mmmgjgs6y'],
    );
  });

  test('readMaybeEncrypted: a file with ENC values but its metadata cut off is an error, not plain text', async () => {
    const d = tmp();
    const p = join(d, 'patch.yaml');
    const text = fixture('talhelper/pkg__patcher__testdata__encrypted.sops.yaml');
    writeFileSync(p, text.slice(0, text.indexOf('sops:')));
    await rejects(
      readMaybeEncrypted(p, { keys: keysFrom(fixture('talhelper/key.txt')) }),
      /patch\.yaml:\d+:\d+: sops: the file holds sops-encrypted values but no sops metadata/,
    );
    writeFileSync(p, text);
    const r = await readMaybeEncrypted(p, { keys: keysFrom(fixture('talhelper/key.txt')) });
    assert.ok(r.encrypted);
    assert.not.match(r.text, /ENC\[|sops:/);
    writeFileSync(join(d, 'plain.yaml'), 'machine:\n  network: {}\n');
    assert.equal(await readMaybeEncrypted(join(d, 'plain.yaml'), { keys: keysFrom('') }), { text: 'machine:\n  network: {}\n', encrypted: false });
  });

  test('CLI: talgen decrypt of a tampered file exits 1 with one line (plus hint) and writes nothing', () => {
    const d = tmp();
    const src = fixture('getsops-sops/age-rekeyed-example.yaml');
    writeFileSync(join(d, 'x.yaml'), src.replace('all: going to remain in clear text', 'all: changed'));
    const out = join(d, 'plain.yaml');
    const r = talgen(['decrypt', join(d, 'x.yaml'), '-o', out], { env: { SOPS_AGE_KEY_FILE: conformanceFile('sops', 'getsops-sops', 'age-rekey-key.txt') } });
    assert.is(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.is(lines.length, 2, r.stderr);
    assert.match(lines[0]!, /^talgen: .*x\.yaml:\d+:\d+: sops\.mac: SOPS decryption failed: MAC mismatch/);
    assert.match(lines[1]!, /^ {2}hint: /);
    assert.not.ok(existsSync(out));
    assert.is(r.stdout, '');
  });
}

test('tamper matrix on talgen output (YAML, JSON, dotenv): swaps, deletions, edits all rejected', async () => {
  const id = await generateX25519Identity();
  const keys = keysFrom(id);
  const recipients = [await identityToRecipient(id)];
  const yaml = await encryptText('a: first\nb: second\nc_unencrypted: clear\nlist:\n  - x1\n  - x2\nd: 5\n', 'x.yaml', { recipients });
  const l = /list:\n {2}- (ENC\[.*\])\n {2}- (ENC\[.*\])\n/.exec(yaml)!;
  await matrix(
    'x.yaml',
    yaml,
    keys,
    [
      ['flipped byte', flip(yaml, 'a'), /^x\.yaml: a: cannot decrypt value: authentication failed/],
      ['swapped list items', yaml.replace(l[0], `list:\n  - ${l[2]}\n  - ${l[1]}\n`), /sops\.mac: MAC mismatch/],
      ['plaintext', yaml.replace(encValue(yaml, 'b'), 'second'), /^x\.yaml: b: value is not encrypted/],
      ['deleted', yaml.replace(/^d: .*\n/m, ''), /sops\.mac: MAC mismatch/],
      ['edited clear value', yaml.replace('c_unencrypted: clear', 'c_unencrypted: changed'), /sops\.mac: MAC mismatch/],
      ['corrupted MAC', flip(yaml, 'mac'), /sops\.mac: cannot decrypt the sops MAC/],
      ['lastmodified', yaml.replace(/lastmodified: "[^"]+"/, 'lastmodified: "2001-01-01T00:00:00Z"'), /sops\.mac: cannot decrypt the sops MAC/],
    ],
    ['first', 'second', 'x1'],
  );
  const json = await encryptText('{"a": "first", "b": "second", "n": 1}', 'x.json', { recipients });
  const ja = /"a": "(ENC\[[^"]*\])"/.exec(json)![1]!;
  const jb = /"b": "(ENC\[[^"]*\])"/.exec(json)![1]!;
  await matrix(
    'x.json',
    json,
    keys,
    [
      ['swapped keys', json.replace(ja, '@').replace(jb, ja).replace('@', jb), /^x\.json: [ab]: cannot decrypt value: authentication failed/],
      ['deleted', json.replace(/^\s+"n": .*\n/m, '').replace(/("b": "ENC\[[^"]*\]"),/, '$1,'), /sops\.mac: MAC mismatch|not JSON/],
      ['plaintext', json.replace(ja, 'first'), /^x\.json: a: value is not encrypted/],
    ],
    ['first', 'second'],
  );
  const env = await encryptText('A=first\nB=second\n', 'x.env', { recipients });
  await matrix(
    'x.env',
    env,
    keys,
    [
      ['deleted', env.replace(/^B=.*\n/m, ''), /sops\.mac: MAC mismatch/],
      ['plaintext', env.replace(/^A=.*$/m, 'A=first'), /^x\.env: A: value is not encrypted/],
      ['lastmodified', env.replace(/^sops_lastmodified=.*$/m, 'sops_lastmodified=2001-01-01T00:00:00Z'), /sops\.mac: cannot decrypt the sops MAC/],
    ],
    ['first', 'second'],
  );
});

test('a type tag edit the MAC does not cover: accepted as sops accepts it, the talenv value keeps its text, a contradicting tag refused', async () => {
  const id = await generateX25519Identity();
  const keys = keysFrom(id);
  const text = await encryptText('PORT: 6443\nNAME: abc\n', 'talenv.yaml', { recipients: [await identityToRecipient(id)] });
  assert.match(text, /^PORT: ENC\[.*type:int\]$/m);
  const env = async (t: string): Promise<Record<string, string>> => parseEnvFile(await decryptText(t, 'talenv.yaml', { keys }), 'talenv.yaml');
  const original = await env(text);
  for (const tag of ['bytes', 'str']) {
    const edited = text.replace(/^(PORT: ENC\[.*type:)int\]$/m, `$1${tag}]`);
    assert.is.not(edited, text);
    assert.equal(await env(edited), original, `type:int → type:${tag} keeps PORT=6443`);
  }
  await rejects(
    decryptText(text.replace(/^(NAME: ENC\[.*type:)str\]$/m, '$1int]'), 'talenv.yaml', { keys }),
    /NAME: cannot decrypt value: type tag says int/,
    'str → int on "abc"',
  );
});

test.run();
