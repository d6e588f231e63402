#!/usr/bin/env node
// Build step: compile every schemas/talos/*.schema.json with ajv once, into standalone CommonJS modules
// (dist/talos-validators/<Kind>.cjs), so `validate nodeconfig` loads a validator instead of compiling the schema
// on every run. The options are the ones src/validate/schema.ts uses when it compiles at run time.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';

const SCHEMAS = new URL('../schemas/talos/', import.meta.url);
const OUT = new URL('../dist/talos-validators/', import.meta.url);
const standalone = standaloneCode.default ?? standaloneCode;

mkdirSync(OUT, { recursive: true });
for (const file of readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json'))) {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, code: { source: true } });
  const validate = ajv.compile(JSON.parse(readFileSync(new URL(file, SCHEMAS), 'utf8')));
  writeFileSync(new URL(file.replace(/\.schema\.json$/, '.cjs'), OUT), standalone(ajv, validate));
}
