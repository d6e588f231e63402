/**
 * Structure-aware inputs: values that follow talgen's own schemas (talconfig.yaml's JSON Schema, the Talos document
 * schemas) with a share of type-confused and hostile scalars, RFC 6902 operations over real config paths, env
 * files, and Go templates from the grammar and the function map talgen registers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { BUILTINS } from '../../src/template/builtins.js';
import { sprigFuncs } from '../../src/template/sprig/index.js';
import { ROOT } from '../helpers/shared.js';
import { aliasBomb, nesting, TOKENS } from './mutate.js';

type Schema = Record<string, unknown>;

/** Scalars that each of talgen's decoders must take or refuse cleanly. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    2 ** 53,
    -(2 ** 63),
    1e308,
    0.1,
    '',
    ' ',
    'yes',
    'off',
    '0o777',
    '0x10',
    '1e400',
    '99999999999999999999999',
    '\ud800',
    '\u0000',
    '😀',
    '-',
    '~',
    '.inf',
    '@/dev/zero',
    '@./missing',
    '@.',
    '${UNSET}',
    '{{ .Missing.Field }}',
    '{{',
    'a\nb',
    '1.10',
    '-0',
  ),
  fc.constantFrom(...TOKENS),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.bigInt().map(String),
);

/** Property names anywhere in a schema (for hostile RFC 6902 paths). */
export function propertyNames(schema: Schema): string[] {
  const names = new Set<string>();
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    const o = n as Schema;
    if (o.properties && typeof o.properties === 'object') for (const k of Object.keys(o.properties)) names.add(k);
    for (const v of Object.values(o)) visit(v);
  };
  visit(schema);
  return [...names].sort();
}

/**
 * Values of `schema` (2020-12, `$ref: #/$defs/…`): objects with a few of their properties, arrays of 0–3 items,
 * enums, patterns (fast-check's stringMatching) — and, one time in `confuse`, a hostile scalar instead.
 */
export function schemaValue(root: Schema, confuse = 8): (node: Schema, depth: number) => fc.Arbitrary<unknown> {
  const defs = (root.$defs ?? {}) as Record<string, Schema>;
  const memo = new Map<string, fc.Arbitrary<unknown>>();
  const plain = (node: Schema, depth: number): fc.Arbitrary<unknown> => {
    if (typeof node.$ref === 'string') {
      const key = `${node.$ref}@${depth}`;
      let a = memo.get(key);
      if (!a) memo.set(key, (a = fc.constant(null).chain(() => value(defs[(node.$ref as string).replace('#/$defs/', '')] ?? {}, depth))));
      return a;
    }
    const alt = (node.oneOf ?? node.anyOf) as Schema[] | undefined;
    if (alt?.length) return fc.oneof(...alt.map((s) => value({ ...node, oneOf: undefined, anyOf: undefined, ...s }, depth)));
    if ('const' in node) return fc.constant(node.const);
    if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
    const type = Array.isArray(node.type) ? (node.type[0] as string) : (node.type as string | undefined);
    const props = node.properties as Record<string, Schema> | undefined;
    if (type === 'object' || props) {
      if (depth <= 0) return fc.constant({});
      const keys = Object.keys(props ?? {});
      const extra = node.additionalProperties && typeof node.additionalProperties === 'object' ? (node.additionalProperties as Schema) : undefined;
      const named = keys.length
        ? fc
            .subarray(keys, { maxLength: Math.min(4, keys.length) })
            .chain((ks) => fc.tuple(...ks.map((k) => value(props![k]!, depth - 1))).map((vs) => Object.fromEntries(ks.map((k, i) => [k, vs[i]]))))
        : fc.constant({});
      const free = extra ? fc.dictionary(fc.string({ maxLength: 12 }), value(extra, depth - 1), { maxKeys: 3 }) : fc.constant({});
      return fc.tuple(named, free).map(([a, b]) => ({ ...b, ...a }));
    }
    if (type === 'array') return depth <= 0 ? fc.constant([]) : fc.array(value((node.items ?? {}) as Schema, depth - 1), { maxLength: 3 });
    if (type === 'boolean') return fc.boolean();
    if (type === 'integer') return fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.integer());
    if (type === 'number') return fc.double({ noNaN: true });
    if (type === 'string') {
      if (typeof node.pattern === 'string') {
        try {
          return fc.stringMatching(new RegExp(node.pattern as string));
        } catch {
          // a pattern fast-check cannot generate from: plain strings
        }
      }
      return fc.oneof(fc.string({ maxLength: 16 }), fc.constantFrom('10.0.0.1', '10.0.0.0/24', 'eth0', '/dev/sda', 'https://example.com', '1h', '0o644'));
    }
    return hostileScalar;
  };
  const value = (node: Schema, depth: number): fc.Arbitrary<unknown> =>
    fc.oneof({ weight: confuse, arbitrary: plain(node, depth) }, { weight: 1, arbitrary: hostileScalar });
  return value;
}

