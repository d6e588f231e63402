import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decryptSops } from 'sops-age';
import { decryptText, formatOf } from '../../src/sops/index.js';
import { needConformance } from '../helpers/shared.js';
import { fixture, keysFrom, manifest, plainOf, rejects } from './helpers.js';

/** Real sops output (../shared/conformance/sops, read at run time) against talgen's decryptor and sops-age. */
const ageOnly = () => manifest().filter((e) => e.key.endsWith('.txt'));
const pgpOnly = () => manifest().filter((e) => !e.key.endsWith('.txt'));

/** Drop the first line holding an encrypted data value (keeps the file syntactically valid). */
function dropOneValue(text: string, format: string): string {
  const re =
    format === 'json'
      ? /^\s+"[^"]+": "ENC\[[^"]*\]",\n/m
      : format === 'dotenv'
        ? /^(?!sops_)[A-Za-z0-9_]+=ENC\[.*\]\n/m
        : /^(?! *mac:) *[A-Za-z0-9_.-]+: ENC\[.*\]\n/m;
  const out = text.replace(re, '');
  assert.is.not(out, text, 'found a value line to drop');
  return out;
}

if (needConformance('SOPS fixtures decrypt')) {
  test('every age fixture decrypts to the expected plaintext with its MAC verified', async () => {
    let n = 0;
    for (const e of ageOnly()) {
      assert.ok(e.macValid, e.file);
      const out = await decryptText(fixture(e.file), e.file, { keys: keysFrom(fixture(e.key)), format: formatOf(e.file) });
      const expected = e.format === 'dotenv' ? Object.fromEntries(Object.entries(e.expected as object).map(([k, v]) => [k, String(v)])) : e.expected;
      assert.equal(plainOf(out, e.format), expected, e.file);
      n++;
    }
    assert.is(n, 15);
  });

  test('the MAC is really checked on every age fixture: dropping one value is a MAC mismatch', async () => {
    for (const e of ageOnly()) {
      await rejects(decryptText(dropOneValue(fixture(e.file), e.format), e.file, { keys: keysFrom(fixture(e.key)) }), /sops\.mac: MAC mismatch/, e.file);
    }
  });

  test('encrypted comments of real sops files decrypt (AAD = path of the enclosing map)', async () => {
    const out = await decryptText(fixture('getsops-sops/age-rekeyed-example.yaml'), 'example.yaml', {
      keys: keysFrom(fixture('getsops-sops/age-rekey-key.txt')),
    });
    assert.match(out, /^\s+# private key for secret operations in app2$/m);
    assert.match(out, /^\s+# sops supports unencrypted fields$/m);
    assert.not.match(out, /ENC\[/);
    const c = await decryptText(fixture('getsops-sops/age-rekeyed-comments.enc.yaml'), 'c.yaml', { keys: keysFrom(fixture('getsops-sops/age-rekey-key.txt')) });
    assert.match(c, /^# first comment in file$/m);
    assert.not.match(c, /ENC\[/);
  });

  test('sops-age agrees on every age fixture (differential, second independent decryptor)', async () => {
    let n = 0;
    for (const e of ageOnly()) {
      const secretKey = keysFrom(fixture(e.key)).identities[0] as string;
      const text = fixture(e.file);
      const theirs = await decryptSops(text, { secretKey, fileType: e.format === 'dotenv' ? 'env' : e.format });
      const ours = plainOf(await decryptText(text, e.file, { keys: keysFrom(secretKey) }), e.format);
      const norm = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (e.format === 'dotenv' ? (typeof x === 'object' ? x : String(x)) : x)));
      assert.equal(norm(ours), norm(theirs), e.file);
      n++;
    }
    assert.is(n, 15);
  });

  test('PGP-only fixtures: "encrypted for PGP recipients only" naming the file', async () => {
    let n = 0;
    for (const e of pgpOnly()) {
      await rejects(
        decryptText(fixture(e.file), e.file, { keys: keysFrom('') }),
        new RegExp(`^${e.file.replace(/[.]/g, '\\.')}: sops\\.pgp: encrypted for PGP recipients only; talgen opens age and ssh recipients$`),
        e.file,
      );
      n++;
    }
    assert.is(n, 7);
  });

  test('a file without a MAC is refused (deleted mac line, empty mac)', async () => {
    const e = ageOnly()[0]!;
    const keys = keysFrom(fixture(e.key));
    const text = fixture(e.file);
    assert.match(text, /^ +mac: ENC/m);
    await rejects(decryptText(text.replace(/^ +mac: .*\n/m, ''), e.file, { keys }), /sops\.mac: file has no sops MAC/);
    await rejects(decryptText(text.replace(/^( +mac: ).*$/m, '$1""'), e.file, { keys }), /sops\.mac: file has no sops MAC/);
  });

  test('no key and wrong key: recipients, every place tried, what to set', async () => {
    const e = ageOnly()[0]!;
    const text = fixture(e.file);
    const recipient = /recipient: (age1[0-9a-z]+)/.exec(text)![1]!;
    const err = await rejects(
      decryptText(text, e.file, { keys: { identities: [], tried: ['SOPS_AGE_KEY: not set', '/h/.config/sops/age/keys.txt: not found'] } }),
      new RegExp(
        `: no age key found to open this file \\(its recipients: ${recipient}[^)]*\\); tried SOPS_AGE_KEY: not set; /h/\\.config/sops/age/keys\\.txt: not found$`,
      ),
    );
    assert.match(err.hint!, /set SOPS_AGE_KEY_FILE/);
    const { generateX25519Identity } = await import('age-encryption');
    await rejects(
      decryptText(text, e.file, { keys: { identities: [await generateX25519Identity()], tried: ['SOPS_AGE_KEY: 1 age key(s)'] } }),
      /none of the 1 age key\(s\) found opens this file \(its recipients: age1.*\); tried SOPS_AGE_KEY: 1 age key/,
    );
  });
}

test.run();
