import { readFileSync } from 'node:fs';
import { formats } from './formats.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { TalgenError } from '../core/errors.js';
import { issueText, type Issue } from '../core/issue.js';
import { didYouMean } from '../model/suggest.js';
import type { LoadedYaml, PathPart } from '../load/yaml.js';

const SCHEMA_URL = new URL('../../../schemas/talconfig.schema.json', import.meta.url);

let validator: ValidateFunction | undefined;
let schemaCache: Record<string, unknown> | undefined;

export function talconfigSchema(): Record<string, unknown> {
  schemaCache ??= JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
  return schemaCache;
}

/**
 * The validator precompiled at build time (scripts/build-talconfig-validator.mjs); compiling the schema with ajv
 * at run time is the fallback (e.g. when running from sources).
 */
async function compiled(): Promise<ValidateFunction> {
  if (!validator) {
    try {
      const mod = (await import(new URL('./validator.generated.js', import.meta.url).href)) as { default: ValidateFunction };
      validator = mod.default;
    } catch (e) {
      // Only a missing build artefact (running from sources) falls back to compiling now.
      if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !String((e as Error).message).includes('validator.generated')) throw e;
      const { Ajv2020 } = await import('ajv/dist/2020.js');
      const { patternEngine } = await import('./pattern-engine.js');
      const ajv = new Ajv2020({ allErrors: true, strict: false, code: { regExp: patternEngine } });
      for (const [name, fn] of Object.entries(formats)) ajv.addFormat(name, fn);
      validator = ajv.compile(talconfigSchema());
    }
  }
  return validator;
}

