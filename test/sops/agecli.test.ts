import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createDecipheriv, createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptText, discoverKeys, encryptText } from '../../src/sops/index.js';
import { run, talgen, tmp } from '../helpers/cli.js';
import { needTool } from '../helpers/shared.js';

/** The real age CLI on both ends: `test`, or uvu's `test.skip` where `age`/`age-keygen` are not installed. */
const withAge = needTool('age', 'the real age CLI') && needTool('age-keygen', 'the real age CLI') ? test : test.skip;

/** The armored data key of the first age recipient in a talgen YAML file. */
function armoredKey(enc: string): string {
  return /enc: \|\n((?: {12}.*\n)+)/.exec(enc)![1]!.replace(/^ {12}/gm, '');
}

/** Independent AES-256-GCM open of one ENC value (the test's own code, not talgen's). */
function openEnc(enc: string, key: Buffer, aad: string): string {
  const m = /^ENC\[AES256_GCM,data:(.*),iv:(.*),tag:(.*),type:(.*)\]$/.exec(enc)!;
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(m[2]!, 'base64'));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(m[3]!, 'base64'));
  return Buffer.concat([d.update(Buffer.from(m[1]!, 'base64')), d.final()]).toString('utf8');
}

withAge('real age CLI: a recipient from age-keygen; age -d opens the data key, which opens the values and the MAC', async () => {
  const d = tmp();
  const keyFile = join(d, 'keys.txt');
  assert.is(run('age-keygen', ['-o', keyFile]).code, 0);
  const rcpt = /public key: (age1[0-9a-z]+)/.exec(readFileSync(keyFile, 'utf8'))![1]!;
  const enc = await encryptText('token: abc\nport: 8080\n', join(d, 'x.yaml'), { recipients: [rcpt] });
  writeFileSync(join(d, 'dk.age'), armoredKey(enc));
  const r = run('age', ['-d', '-i', keyFile, '-o', join(d, 'dk.bin'), join(d, 'dk.age')]);
  assert.is(r.code, 0, r.stderr);
  const dk = readFileSync(join(d, 'dk.bin'));
  assert.is(dk.length, 32);
  assert.is(openEnc(/^token: (.*)$/m.exec(enc)![1]!, dk, 'token:'), 'abc');
  assert.is(openEnc(/^port: (.*)$/m.exec(enc)![1]!, dk, 'port:'), '8080');
  const lastmodified = /lastmodified: "(.*)"/.exec(enc)![1]!;
  const mac = openEnc(/^ {4}mac: (.*)$/m.exec(enc)![1]!, dk, lastmodified);
  assert.is(mac, createHash('sha512').update('abc').update('8080').digest('hex').toUpperCase());
  writeFileSync(join(d, 'x.yaml'), enc);
  const cli = talgen(['decrypt', join(d, 'x.yaml')], { env: { SOPS_AGE_KEY_FILE: keyFile } });
  assert.is(cli.code, 0, cli.stderr);
  assert.is(cli.stdout, 'token: abc\nport: 8080\n');
});

withAge('ssh-ed25519 recipients: talgen encrypts so that real age -d opens it; age -R output opens with the ssh key', async () => {
  const d = tmp();
  assert.is(run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', join(d, 'id')]).code, 0);
  const pub = readFileSync(join(d, 'id.pub'), 'utf8').trim();
  const enc = await encryptText('token: abc\n', join(d, 'x.yaml'), { recipients: [pub] });
  assert.match(enc, /recipient: "ssh-ed25519 AAAA/);
  writeFileSync(join(d, 'dk.age'), armoredKey(enc));
  const r = run('age', ['-d', '-i', join(d, 'id'), '-o', join(d, 'dk.bin'), join(d, 'dk.age')]);
  assert.is(r.code, 0, r.stderr);
  assert.is(openEnc(/^token: (.*)$/m.exec(enc)![1]!, readFileSync(join(d, 'dk.bin')), 'token:'), 'abc');
  writeFileSync(join(d, 'x.yaml'), enc);
  const cli = talgen(['decrypt', join(d, 'x.yaml')], { env: { SOPS_AGE_SSH_PRIVATE_KEY_FILE: join(d, 'id'), HOME: d } });
  assert.is(cli.code, 0, cli.stderr);
  assert.is(cli.stdout, 'token: abc\n');
  // The other direction: a stanza written by real age for the ssh public key.
  writeFileSync(join(d, 'pt'), 'hello');
  assert.is(run('age', ['-R', join(d, 'id.pub'), '-a', '-o', join(d, 'm.age'), join(d, 'pt')]).code, 0);
  const keys = await discoverKeys({ SOPS_AGE_SSH_PRIVATE_KEY_FILE: join(d, 'id'), XDG_CONFIG_HOME: d, HOME: d });
  const { Decrypter, armor } = await import('age-encryption');
  const dec = new Decrypter();
  for (const id of keys.identities) dec.addIdentity(id);
  assert.is(await dec.decrypt(armor.decode(readFileSync(join(d, 'm.age'), 'utf8')), 'text'), 'hello');
  // And another ssh key does not open the talgen file.
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'other', '-f', join(d, 'other')]);
  const wrong = await discoverKeys({ SOPS_AGE_SSH_PRIVATE_KEY_FILE: join(d, 'other'), XDG_CONFIG_HOME: d, HOME: d });
  await decryptText(enc, 'x.yaml', { keys: wrong }).then(
    () => assert.unreachable('opened with the wrong ssh key'),
    (e: Error) => assert.match(e.message, /none of the 2 age key\(s\) found opens this file/),
  );
});

test.run();
