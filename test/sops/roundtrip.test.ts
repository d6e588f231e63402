import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { decryptSops } from 'sops-age';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { decryptText, encryptText, findCreationRule } from '../../src/sops/index.js';
import { CLI, run, talgen, talgenMain, tmp } from '../helpers/cli.js';
import { keysFrom, rejects } from './helpers.js';

async function identity(): Promise<{ id: string; rcpt: string }> {
  const id = await generateX25519Identity();
  return { id, rcpt: await identityToRecipient(id) };
}

const RICH = `# top comment: secret-comment-1
name: talgen
count: 42
big: 9007199254740993
mode: 0777
ratio: 1.5
whole: 2.0
enabled: true
disabled: false
quoted_num: "0777"
version: "1.30"
nothing: null
empty: ""
list:
  - one
  - 2
  - 3.5
  - true
nested:
  # inside nested: secret-comment-2
  multi: |
    line one
    line two
  folded: >
    folded text
    here
  inner:
    deep: value
    list_of_maps:
      - name: a
        secret: secret-s1
      - name: b
        secret: secret-s2
plain_unencrypted: visible
`;

/** What go-yaml (and so sops) reads from RICH: 0777 is octal, ints keep 64 bits. */
const RICH_GO = {
  name: 'talgen',
  count: 42n,
  big: 9007199254740993n,
  mode: 511n,
  ratio: 1.5,
  whole: 2,
  enabled: true,
  disabled: false,
  quoted_num: '0777',
  version: '1.30',
  nothing: null,
  empty: '',
  list: ['one', 2n, 3.5, true],
  nested: {
    multi: 'line one\nline two\n',
    folded: 'folded text here\n',
    inner: {
      deep: 'value',
      list_of_maps: [
        { name: 'a', secret: 'secret-s1' },
        { name: 'b', secret: 'secret-s2' },
      ],
    },
  },
  plain_unencrypted: 'visible',
};

const toNumbers = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));

