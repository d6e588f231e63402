import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateConfig } from '../../src/generate/index.js';
import { encodeDocuments } from '../../src/emit/goyaml.js';
import { needConformance } from '../helpers/shared.js';
import { stabilityCases } from './stability-cases.js';

if (needConformance("generator against Talos's stability goldens")) {
  for (const c of stabilityCases().filter((x) => x.variant === 'base')) {
    test(`generator reproduces stability/${c.name} byte for byte`, () => {
      const out = encodeDocuments(generateConfig(c.input, c.type), { indent: 4 });
      assert.fixture(out, c.expected);
    });
  }
}

test.run();