const loadSchema = (...p: string[]) => JSON.parse(readFileSync(join(ROOT, 'schemas', ...p), 'utf8')) as Schema;

/** A value written out as YAML (block or flow), or as JSON. */
const asText = (v: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.tuple(v, fc.constantFrom('block', 'flow', 'json')).map(([x, style]) => {
    if (style === 'json') return `${JSON.stringify(x, (_, y) => (typeof y === 'bigint' ? String(y) : y))}\n`;
    return stringify(x, { collectionStyle: style === 'flow' ? 'flow' : 'any', aliasDuplicateObjects: false });
  });

/** Strategic merge patches: v1alpha1 or multi-document kinds, with `$patch` directives now and then. */
export function strategicPatch(): fc.Arbitrary<string> {
  const v1 = loadSchema('talos', 'v1alpha1.schema.json');
  const kinds = [
    'HostnameConfig',
    'ResolverConfig',
    'Layer2VIPConfig',
    'LinkConfig',
    'UserVolumeConfig',
    'ExtensionServiceConfig',
    'WatchdogTimerConfig',
    'TimeSyncConfig',
  ]
    .map((k) => {
      try {
        return loadSchema('talos', `${k}.schema.json`);
      } catch {
        return undefined;
      }
    })
    .filter((s): s is Schema => s !== undefined);
  const doc = fc.oneof(
    schemaValue(v1)(v1, 6),
    ...kinds.map((s) => schemaValue(s)(s, 4).map((v) => ({ apiVersion: s['x-apiVersion'] ?? 'v1alpha1', kind: s['x-kind'], ...(v as object) }))),
  );
  const directive = fc.option(fc.constantFrom('delete', 'replace', 'merge', 'bogus'), { freq: 5 });
  return fc
    .tuple(asText(fc.tuple(doc, directive).map(([d, p]) => (p && d && typeof d === 'object' ? { ...d, $patch: p } : d))), fc.option(asText(doc), { freq: 3 }))
    .map(([a, b]) => (b ? `${a}---\n${b}` : a));
}

/** RFC 6902 patches over real config paths, with hostile pointers, ops and values. */
export function jsonPatch(): fc.Arbitrary<string> {
  const v1 = loadSchema('talos', 'v1alpha1.schema.json');
  const names = propertyNames(v1);
  const segment = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...names) },
    fc.nat(4).map(String),
    fc.constantFrom('-', '~0', '~1', '~2', '', '01', '-1', '99999999999999999999'),
    fc.string({ maxLength: 6 }),
  );
  const pointer = fc.oneof(
    { weight: 8, arbitrary: fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => `/${s.join('/')}`) },
    fc.constantFrom('', '/', 'machine', '#/x'),
  );
  const value = fc.oneof(schemaValue(v1, 3)(v1, 3), hostileScalar);
  const op = fc.record(
    {
      op: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test') }, hostileScalar),
      path: fc.oneof({ weight: 9, arbitrary: pointer }, hostileScalar),
      value,
      from: pointer,
    },
    { requiredKeys: ['op'] },
  );
  return fc.oneof(asText(fc.array(op, { maxLength: 5 })), asText(fc.array(fc.oneof(op, hostileScalar), { maxLength: 3 })));
}

