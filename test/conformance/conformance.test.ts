import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { needConformance } from '../helpers/shared.js';
import { suites } from './suites.js';

// The same suites `npm run conformance` summarises, as tests: every case must pass.
if (needConformance('conformance suites')) {
  for (const suite of suites) {
    test(`conformance suite ${suite.name}`, async () => {
      const results = await suite.run();
      const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`);
      assert.equal(failed, [], failed.join('\n'));
      assert.ok(results.length > 0);
    });
  }
}

test.run();
