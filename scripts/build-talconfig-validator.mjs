#!/usr/bin/env node
// Build step: compile schemas/talconfig.schema.json with ajv once, into a standalone ES module
// (dist/src/talconfig/validator.generated.js), so genconfig does not pay ajv's compile time on every run.
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { _ } from 'ajv';
import { transformSync } from 'esbuild';

const schema = withoutAnnotations(JSON.parse(readFileSync(new URL('../schemas/talconfig.schema.json', import.meta.url), 'utf8')));
/**
 * The schema without the keywords that only annotate (descriptions for editors, titles, vendor `x-` keys): ajv's
 * output embeds the schema objects its code reads (property tables, enums), and the annotations were a third of that
 * text, which the bin reads and compiles on every talconfig run. Validation and its messages do not read them.
 * Property names are kept whatever they are (a property may be called `description`).
 */
function withoutAnnotations(node) {
  const ANNOTATIONS = new Set(['title', 'description', 'markdownDescription', 'examples', '$comment', 'deprecated']);
  const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
  const SCHEMAS = [
    'items',
    'additionalProperties',
    'not',
    'if',
    'then',
    'else',
    'contains',
    'propertyNames',
    'unevaluatedProperties',
    'unevaluatedItems',
    'additionalItems',
  ];
  const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    if (SCHEMA_MAPS.includes(key)) out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, withoutAnnotations(sub)]));
    else if (SCHEMAS.includes(key)) out[key] = Array.isArray(value) ? value.map(withoutAnnotations) : withoutAnnotations(value);
    else if (SCHEMA_LISTS.includes(key)) out[key] = value.map(withoutAnnotations);
    else out[key] = value;
  }
  return out;
}

const { formats } = await import(new URL('../dist/src/talconfig/formats.js', import.meta.url).href);
const { patternEngine } = await import(new URL('../dist/src/talconfig/pattern-engine.js', import.meta.url).href);
const ajv = new Ajv2020({ allErrors: true, strict: false, code: { source: true, esm: true, formats: _`__formats`, regExp: patternEngine } });
for (const [name, fn] of Object.entries(formats)) ajv.addFormat(name, fn);
const validate = ajv.compile(schema);
const code = standaloneCode.default ? standaloneCode.default(ajv, validate) : standaloneCode(ajv, validate);
const out = new URL('../dist/src/talconfig/validator.generated.js', import.meta.url);
// ajv's ESM output still uses require() for its runtime helpers; turn those into imports.
const helpers = new Map();
const esm = code.replace(/require\("(ajv\/dist\/runtime\/[\w]+)"\)(\.default)?/g, (_m, mod) => {
  if (!helpers.has(mod)) helpers.set(mod, `__rt${helpers.size}`);
  return helpers.get(mod);
});
const imports = [...helpers].map(([mod, name]) => `import ${name}Module from '${mod}.js';\nconst ${name} = ${name}Module.default ?? ${name}Module;\n`).join('');
// Whitespace and syntax minified (names kept): the bin loads this file on every talconfig run, and less text is
// less for V8 to scan at start-up.
const source = `import { formats as __formats } from './formats.js';\nimport { patternEngine as ${patternEngine.code} } from './pattern-engine.js';\n${imports}${esm}\n`;
writeFileSync(out, transformSync(source, { format: 'esm', minifyWhitespace: true, minifySyntax: true, legalComments: 'none' }).code);