/** Any patch text (strategic or RFC 6902). */
export function patchText(): fc.Arbitrary<string> {
  return fc.oneof(strategicPatch(), jsonPatch());
}

/** A talconfig that starts valid (so generated fields reach the later stages) with schema-driven fields on top. */
export function talconfigText(): fc.Arbitrary<{ talconfig: string; files: Record<string, string> }> {
  const schema = loadSchema('talconfig.schema.json');
  const v = schemaValue(schema, 12);
  const props = schema.properties as Record<string, Schema>;
  const nodeSchema = ((props.nodes as Schema).items ?? {}) as Schema;
  const top = v({ ...schema, required: undefined }, 4);
  const node = v(nodeSchema, 4);
  const inlinePatch = patchText();
  return fc
    .record({
      top,
      nodes: fc.array(node, { minLength: 1, maxLength: 3 }),
      roles: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      patches: fc.array(fc.oneof(inlinePatch, fc.constant('@./p.yaml'), fc.constant('@./missing.yaml')), { maxLength: 2 }),
      file: inlinePatch,
      style: fc.constantFrom('block', 'flow'),
      extra: fc.option(
        fc.oneof(
          fc.constantFrom(...TOKENS),
          fc.tuple(fc.nat(), fc.constantFrom(100, 1000, 5000)).map(([k, n]) => nesting(k, n)),
          fc.integer({ min: 3, max: 10 }).map((n) => aliasBomb(n, n)),
        ),
        { freq: 6 },
      ),
    })
    .map(({ top, nodes, roles, patches, file, style, extra }) => {
      const base = {
        clusterName: 'fuzz',
        talosVersion: 'v1.10.3',
        kubernetesVersion: 'v1.33.1',
        endpoint: 'https://10.0.0.10:6443',
        ...(top as object),
        ...(patches.length ? { patches } : {}),
        nodes: nodes.map((n, i) => ({
          hostname: `n${i}`,
          ipAddress: `10.0.0.${11 + i}`,
          controlPlane: roles[i] ?? i === 0,
          installDisk: '/dev/sda',
          ...(n as object),
        })),
      };
      const text = stringify(base, { collectionStyle: style === 'flow' ? 'flow' : 'any', aliasDuplicateObjects: false });
      return { talconfig: extra ? `${text}${extra.startsWith('\n') ? '' : 'x: '}${extra}\n` : text, files: { 'p.yaml': file } };
    });
}

/** talenv.yaml or .env text with values that use envsubst syntax, quoting and escapes. */
export function envFile(): fc.Arbitrary<{ name: string; text: string }> {
  const key = fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/) }, fc.constantFrom('export', 'a.b', '1X', 'é', '', '-', 'X Y'));
  const val = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 16 }) },
    fc.constantFrom(...TOKENS),
    fc.constantFrom('"quoted"', "'single'", '"\\n\\t\\u00e9"', '"unterminated', '`cmd`', '$(cmd)'),
    fc.tuple(fc.nat(), fc.constantFrom(10, 100, 3000)).map(([k, n]) => nesting(k, n)),
  );
  const entries = fc.array(fc.tuple(key, val, fc.constantFrom('=', ': ', ' = ', ':'), fc.boolean()), { maxLength: 8 });
  return fc.tuple(entries, fc.constantFrom('talenv.yaml', '.env', 'talenv.sops.yaml')).map(([es, name]) => ({
    name,
    text: es.map(([k, v, sep, exp]) => `${exp ? 'export ' : ''}${k}${sep}${v}`).join('\n'),
  }));
}

