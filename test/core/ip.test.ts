import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as net from 'node:net';
import { isIP, isIPv4, isIPv6 } from '../../src/core/ip.js';
import { seededRandom } from '../helpers/random.js';

const CASES = [
  '',
  '0.0.0.0',
  '1.2.3.4',
  '255.255.255.255',
  '256.1.1.1',
  '01.2.3.4',
  '1.2.3',
  '1.2.3.4.5',
  ' 1.2.3.4',
  '1.2.3.4\n',
  '1.2.3.4/24',
  '１.2.3.4',
  '::',
  '::1',
  '::ffff:1.2.3.4',
  'fe80::1%eth0',
  '2001:db8::',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  '[::1]',
  ':',
  'a:b',
  'example.com',
];

/**
 * Deterministic strings (a linear congruential generator): characters of addresses in any order, and dotted
 * numbers of 3–5 parts from 0 to 299, some with leading zeros.
 */
function randomStrings(n: number): string[] {
  const alphabet = '0123456789.:abcdef%/ ';
  const random = seededRandom(11);
  const next = () => random(2 ** 19);
  const part = () => `${next() % 8 === 0 ? '0' : ''}${next() % 300}`;
  return Array.from({ length: n }, (_, i) =>
    i % 2
      ? Array.from({ length: 3 + (next() % 3) }, part).join('.')
      : Array.from({ length: 1 + (next() % 24) }, () => alphabet[next() % alphabet.length]).join(''),
  );
}

test('isIP/isIPv4/isIPv6 answer as node:net does', () => {
  const strings = [...CASES, ...randomStrings(20_000)];
  let v4 = 0;
  let v6 = 0;
  for (const s of strings) {
    assert.is(isIPv4(s), net.isIPv4(s), `isIPv4(${JSON.stringify(s)})`);
    assert.is(isIPv6(s), net.isIPv6(s), `isIPv6(${JSON.stringify(s)})`);
    assert.is(isIP(s), net.isIP(s), `isIP(${JSON.stringify(s)})`);
    if (net.isIPv4(s)) v4++;
    if (net.isIPv6(s)) v6++;
  }
  assert.ok(v4 > 1000 && v6 > 10, `the strings hold addresses of both families (${v4} IPv4, ${v6} IPv6)`);
});

test.run();
