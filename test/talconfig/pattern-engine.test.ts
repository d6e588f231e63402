import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { patternEngine, topLevelAlternatives } from '../../src/talconfig/pattern-engine.js';
import { talconfigSchema } from '../../src/talconfig/validate.js';

// The talconfig validator's regexp engine splits `^(?:A|B)$` into alternatives compiled on first use: it must
// accept exactly what the pattern as one RegExp accepts.

function schemaPatterns(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) schemaPatterns(n, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === 'pattern' && typeof v === 'string') out.push(v);
      else schemaPatterns(v, out);
    }
  return out;
}

const PATTERNS = [...new Set(schemaPatterns(talconfigSchema()))];
const CIDR = (talconfigSchema().$defs as Record<string, { pattern: string }>).cidr!.pattern;

const SAMPLES = [
  '10.244.0.0/16',
  '0.0.0.0/0',
  '255.255.255.255/32',
  '10.0.0.1/33',
  '256.0.0.0/8',
  '10.0.0/8',
  'fd00::/8',
  '::/0',
  '::ffff:10.0.0.1/128',
  '2001:db8::1/129',
  'fe80::1%eth0/64',
  '1:2:3:4:5:6:7:8/64',
  '1:2:3:4:5:6:7:8:9/64',
  '1::2::3/64',
  '10.0.0.1',
  'v1.13.9',
  '1.13',
  'v1.13.9-rc.1',
  'https://10.0.0.1:6443',
  'node-role.kubernetes.io/control-plane:NoSchedule',
  'NoExecute',
  '/var/lib',
  'user@host',
  'cp1.example.com',
  '-bad-',
  '',
  ' 10.0.0.0/8',
  '10.0.0.0/8\n',
];

test('the CIDR pattern splits into its IPv4 and IPv6 alternatives; other shapes stay whole', () => {
  const parts = topLevelAlternatives(CIDR);
  assert.is(parts?.length, 2, CIDR);
  const first = new RegExp(`^(?:${parts![0]})$`, 'u');
  assert.ok(first.test('10.244.0.0/16') && !first.test('fd00::/8'), 'the IPv4 alternative comes first');
  assert.equal(topLevelAlternatives('^(?:a|b(c|d)|[|]|\\|)$'), ['a', 'b(c|d)', '[|]', '\\|']);
  assert.is(topLevelAlternatives('^(?:a)|(?:b)$'), undefined, 'two groups, not one');
  assert.is(topLevelAlternatives('^(?:a|b)'), undefined, 'not anchored at the end');
  assert.is(topLevelAlternatives('^(?:(a)|\\1b)$'), undefined, 'a backreference keeps the pattern whole');
  assert.is(topLevelAlternatives('^(?:ab)$'), undefined, 'one alternative');
  assert.is(topLevelAlternatives('^(?:[)|]x|y)$')?.length, 2, 'a bracket inside a class does not count');
});

test('every talconfig pattern accepts through the engine exactly what it accepts as one RegExp', () => {
  for (const p of PATTERNS) {
    const whole = new RegExp(p, 'u');
    const engine = patternEngine(p, 'u');
    for (const s of SAMPLES) assert.is(engine.test(s), whole.test(s), `${JSON.stringify(s)} against /${p}/`);
  }
  const chars = fc.constantFrom(...'0123456789abcdefABCDEF:./%xv-'.split(''));
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 45 }), (cs) => {
      const s = cs.join('');
      return patternEngine(CIDR, 'u').test(s) === new RegExp(CIDR, 'u').test(s);
    }),
    { seed: 11, numRuns: 3000 },
  );
});

test('ajv keeps each pattern apart (it keys compiled patterns by their text)', () => {
  const ajv = new Ajv2020({ strict: false, code: { regExp: patternEngine } });
  const validate = ajv.compile({
    type: 'object',
    properties: { a: { type: 'string', pattern: '^(?:x|y)$' }, b: { type: 'string', pattern: '^(?:p|q)$' } },
  });
  assert.ok(validate({ a: 'y', b: 'p' }));
  assert.not.ok(validate({ a: 'p', b: 'p' }));
  assert.not.ok(validate({ a: 'x', b: 'y' }));
});

test.run();