/** Go templates from the grammar, over talgen's real function map (builtins + sprig). */
export function goTemplate(): fc.Arbitrary<string> {
  const funcs = Object.keys({ ...BUILTINS, ...sprigFuncs(() => undefined) });
  const literal = fc.oneof(
    fc.constantFrom(
      '1',
      '-1',
      '0',
      '99999999999999999999',
      '1e400',
      '0x10',
      "'a'",
      '"s"',
      '`raw`',
      'true',
      'nil',
      '1.5',
      '"\\ud800"',
      '"\\x"',
      '2147483648',
      '1000000000',
    ),
    fc.integer().map(String),
  );
  const field = fc.constantFrom(
    '.',
    '.Hostname',
    '.MachineConfig',
    '.MachineConfig.Machine.Network.Hostname',
    '.Missing',
    '.Missing.Deeper',
    '$',
    '$x',
    '$x.Y',
    '.Machine.Install.Disk',
  );
  const { pipeline } = fc.letrec<{ pipeline: string; command: string; arg: string }>((tie) => ({
    arg: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      literal,
      field,
      tie('pipeline').map((p) => `(${p})`),
    ),
    command: fc.oneof(
      fc.tuple(fc.constantFrom(...funcs), fc.array(tie('arg'), { maxLength: 3 })).map(([f, as]) => [f, ...as].join(' ')),
      literal,
      field,
    ),
    pipeline: fc
      .tuple(fc.option(fc.constantFrom('$x := ', '$x = ', '$i, $v := ')), fc.array(tie('command'), { minLength: 1, maxLength: 3 }))
      .map(([decl, cs]) => `${decl ?? ''}${cs.join(' | ')}`),
  }));
  const { body } = fc.letrec<{ body: string; item: string }>((tie) => ({
    item: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(
        'text ',
        '\n',
        'key: value\n',
        '{{/* comment */}}',
        '{{- " trim " -}}',
        '{{ break }}',
        '{{ continue }}',
        '{{ end }}',
        '{{ else }}',
        '{{',
        '}}',
      ),
      pipeline.map((p) => `{{ ${p} }}`),
      fc
        .tuple(fc.constantFrom('if', 'with', 'range'), pipeline, tie('body'), fc.option(tie('body')))
        .map(([k, p, b, e]) => `{{ ${k} ${p} }}${b}${e !== null ? `{{ else }}${e}` : ''}{{ end }}`),
      fc.tuple(fc.constantFrom('a', 'b', ''), tie('body')).map(([n, b]) => `{{ define "${n}" }}${b}{{ end }}{{ template "${n}" . }}`),
      fc.tuple(fc.constantFrom('a', 'b'), tie('body')).map(([n, b]) => `{{ block "${n}" . }}${b}{{ end }}`),
      fc.constantFrom('{{ template "rec" . }}', '{{ define "rec" }}{{ template "rec" . }}{{ end }}{{ template "rec" . }}'),
      // sizes and counts that multiply: strings, lists, loops, widths and precisions
      fc
        .tuple(
          fc.constantFrom(
            'repeat N "ab"',
            'indent N "a\nb"',
            'nindent N "x"',
            'until N | len',
            'untilStep 0 N 1 | len',
            'seq N | len',
            'printf "%NNd" 1',
            'printf "%.Nf" 1.5',
            'printf "%.Ne" 1.5',
            'trunc N "abc"',
            'substr 0 N "abc"',
            'randAlphaNum N',
          ),
          fc.constantFrom('-1', '0', '3', '101', '5000', '100000000', '9999999999999'),
        )
        .map(([f, n]) => `{{ ${f.replaceAll('N', n)} }}`),
      // loops in loops (each runs into the templateSteps limit, ~1 s: rare)
      fc.integer({ min: 0, max: 19 }).map((k) => (k ? '{{ range until 3 }}x{{ end }}' : '{{ range until 3000 }}{{ range until 3000 }}x{{ end }}{{ end }}')),
    ),
    body: fc.array(tie('item'), { maxLength: 4 }).map((xs) => xs.join('')),
  }));
  return body;
}
