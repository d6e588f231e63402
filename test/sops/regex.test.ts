import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { TalgenError } from '../../src/core/errors.js';
import { decryptFile, decryptText, encryptText, findCreationRule } from '../../src/sops/index.js';
import { tmp } from '../helpers/cli.js';
import { keysFrom, rejects } from './helpers.js';

// sops reads path_regex and the *_regex rules as Go regular expressions (RE2): Go's syntax, an unanchored search,
// linear time whatever the pattern and the key.

async function repo(sopsYaml: (rcpt: string) => string): Promise<{ dir: string; id: string }> {
  const id = await generateX25519Identity();
  const dir = tmp();
  mkdirSync(join(dir, 'secrets'));
  writeFileSync(join(dir, '.sops.yaml'), sopsYaml(await identityToRecipient(id)));
  return { dir, id };
}

test('path_regex and encrypted_regex take RE2 syntax: (?i), \\z, (?P<name>…)', async () => {
  const { dir, id } = await repo(
    (rcpt) =>
      `creation_rules:\n  - path_regex: \\.json\\z\n    age: ${rcpt}\n` +
      `  - path_regex: (?i)^SECRETS/(?P<name>\\w+)\\.YAML\\z\n    encrypted_regex: (?i)^(?P<k>pass|token)\n    age: ${rcpt}\n`,
  );
  const file = join(dir, 'secrets', 'db.yaml');
  assert.is(findCreationRule(file)?.encrypted_regex, '(?i)^(?P<k>pass|token)');
  assert.is(findCreationRule(join(dir, 'secrets', 'db.yaml.json'))?.encrypted_regex, undefined);
  const plain = 'Password: a\ntoken: b\nname: c\nmytoken: d\n';
  const enc = await encryptText(plain, file, {});
  assert.match(enc, /^Password: ENC\[/m);
  assert.match(enc, /^token: ENC\[/m);
  assert.match(enc, /^name: c$/m);
  assert.match(enc, /^mytoken: d$/m);
  assert.equal(parse(await decryptText(enc, file, { keys: keysFrom(id) })), parse(plain));
});

test('a catastrophic encrypted_regex on a 100k-character key returns', async () => {
  const { dir, id } = await repo((rcpt) => `creation_rules:\n  - encrypted_regex: (a+)+$\n    age: ${rcpt}\n`);
  const file = join(dir, 'secrets', 'long.json');
  const long = `${'a'.repeat(100_000)}b`;
  const enc = await encryptText(JSON.stringify({ [long]: 'clear', aaa: 'hidden' }), file, {});
  const sealed = JSON.parse(enc) as Record<string, string>;
  assert.is(sealed[long], 'clear');
  assert.match(sealed.aaa!, /^ENC\[/);
  assert.is((JSON.parse(await decryptText(enc, file, { keys: keysFrom(id) })) as Record<string, string>).aaa, 'hidden');
});

test("a rule Go's regexp refuses is a located error in Go's words", async () => {
  const { dir, id } = await repo((rcpt) => `creation_rules:\n  - encrypted_regex: ^data$\n    age: ${rcpt}\n`);
  const file = join(dir, 'secrets', 's.yaml');
  const enc = await encryptText('data: x\n', file, {});
  const broken = enc.replace(/^( {4}encrypted_regex: ).*$/m, '$1(a');
  assert.is.not(broken, enc);
  const e = await rejects(
    decryptFile(broken, file, { keys: keysFrom(id), format: 'yaml' }),
    /sops\.encrypted_regex: SOPS decryption failed: error parsing regexp: missing closing \): `\(a`$/,
  );
  assert.is(e.line, broken.split('\n').findIndex((l) => l.includes('encrypted_regex')) + 1);

  writeFileSync(join(dir, '.sops.yaml'), 'creation_rules:\n  - path_regex: a**\n    age: age1x\n');
  try {
    findCreationRule(file);
    assert.unreachable('path_regex a** accepted');
  } catch (err) {
    if (!(err instanceof TalgenError)) throw err;
    assert.is(err.path, 'creation_rules[0].path_regex');
    assert.is(err.message, 'can not compile regexp: error parsing regexp: invalid nested repetition operator: `**`');
  }
});

test.run();
