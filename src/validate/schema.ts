import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ValidateFunction, ErrorObject } from 'ajv/dist/2020.js';
import { docSchemaFor, kindSinceUnmet, type DocSchema } from '../model/registry.js';
import { contractName, type Contract } from '../core/contract.js';
import { docId, type ValidationIssue } from './issues.js';

/** Validators precompiled at build time (scripts/build-talos-validators.mjs), one CommonJS module per kind. */
const PRECOMPILED = new URL('../../../dist/talos-validators/', import.meta.url);
const require = createRequire(import.meta.url);
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The precompiled validator of one schema file; undefined when the build artefact is missing (running from sources). */
function precompiled(file: string): ValidateFunction | undefined {
  try {
    return require(fileURLToPath(new URL(file.replace(/\.schema\.json$/, '.cjs'), PRECOMPILED))) as ValidateFunction;
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes('talos-validators')) return undefined;
    throw e;
  }
}

/** Compiling with ajv at run time is the fallback; ajv's compiler is loaded only then. */
function compile(s: DocSchema): ValidateFunction {
  if (!ajv) {
    const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  }
  return ajv.compile(s.root);
}

function validatorFor(s: DocSchema): ValidateFunction {
  let fn = compiled.get(s.file);
  if (!fn) {
    fn = precompiled(s.file) ?? compile(s);
    compiled.set(s.file, fn);
  }
  return fn;
}

function toJSON(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), toJSON(x)]));
  if (Array.isArray(v)) return v.map(toJSON);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJSON(x)]));
  return v;
}

function pathOf(e: ErrorObject): string {
  const parts = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'additionalProperties') parts.push(String((e.params as { additionalProperty: string }).additionalProperty));
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function messageOf(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return 'unknown field';
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? e.keyword;
}

/** Why a document kind is newer than the contract (Talos of that release does not know it), if it is. */
function kindTooNew(s: DocSchema, contract: Contract): string | undefined {
  const since = kindSinceUnmet(s, contract);
  return since ? `${s.kind} needs Talos ${since} or newer` : undefined;
}

/**
 * The documents of a kind newer than the contract, as warnings: genconfig renders them as talhelper does (its
 * Talos machinery knows every kind), but a node running the cluster's Talos release refuses the config.
 */
export function newerKindWarnings(docs: unknown[], contract: Contract): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const doc of docs) {
    const d = (doc instanceof Map ? Object.fromEntries(doc) : doc) as Record<string, unknown>;
    const s = docSchemaFor(d);
    const tooNew = s && kindTooNew(s, contract);
    if (tooNew)
      issues.push({
        severity: 'warning',
        doc: docId(d),
        path: 'kind',
        rule: 'contract',
        message: `${tooNew}: nodes running Talos ${contractName(contract)} refuse this config`,
      });
  }
  return issues;
}

/** JSON Schema validation of each document against talgen's model for its kind and contract. */
export function validateSchema(docs: unknown[], contract?: Contract): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const doc of docs) {
    const d = (doc instanceof Map ? Object.fromEntries(doc) : doc) as Record<string, unknown>;
    const id = docId(d);
    const s = docSchemaFor(d);
    if (!s) {
      issues.push({ severity: 'error', doc: id, path: 'kind', rule: 'schema', message: `unknown document kind "${String(d.kind)}"` });
      continue;
    }
    const tooNew = contract && kindTooNew(s, contract);
    if (tooNew) issues.push({ severity: 'error', doc: id, path: 'kind', rule: 'contract', message: tooNew });
    const fn = validatorFor(s);
    if (!fn(toJSON(d))) {
      for (const e of fn.errors ?? []) {
        if (e.keyword === 'if' || e.keyword === 'oneOf' || e.keyword === 'anyOf') continue;
        issues.push({ severity: 'error', doc: id, path: pathOf(e), rule: 'schema', message: messageOf(e) });
      }
    }
  }
  return issues;
}
