import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contractName, parseContract, SUPPORTED_CONTRACTS, LATEST_CONTRACT } from '../../src/core/contract.js';
import { CONTRACT_TRAITS, DEFAULT_CONTRACT, RELEASES, releaseOf, traitsOf, type TraitName } from '../../src/core/contract-traits.js';
import { TalgenError } from '../../src/core/errors.js';

const on = (v: string): TraitName[] => (Object.entries(traitsOf(parseContract(v))) as [TraitName, boolean][]).filter(([, x]) => x).map(([t]) => t);

test('supported contracts run from v1.3 to v1.15; every trait bound is one of them', () => {
  assert.equal(SUPPORTED_CONTRACTS.map(contractName), [
    'v1.3',
    'v1.4',
    'v1.5',
    'v1.6',
    'v1.7',
    'v1.8',
    'v1.9',
    'v1.10',
    'v1.11',
    'v1.12',
    'v1.13',
    'v1.14',
    'v1.15',
  ]);
  assert.is(contractName(LATEST_CONTRACT), 'v1.15');
  const names = SUPPORTED_CONTRACTS.map(contractName);
  for (const [trait, span] of Object.entries(CONTRACT_TRAITS)) {
    for (const b of [span.since, span.until]) if (b) assert.ok(names.includes(b), `${trait}: ${b}`);
  }
});

test('v1.3 and v1.4 have the same traits; v1.5 adds only diskQuotaSupport; v1.15 changes nothing over v1.14', () => {
  assert.equal(on('v1.3'), on('v1.4'));
  const minus = (a: TraitName[], b: TraitName[]) => a.filter((t) => !b.includes(t));
  assert.equal(minus(on('v1.5'), on('v1.4')), ['diskQuotaSupport']);
  assert.equal(minus(on('v1.4'), on('v1.5')), []);
  assert.equal(on('v1.15'), on('v1.14'));
  assert.ok(on('v1.4').includes('legacyFeatureFlags') && !on('v1.4').includes('kubePrism'));
});

test('releases: v1.3/v1.4 defaults from their last tags; v1.15 has none and says which setting to give', () => {
  assert.equal(releaseOf(parseContract('v1.3')), { talos: 'v1.3.7', kubernetes: '1.26.3' });
  assert.equal(releaseOf(parseContract('v1.4')), { talos: 'v1.4.8', kubernetes: '1.27.4' });
  assert.is(RELEASES['v1.15'], undefined);
  try {
    releaseOf(parseContract('v1.15'), { path: 'kubernetesVersion' });
    assert.unreachable('v1.15 has no release');
  } catch (e) {
    assert.instance(e, TalgenError);
    assert.match((e as TalgenError).format(), /^kubernetesVersion: Talos v1\.15 has no release yet[\s\S]*hint: set this value explicitly$/);
  }
  assert.is(contractName(DEFAULT_CONTRACT), 'v1.14', 'the default is the newest contract with a release');
});

test.run();
