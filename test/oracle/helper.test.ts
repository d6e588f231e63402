import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { oracleAvailable, oracleBatch, oraclePatch, oracleQueue, oracleRoundTrip, oracleValidation } from '../helpers/oracle.js';
import { generatedBase } from './patch-cases.js';

// The oracle's own contract: unpinned contracts are unavailable, refusals are results, usage errors throw; a batch
// answers as the single commands do.

const MINIMAL = 'version: v1alpha1\nmachine:\n    type: worker\ncluster: {}\n';

test('a contract without a pinned release is unavailable', () => {
  assert.is(oracleAvailable('v1.4'), false);
  assert.is(oracleAvailable('v9.99'), false);
});

test('oracle v1.13: refusals come back as { ok: false, error } with Talos’s message', () => {
  if (!oracleAvailable('v1.13')) {
    console.log('  skipped: no Talos oracle for v1.13 (needs Go; see scripts/build-oracle.sh)');
    return;
  }
  // fields without omitempty are printed with their zero values
  const zeroes = 'version: v1alpha1\nmachine:\n    type: worker\n    token: ""\n    certSANs: []\ncluster:\n    controlPlane: null\n';
  assert.equal(oracleRoundTrip('v1.13', MINIMAL), { ok: true, out: zeroes });
  const unknown = oracleRoundTrip('v1.13', `${MINIMAL}bogus: 1\n`);
  assert.ok(!unknown.ok && unknown.error.includes('unknown keys found during decoding'));
  const badPatch = oraclePatch('v1.13', MINIMAL, ['machine:\n  notAField: 1\n']);
  assert.ok(!badPatch.ok && badPatch.error.includes('notAField'));
  const metal = oracleValidation('v1.13', 'metal', MINIMAL);
  assert.ok(!metal.ok && metal.error.includes('install instructions are required in "metal" mode'));
  assert.throws(() => oracleValidation('v1.13', 'space', MINIMAL), /exited 2/);
});

const EXTENSIONS = 'machine:\n  install:\n    extensions: [{image: ghcr.io/siderolabs/iscsi-tools:v0.1.4}]\n';

test('oracle v1.13: a batch answers every request, in order, as the single commands do', () => {
  if (!oracleAvailable('v1.13')) {
    console.log('  skipped: no Talos oracle for v1.13 (needs Go; see scripts/build-oracle.sh)');
    return;
  }
  const base = generatedBase('v1.13');
  const deprecated = oraclePatch('v1.13', base, [EXTENSIONS]);
  assert.ok(deprecated.ok);
  const config = deprecated.out;
  // a warning on a valid config, and warnings beside the errors of an invalid one (stderr: warnings first)
  const warned = oracleValidation('v1.13', 'cloud', config);
  const refused = oracleValidation('v1.13', 'metal', config);
  const single = [
    oracleRoundTrip('v1.13', MINIMAL),
    oracleRoundTrip('v1.13', `${MINIMAL}bogus: 1\n`),
    oraclePatch('v1.13', MINIMAL, ['machine:\n  notAField: 1\n']),
    deprecated,
    warned,
    refused,
    oracleValidation('v1.13', 'container', MINIMAL),
  ];
  const batch = oracleBatch('v1.13', [
    { op: 'roundtrip', config: MINIMAL },
    { op: 'roundtrip', config: `${MINIMAL}bogus: 1\n` },
    { op: 'patch', config: MINIMAL, patches: ['machine:\n  notAField: 1\n'] },
    { op: 'patch', config: base, patches: [EXTENSIONS] },
    { op: 'validate', mode: 'cloud', config },
    { op: 'validate', mode: 'metal', config },
    { op: 'validate', mode: 'container', config: MINIMAL },
  ]);
  assert.equal(batch, single);
  assert.ok(warned.ok && warned.warnings.length === 1 && warned.warnings[0]!.startsWith('.machine.install.extensions is deprecated'));
  assert.ok(!refused.ok && !refused.error.includes('deprecated'), 'a failing validation reports its errors alone');
  // --strict: the warning is an error
  const [strict] = oracleBatch('v1.13', [{ op: 'validate', mode: 'cloud', strict: true, config }]);
  assert.ok(!strict!.ok && strict!.error.includes('warning: .machine.install.extensions is deprecated'));
});

test('oracle v1.13: a malformed batch request throws; an empty batch spawns nothing', () => {
  if (!oracleAvailable('v1.13')) {
    console.log('  skipped: no Talos oracle for v1.13 (needs Go; see scripts/build-oracle.sh)');
    return;
  }
  assert.throws(
    () =>
      oracleBatch('v1.13', [
        { op: 'roundtrip', config: MINIMAL },
        { op: 'validate', mode: 'space', config: MINIMAL },
      ]),
    /exited 2.*request 2: unknown runtime mode "space"/s,
  );
  assert.throws(() => oracleBatch('v1.13', [{ op: 'patch', config: MINIMAL, patches: [] }]), /request 1: patch expects at least one patch/);
  assert.equal(oracleBatch('v9.99', []), []);
});

test('oracle v1.13: a queue answers each request asked, one batch per contract, again after a batch', () => {
  if (!oracleAvailable('v1.13')) {
    console.log('  skipped: no Talos oracle for v1.13 (needs Go; see scripts/build-oracle.sh)');
    return;
  }
  const ask = oracleQueue();
  const roundTrip = ask('v1.13', { op: 'roundtrip', config: MINIMAL });
  const invalid = ask('v1.13', { op: 'validate', mode: 'metal', config: MINIMAL });
  const unavailable = ask('v9.99', { op: 'roundtrip', config: MINIMAL });
  assert.equal(roundTrip(), oracleRoundTrip('v1.13', MINIMAL));
  assert.equal(invalid(), oracleValidation('v1.13', 'metal', MINIMAL));
  const later = ask('v1.13', { op: 'roundtrip', config: `${MINIMAL}bogus: 1\n` });
  assert.equal(later(), oracleRoundTrip('v1.13', `${MINIMAL}bogus: 1\n`));
  // a contract without an oracle throws on every answer
  assert.throws(unavailable, /not available/);
  assert.throws(unavailable, /not available/);
});

test.run();
