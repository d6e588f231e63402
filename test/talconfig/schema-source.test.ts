import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadedTalconfigSchema } from '../../src/talconfig/validate.js';

// A file of its own: nothing here reads the schema file before the validator is loaded.
test('decoding uses the schema the precompiled validator carries, which is the file key for key', async () => {
  const decoding = await loadedTalconfigSchema();
  const generated = (await import(new URL('../../src/talconfig/validator.generated.js', import.meta.url).href)) as { schema: unknown };
  assert.is(decoding, generated.schema, "the validator module's object, not a second parse of the file");
  const file = readFileSync(new URL('../../../schemas/talconfig.schema.json', import.meta.url), 'utf8');
  assert.is(JSON.stringify(generated.schema), JSON.stringify(JSON.parse(file)));
});

test.run();