function parts(instancePath: string): PathPart[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function dotted(path: PathPart[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

type Schema = Record<string, unknown>;

/** The sub-schema of the value at `path` ($refs followed), if the schema describes it. */
function schemaAt(schema: Schema, path: PathPart[]): Schema | undefined {
  const defs = schema.$defs as Record<string, Schema>;
  const deref = (s: Schema | undefined) => (s?.$ref ? defs[String(s.$ref).split('/').pop()!] : s);
  let s: Schema | undefined = schema;
  for (const p of path) {
    s = deref(s);
    s = typeof p === 'number' ? (s?.items as Schema | undefined) : (s?.properties as Record<string, Schema> | undefined)?.[p];
  }
  return deref(s);
}

/** Where a field named `name` exists below the mapping at `path` (a key written one level too high), e.g. `customization.extraKernelArgs`. */
function nestedField(schema: Schema, path: PathPart[], name: string): string | undefined {
  const props = (schemaAt(schema, path)?.properties ?? {}) as Record<string, Schema>;
  for (const child of Object.keys(props)) {
    if (Object.keys((schemaAt(schema, [...path, child])?.properties as object) ?? {}).includes(name)) return `${child}.${name}`;
  }
  return undefined;
}

/** "did you mean" for an unknown key: a close sibling name, else the same name one level down. */
function unknownKeyHint(schema: Schema, path: PathPart[], name: string): string | undefined {
  const close = didYouMean(name, Object.keys((schemaAt(schema, path)?.properties as object) ?? {}));
  if (close) return close;
  const nested = nestedField(schema, path, name);
  return nested ? `did you mean "${nested}"?` : undefined;
}

/**
 * JSON Schema validation of a talconfig, errors in source order with file:line:col and hints.
 * The schema closes every mapping whose fields talhelper fixes (`additionalProperties: false`, so editors flag
 * typos); here those findings are unknown-field warnings (real repos park YAML anchors under free keys; talhelper's
 * go-yaml Unmarshal ignores unknown fields at every depth) unless `strict`, and are removed from `doc.value` so
 * nothing renders them.
 */
export async function validateTalconfig(doc: LoadedYaml, opts: { strict?: boolean } = {}): Promise<Issue[]> {
  const fn = await compiled();
  const findings: Issue[] = [];
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [
      {
        severity: 'error',
        message: 'talconfig must be a mapping',
        hint: 'talconfig.yaml maps clusterName, endpoint, nodes, …; "talgen init" writes a starter',
        at: { file: doc.file, line: 1, col: 1 },
      },
    ];
  }
  const unknown: PathPart[][] = [];
  if (!fn(value)) {
    const seen = new Set<string>();
    for (const e of fn.errors as ErrorObject[]) {
      if (['if', 'anyOf', 'oneOf', 'allOf'].includes(e.keyword)) continue;
      const path = parts(e.instancePath);
      let message = e.message ?? e.keyword;
      let hint: string | undefined;
      let severity: Issue['severity'] = 'error';
      let at = path;
      if (e.keyword === 'additionalProperties') {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        at = [...path, extra];
        unknown.push(at);
        message = 'unknown field (ignored)';
        hint = unknownKeyHint(talconfigSchema(), path, extra);
        severity = opts.strict ? 'error' : 'warning';
      } else if (e.keyword === 'required') {
        const miss = (e.params as { missingProperty: string }).missingProperty;
        message = `missing required field "${miss}"`;
        hint = `add ${miss}: here (talgen genschema lists every field)`;
      } else if (e.keyword === 'enum') {
        message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
      } else if (e.keyword === 'format') {
        const f = (e.params as { format: string }).format;
        // $defs/ipAddress is anyOf ipv4/ipv6: both branches fail with the same message, reported once.
        message = f === 'ipv4' || f === 'ipv6' ? 'is not a valid IP address' : `must be a ${f}`;
        hint = f === 'ipv4' || f === 'ipv6' ? 'an IPv4 or IPv6 address without a prefix length, e.g. 10.0.0.11' : undefined;
      } else if (e.keyword === 'pattern' && e.schemaPath === '#/$defs/cidr/pattern') {
        message = 'is not a valid CIDR (e.g. 10.244.0.0/16)';
        hint = 'an address, "/" and the prefix length';
      } else if (e.keyword === 'type') {
        message = `must be ${(e.params as { type: string }).type}`;
      } else if (e.keyword === 'pattern') {
        const field = String(path[path.length - 1]);
        message = `"${String(path.reduce<unknown>((o, p) => (o as Record<string | number, unknown>)?.[p], value))}" is not a valid ${field}`;
        if (field === 'hostname') {
          const v = String(path.reduce<unknown>((o, p) => (o as Record<string | number, unknown>)?.[p], value));
          hint = /[/\\]/.test(v)
            ? 'a hostname names the output file: a path separator would write outside the output directory'
            : 'hostnames are DNS names: letters, digits, "-" and "." (no "/" or spaces)';
        }
        if (path[path.length - 2] === 'nodeTaints') hint = 'a taint is value:Effect or Effect, Effect one of NoSchedule, PreferNoSchedule, NoExecute';
        if (field === 'endpoint') hint = 'use https://<host or VIP>:6443';
        if (field === 'talosImageURL') hint = 'no tag or digest: talgen appends :<talosVersion>';
      }
      hint ??= SCHEMA_HINT;
      const key = `${dotted(at)}|${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({ severity, message, hint, at: { ...doc.positionOf(at, e.keyword === 'additionalProperties'), path: dotted(at) } });
    }
  }
  for (const path of unknown) {
    const parent = path.slice(0, -1).reduce<unknown>((o, p) => (o as Record<string | number, unknown> | undefined)?.[p], value) as
      | Record<string, unknown>
      | undefined;
    if (parent && typeof parent === 'object') delete parent[String(path[path.length - 1])];
  }
  return findings;
}

/** For a schema finding without a hint of its own: where the field's type and values are written down. */
const SCHEMA_HINT = "talconfig.yaml's JSON Schema (talgen genschema) gives each field's type and values";

/** Throw the first error as a TalgenError (the rest listed), return the warnings. */
export function assertValid(issues: Issue[]): Issue[] {
  const errors = issues.filter((f) => f.severity === 'error');
  if (errors.length) {
    const [first, ...rest] = errors;
    // A group setting merged into several nodes gives the same finding once per node: list it once.
    const others = [...new Set(rest.map(issueText))].filter((t) => t !== issueText(first!));
    const more = others.length ? `\n${others.map((t) => `  also: ${t}`).join('\n')}` : '';
    throw new TalgenError(`${first!.message}${more}`, { ...first!.at, hint: first!.hint });
  }
  return issues.filter((f) => f.severity === 'warning');
}