test('YAML round trip: talgen encrypt → talgen decrypt (typed like go-yaml, comments kept) and → sops-age', async () => {
  const { id, rcpt } = await identity();
  const enc = await encryptText(RICH, 'rich.yaml', { recipients: [rcpt] });
  for (const secret of ['talgen', 'line one', 'folded text', 'secret-s1', 'secret-comment-1', 'secret-comment-2', '9007199254740993'])
    assert.not.ok(enc.includes(secret), `ciphertext shows ${secret}`);
  assert.match(enc, /^plain_unencrypted: visible$/m);
  assert.match(enc, /^empty: ""$/m);
  assert.match(enc, /^mode: ENC\[.*type:int\]$/m);
  assert.match(enc, /^whole: ENC\[.*type:float\]$/m);
  assert.match(enc, /^enabled: ENC\[.*type:bool\]$/m);
  assert.match(enc, /^#ENC\[.*type:comment\]$/m);
  const back = await decryptText(enc, 'rich.yaml', { keys: keysFrom(id) });
  assert.equal(parse(back, { intAsBigInt: true }), RICH_GO);
  assert.match(back, /^# top comment: secret-comment-1$/m);
  assert.match(back, /^ {2}# inside nested: secret-comment-2$/m);
  assert.match(back, /^ {2}multi: \|/m);
  const theirs = await decryptSops(enc, { secretKey: id, fileType: 'yaml' });
  // sops-age parses ints with parseInt, so 2^53+1 comes back rounded: compare as JS numbers.
  assert.equal(toNumbers(theirs), toNumbers(RICH_GO));
});

test('YAML multi-document: metadata in every document (as sops writes it), one MAC over all documents', async () => {
  const { id, rcpt } = await identity();
  const enc = await encryptText('a: 1\n---\nb: two\n', 'multi.yaml', { recipients: [rcpt] });
  const docs = parseAllDocuments(enc) as { toJS(): Record<string, unknown> }[];
  assert.is(docs.length, 2);
  for (const d of docs) assert.ok(d.toJS().sops, 'each document carries sops metadata');
  assert.equal(docs[0]!.toJS().sops, docs[1]!.toJS().sops);
  const back = await decryptText(enc, 'multi.yaml', { keys: keysFrom(id) });
  assert.equal(
    (parseAllDocuments(back) as { toJS(): unknown }[]).map((d) => d.toJS()),
    [{ a: 1 }, { b: 'two' }],
  );
  await rejects(decryptText(enc.replace(/^b: .*$/m, 'b: ""'), 'multi.yaml', { keys: keysFrom(id) }), /sops\.mac: MAC mismatch/);
});

test('JSON round trip: key order and int64 kept; sops-age agrees', async () => {
  const { id, rcpt } = await identity();
  const json =
    '{\n  "b": 1,\n  "10": "ten",\n  "a": {"x": [1, 2.5, true, null, "s"], "deep": {"k": "v"}},\n  "big": 9223372036854775807,\n  "f": 1.0,\n  "e": ""\n}\n';
  const enc = await encryptText(json, 'x.json', { recipients: [rcpt] });
  assert.not.match(enc, /ten|9223372036854775807/);
  assert.match(enc, /"f": "ENC\[.*type:float\]"/);
  const back = await decryptText(enc, 'x.json', { keys: keysFrom(id) });
  assert.ok(back.indexOf('"b"') < back.indexOf('"10"'), 'integer-like key keeps its place');
  assert.match(back, /"big": 9223372036854775807/);
  assert.equal(JSON.parse(back), JSON.parse(json));
  // sops-age leaves all-digit keys out of the AAD (its bug), so the differential uses a file without one.
  const plain2 = '{"b": 1, "a": {"x": [1, 2.5, true, null, "s"]}, "f": 1.5, "e": ""}';
  const theirs = await decryptSops(await encryptText(plain2, 'y.json', { recipients: [rcpt] }), { secretKey: id, fileType: 'json' });
  assert.equal(theirs, JSON.parse(plain2));
});

test('dotenv round trip: comments encrypted, multi-line values escaped like sops; sops-age agrees', async () => {
  const { id, rcpt } = await identity();
  const env = 'A=1\n# a comment with secret-comment-3\nB=hello world\nC=x=y\nMULTI=line1\\nline2\nD_unencrypted=clear\n';
  const enc = await encryptText(env, 'x.env', { recipients: [rcpt] });
  assert.not.match(enc, /hello|secret-comment-3|line1/);
  assert.match(enc, /^D_unencrypted=clear$/m);
  assert.match(enc, /^sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\n/m);
  assert.is(await decryptText(enc, 'x.env', { keys: keysFrom(id) }), env);
  const theirs = await decryptSops(enc, { secretKey: id, fileType: 'env' });
  assert.equal(theirs, { A: '1', B: 'hello world', C: 'x=y', MULTI: 'line1\nline2', D_unencrypted: 'clear' });
});

test('INI and binary round trip with the MAC verified', async () => {
  const { id, rcpt } = await identity();
  const ini = '[db]\nuser = admin\npassword = s3cret\n\n[app]\nport = 8080\n';
  const encIni = await encryptText(ini, 'x.ini', { recipients: [rcpt] });
  assert.not.match(encIni, /s3cret|admin/);
  assert.match(encIni, /^\[sops\]$/m);
  assert.is(await decryptText(encIni, 'x.ini', { keys: keysFrom(id) }), ini);
  await rejects(
    decryptText(encIni.replace(/^(password = )ENC\[[^\n]*\]$/m, '$1plain'), 'x.ini', { keys: keysFrom(id) }),
    /^x\.ini: db\.password: value is not encrypted/,
  );
  await rejects(decryptText(encIni.replace(/^port = .*\n/m, ''), 'x.ini', { keys: keysFrom(id) }), /sops\.mac: MAC mismatch/);
  const bin = 'raw bytes \u0001 and a newline\n';
  const encBin = await encryptText(bin, 'blob.bin', { recipients: [rcpt] });
  assert.match(encBin, /"data": "ENC\[AES256_GCM/);
  assert.is(await decryptText(encBin, 'blob.bin', { keys: keysFrom(id) }), bin);
});

test('.sops.yaml creation rules: path_regex picks the rule; encrypted_regex + mac_only_encrypted behave like sops', async () => {
  const a = await identity();
  const b = await identity();
  const d = tmp();
  mkdirSync(join(d, 'secrets', 'deep'), { recursive: true });
  writeFileSync(
    join(d, '.sops.yaml'),
    `creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    mac_only_encrypted: true\n    age: ${a.rcpt}\n  - age: >-\n      ${b.rcpt},\n      ${a.rcpt}\n`,
  );
  const file = join(d, 'secrets', 'deep', 's.yaml');
  assert.equal(findCreationRule(file)?.encrypted_regex, '^(data|stringData)$');
  const manifest = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: c2VjcmV0\n';
  const enc = await encryptText(manifest, file, {});
  assert.match(enc, /^ {4}encrypted_regex: "\^\(data\|stringData\)\$"$/m);
  assert.match(enc, /^ {4}mac_only_encrypted: true$/m);
  assert.match(enc, /^ {2}name: db$/m);
  assert.match(enc, /^ {2}password: ENC\[/m);
  assert.is(enc.match(/recipient: /g)!.length, 1);
  assert.equal(parse(await decryptText(enc, file, { keys: keysFrom(a.id) })), parse(manifest));
  // mac_only_encrypted: clear values are outside the MAC (sops semantics); encrypted ones are not.
  assert.ok(await decryptText(enc.replace('name: db', 'name: other'), file, { keys: keysFrom(a.id) }));
  await rejects(decryptText(enc.replace(/^ {2}password: .*\n/m, ''), file, { keys: keysFrom(a.id) }), /sops\.mac: MAC mismatch/);
  const sops = await decryptSops(enc, { secretKey: a.id, fileType: 'yaml' });
  assert.equal(sops, parse(manifest));
  // Any other file takes the second rule: two recipients, default suffix rule.
  const other = await encryptText('token: abc\n', join(d, 'other.yaml'), {});
  assert.is(other.match(/recipient: /g)!.length, 2);
  assert.match(other, /unencrypted_suffix: _unencrypted/);
  assert.is(await decryptText(other, 'other.yaml', { keys: keysFrom(b.id) }), 'token: abc\n');
  // Explicit recipients win over the rule.
  const c = await identity();
  const explicit = await encryptText('token: abc\n', join(d, 'other.yaml'), { recipients: [c.rcpt] });
  await rejects(decryptText(explicit, 'other.yaml', { keys: keysFrom(a.id) }), /none of the 1 age key\(s\) found opens this file/);
});

test('encryption refuses what sops would: already encrypted, reserved sops key, non-string keys, no recipients, bad recipient', async () => {
  const { rcpt } = await identity();
  const enc = await encryptText('a: b\n', 'x.yaml', { recipients: [rcpt] });
  await rejects(encryptText(enc, 'x.yaml', { recipients: [rcpt] }), /x\.yaml: the file is already encrypted with sops/);
  await rejects(encryptText('443: x\n', 'x.yaml', { recipients: [rcpt] }), /x\.yaml: 443: map key is a YAML int, not a string/);
  await rejects(encryptText('a: b\n', tmp() + '/x.yaml', { rules: {} }), /no age recipients to encrypt to/);
  await rejects(encryptText('a: b\n', 'x.yaml', { recipients: ['age1notarecipient'] }), /"age1notarecipient" is not an age recipient/);
  await rejects(encryptText('- a\n- b\n', 'x.yaml', { recipients: [rcpt] }), /lists are not supported by sops/);
  const { id } = await identity();
  const e = await rejects(encryptText('a: b\n', 'x.yaml', { recipients: [id] }), /an age secret key was given where a recipient belongs/);
  assert.not.ok(e.format().includes(id.slice(16, 20)), 'no key material in the message');
  await rejects(encryptText('a: b\n', 'x.yaml', { rules: { key_groups: [{ age: [rcpt] }, { age: [rcpt] }] } }), /several key_groups/);
  const grouped = await encryptText('a: b\n', 'x.yaml', { rules: { key_groups: [{ age: [rcpt] }] } });
  assert.match(grouped, new RegExp(`recipient: ${rcpt}`));
});

test('CLI: encrypt to stdout, encrypt -i keeps the mode, decrypt -o writes 0600; failures exit 1 and change nothing', async () => {
  const { id, rcpt } = await identity();
  const d = tmp();
  const keyFile = join(d, 'keys.txt');
  writeFileSync(keyFile, `# test key\n${id}\n`);
  const f = join(d, 'talenv.yaml');
  writeFileSync(f, 'clusterName: demo\ntoken: s3cr3t-value\n');
  chmodSync(f, 0o640);
  const out = await talgenMain(['encrypt', f, '--age', rcpt]);
  assert.is(out.code, 0, out.stderr);
  assert.match(out.stdout, /^token: ENC\[/m);
  assert.is(readFileSync(f, 'utf8'), 'clusterName: demo\ntoken: s3cr3t-value\n', 'stdout mode leaves the file alone');
  const inPlace = await talgenMain(['encrypt', '-i', f, '--age', rcpt]);
  assert.is(inPlace.code, 0, inPlace.stderr);
  assert.is(statSync(f).mode & 0o777, 0o640);
  assert.not.match(readFileSync(f, 'utf8'), /s3cr3t-value/);
  const before = readFileSync(f, 'utf8');
  const again = await talgenMain(['encrypt', '-i', f, '--age', rcpt]);
  assert.is(again.code, 1);
  assert.match(again.stderr, /already encrypted with sops/);
  assert.is(readFileSync(f, 'utf8'), before);
  const dec = await talgenMain(['decrypt', f], { env: { SOPS_AGE_KEY_FILE: keyFile } });
  assert.is(dec.code, 0, dec.stderr);
  assert.is(dec.stdout, 'clusterName: demo\ntoken: s3cr3t-value\n');
  const o = join(d, 'plain.yaml');
  const dec2 = await talgenMain(['decrypt', f, '-o', o], { env: { SOPS_AGE_KEY_FILE: keyFile } });
  assert.is(dec2.code, 0, dec2.stderr);
  assert.is(statSync(o).mode & 0o777, 0o600);
  assert.is(readFileSync(o, 'utf8'), 'clusterName: demo\ntoken: s3cr3t-value\n');
  // On a terminal (util-linux `script` provides one) the plaintext still prints, after a warning.
  const tty = run('script', ['-qec', `SOPS_AGE_KEY_FILE=${keyFile} ${process.execPath} ${CLI} decrypt ${f}`, '/dev/null']);
  assert.is(tty.code, 0, tty.stderr);
  assert.match(tty.stdout, /warning: printing decrypted secrets to a terminal/);
  assert.match(tty.stdout, /token: s3cr3t-value/);
  assert.not.match(dec.stderr, /warning/);
  const missing = await talgenMain(['decrypt', join(d, 'nope.yaml')]);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /nope\.yaml: cannot read the file/);
  const badType = talgen(['decrypt', f, '--input-type', 'toml']);
  assert.is(badType.code, 2);
});

test('gensecret --encrypt writes a sops file that talgen decrypts back to a secrets bundle', async () => {
  const d = tmp();
  const keyFile = join(d, 'keys.txt');
  return (async () => {
    const { id, rcpt } = await identity();
    writeFileSync(keyFile, `${id}\n`);
    const out = join(d, 'talsecret.sops.yaml');
    const g = await talgenMain(['gensecret', '--encrypt', '--age', rcpt, '-o', out, '--talos-version', 'v1.6']); // v1.6: an ECDSA key, quick to make
    assert.is(g.code, 0, g.stderr);
    assert.match(readFileSync(out, 'utf8'), /^sops:$/m);
    const dec = await talgenMain(['decrypt', out], { env: { SOPS_AGE_KEY_FILE: keyFile } });
    assert.is(dec.code, 0, dec.stderr);
    const bundle = parse(dec.stdout) as { cluster: { id: string }; certs: { os: { key: string } } };
    assert.ok(bundle.cluster.id.length > 20);
    assert.ok(bundle.certs.os.key.length > 20);
  })();
});

test.run();
