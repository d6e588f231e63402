import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { resolvePlain } from '../../src/sops/goyaml.js';
import { decryptLeaf, encryptLeaf, goFloatF, leafBytes, type Leaf } from '../../src/sops/value.js';

test('plain YAML scalars are typed the way go-yaml v3 (and so sops) reads them', () => {
  const rows: [string, unknown][] = [
    ['0777', { type: 'int', value: 511n }],
    ['0o17', { type: 'int', value: 15n }],
    ['0x1F', { type: 'int', value: 31n }],
    ['0b101', { type: 'int', value: 5n }],
    ['1_000', { type: 'int', value: 1000n }],
    ['+12', { type: 'int', value: 12n }],
    ['-7', { type: 'int', value: -7n }],
    ['08', { type: 'float', value: 8 }],
    ['1.50', { type: 'float', value: 1.5 }],
    ['1e3', { type: 'float', value: 1000 }],
    ['.5', { type: 'float', value: 0.5 }],
    ['-.inf', { type: 'float', value: -Infinity }],
    ['True', { type: 'bool', value: true }],
    ['FALSE', { type: 'bool', value: false }],
    ['yes', { type: 'str', value: 'yes' }],
    ['on', { type: 'str', value: 'on' }],
    ['2001-12-14', { type: 'str', value: '2001-12-14' }],
    ['1.2.3', { type: 'str', value: '1.2.3' }],
    ['~', { type: 'null' }],
    ['', { type: 'null' }],
    ['Null', { type: 'null' }],
  ];
  for (const [src, want] of rows) assert.equal(resolvePlain(src), want, src);
  assert.throws(() => resolvePlain('9223372036854775808'), /int64/);
});

test("Go FormatFloat(f, 'f', -1, 64) and the sops bytes of typed leaves", () => {
  assert.is(goFloatF(1e21), '1000000000000000000000');
  assert.is(goFloatF(1e-7), '0.0000001');
  assert.is(goFloatF(-0), '-0');
  assert.is(goFloatF(1234568000), '1234568000');
  assert.is(goFloatF(Infinity), '+Inf');
  assert.is(leafBytes({ type: 'bool', value: true }).toString(), 'True');
  assert.is(leafBytes({ type: 'int', value: 9223372036854775807n }).toString(), '9223372036854775807');
});

test('ENC values round-trip every type; the AAD binds a value to its path', () => {
  const key = randomBytes(32);
  const leaves: Leaf[] = [
    { type: 'str', value: 'héllo\nworld' },
    { type: 'int', value: -9223372036854775808n },
    { type: 'float', value: 0.1 },
    { type: 'bool', value: false },
    { type: 'comment', value: ' a comment' },
  ];
  for (const l of leaves) {
    const enc = encryptLeaf(l, key, 'a:b:');
    assert.match(enc, new RegExp(`^ENC\\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]{44},tag:[A-Za-z0-9+/=]{24},type:${l.type}\\]$`));
    assert.equal(decryptLeaf(enc, key, 'a:b:'), l);
    assert.throws(() => decryptLeaf(enc, key, 'a:c:'), /authentication failed/);
    assert.throws(() => decryptLeaf(enc, randomBytes(32), 'a:b:'), /authentication failed/);
  }
});

test.run();
