import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { TalgenError, type SourcePos } from '../core/errors.js';
import { goFloatScalar, GoYamlScalar, resolveGoYamlTag } from '../emit/goyaml.js';
import {
  COLLECTIONS_INTO,
  GO_INT_FIELDS,
  GO_INT_RANGES,
  GO_TYPE_NAMES,
  LIST_REWRITES,
  SCALAR_RULES,
  SELF_DECODING,
  YAML11_BOOLS,
  type GoIntKind,
  type GoTarget,
  type GoYamlDecoder,
  type ScalarRule,
  type ScalarTag,
} from './go-decode-rules.js';
import { encodingOf, reencode } from './go-reencode.js';
import { formatGoTimestamp } from './gotypes.js';
import type { LoadedYaml } from '../load/yaml.js';
import { docSchemaFor, isMapSchema, isScalarSchema, isUnstructured, properties, resolve, type JsonSchema } from './registry.js';

/** Where the YAML came from: the parsed document (aliases) and offset → file:line:col. */
export interface GoDecodeSource {
  doc: Document.Parsed;
  at: (offset: number) => SourcePos;
  decoder: GoYamlDecoder;
}

type ScalarShape = { kind: 'scalar'; target: GoTarget; ints?: GoIntKind };
type Shape = { kind: 'struct'; props: Record<string, JsonSchema> } | { kind: 'map'; values: JsonSchema } | { kind: 'list'; items: JsonSchema } | ScalarShape;

const TARGET_BY_FIELD = new Map<string, GoTarget>(SELF_DECODING.flatMap((t) => t.fields.map((f) => [f, t.target] as [string, GoTarget])));
const FREE_FORM: JsonSchema = { 'x-unstructured': true };
const STR_TAG = 'tag:yaml.org,2002:str';
const MAX_DEPTH = 1000;
const PATCH_DIRECTIVE = '$patch';

/**
 * The Go field type a schema describes, as far as decoding goes. Works for the Talos document model
 * (`x-map`, `x-scalar`, `x-unstructured`, `format`) and for plain JSON Schemas (talconfig): `type` decides.
 * `goField` is the Go field name the value belongs to (lists and maps pass theirs to their elements).
 */
function shapeOf(schema: JsonSchema, root: JsonSchema, goField: string | undefined): Shape {
  const s = resolve(schema, root);
  if (isUnstructured(s)) return { kind: 'scalar', target: 'any' };
  const field = (s['x-go'] as string | undefined) ?? goField;
  const own = field === undefined ? undefined : TARGET_BY_FIELD.get(field);
  if (own && (isScalarSchema(s) || s.format !== undefined)) return { kind: 'scalar', target: own };
  if (isScalarSchema(s)) return { kind: 'scalar', target: 'any' };
  const props = properties(s);
  if (props) return { kind: 'struct', props };
  if (isMapSchema(s) || (s.type === 'object' && typeof s.additionalProperties === 'object')) {
    return { kind: 'map', values: s.additionalProperties as JsonSchema };
  }
  if (s.type === 'integer' || s['x-filemode'] === true) {
    const ints = (field === undefined ? undefined : GO_INT_FIELDS[field]) ?? (s['x-filemode'] === true ? 'uint32' : 'int');
    return { kind: 'scalar', target: ints.startsWith('u') ? 'uint' : 'int', ints };
  }
  switch (s.type) {
    case 'array':
      return { kind: 'list', items: (s.items ?? FREE_FORM) as JsonSchema };
    case 'string':
      return { kind: 'scalar', target: 'string' };
    case 'boolean':
      return { kind: 'scalar', target: 'bool' };
    case 'number':
      return { kind: 'scalar', target: 'float' };
    default:
      return { kind: 'scalar', target: 'any' };
  }
}

/** The Go type go-yaml names in its refusal (`[]string`, `map[string]string`, `v1alpha1.KubeletConfig`). */
function goTypeName(shape: Shape, schema: JsonSchema, root: JsonSchema, depth = 0): string {
  const ref = typeof schema.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;
  const elem = (s: JsonSchema) => (depth > 3 ? 'interface {}' : goTypeName(shapeOf(s, root, undefined), s, root, depth + 1));
  switch (shape.kind) {
    case 'struct':
      return ref ?? 'struct';
    case 'map':
      return `map[string]${elem(shape.values)}`;
    case 'list':
      return `[]${elem(shape.items)}`;
    default:
      return GO_TYPE_NAMES[shape.target];
  }
}

/** strconv.ParseInt/ParseUint with base 0 (`0x`, `0o`, `0b`, a leading `0` for octal) of an int-tagged scalar. */
function goIntValue(text: string): bigint {
  let body = text.replaceAll('_', '');
  let neg = false;
  if (body[0] === '+' || body[0] === '-') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  const prefix = body.slice(0, 2).toLowerCase();
  let v: bigint;
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') v = BigInt(prefix + body.slice(2));
  else if (body.length > 1 && body[0] === '0') v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  return neg ? -v : v;
}

const SPECIAL_FLOATS: Readonly<Record<string, number>> = { '.nan': NaN, '.inf': Infinity, '+.inf': Infinity, '-.inf': -Infinity };

/** strconv.ParseFloat of a float-tagged scalar (underscores dropped, YAML's .inf/.nan words). */
function goFloatValue(text: string): number {
  return SPECIAL_FLOATS[text.toLowerCase()] ?? Number(text.replaceAll('_', ''));
}

/** An integer as talgen carries it: a JS number when exact, else a pre-resolved go-yaml scalar. */
function intOut(v: bigint): number | GoYamlScalar {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : new GoYamlScalar(v.toString(), '!!int');
}

function scalarTag(node: Scalar): ScalarTag {
  const text = node.source ?? String(node.value);
  if (node.tag === STR_TAG || node.type !== 'PLAIN') return '!!str';
  if (node.tag && !node.tag.startsWith('tag:yaml.org,2002:')) return '!!str';
  const tag = resolveGoYamlTag(text);
  return tag === '!!merge' ? '!!str' : (tag as ScalarTag);
}

function ruleFor(target: GoTarget, tag: ScalarTag, decoder: GoYamlDecoder): ScalarRule | undefined {
  return SCALAR_RULES.find((r) => r.into.includes(target) && (r.tags === '*' || r.tags.includes(tag)) && (!r.decoder || r.decoder === decoder));
}

class Decoder {
  constructor(private readonly src: GoDecodeSource) {}

  private refusal(node: Node, what: string, type: string, path: string, hint: string): TalgenError {
    return new TalgenError(`cannot unmarshal ${what} into ${type}`, { ...this.src.at(node.range?.[0] ?? 0), path: path || undefined, hint });
  }

  private deref(node: unknown): Node | null {
    let n = node as Node | null | undefined;
    for (let i = 0; i < 100 && isAlias(n); i++) n = n.resolve(this.src.doc) as Node | undefined;
    return n ?? null;
  }

  value(raw: unknown, schema: JsonSchema, root: JsonSchema, path: string, goField: string | undefined, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new TalgenError('YAML nests too deeply', { path });
    const node = this.deref(raw);
    if (node === null) return null;
    const shape = shapeOf(schema, root, goField);
    const field = (resolve(schema, root)['x-go'] as string | undefined) ?? goField;
    if (isScalar(node)) return this.scalar(node, shape, schema, root, path, field);
    if (isSeq(node)) {
      if (shape.kind === 'list') {
        const items = node.items.map((it, i) => this.element(it, shape.items, root, `${path}[${i}]`, field, depth));
        return field === undefined ? items : rewriteItems(items, field);
      }
      if (shape.kind === 'scalar' && COLLECTIONS_INTO[shape.target].includes('seq')) {
        const item: JsonSchema = shape.target === 'any' ? FREE_FORM : { type: 'string' };
        return node.items.map((it, i) => this.element(it, item, root, `${path}[${i}]`, undefined, depth));
      }
      const type = goTypeName(shape, schema, root);
      const isArgs = shape.kind === 'scalar' && shape.target === 'args';
      throw this.refusal(
        node,
        '!!seq',
        type,
        path,
        isArgs ? 'arg value must be a string or list of strings' : `${path || 'this field'} takes ${describe(shape)}, not a list`,
      );
    }
    if (isMap(node)) {
      const pairs = this.pairs(node, depth);
      // A `$patch` directive (strategic merge delete) stands where any value may be; the patcher takes it out.
      const directive = pairs.has(PATCH_DIRECTIVE);
      if (directive || shape.kind === 'struct' || shape.kind === 'map' || (shape.kind === 'scalar' && COLLECTIONS_INTO[shape.target].includes('map'))) {
        const out: Record<string, unknown> = {};
        for (const [key, pair] of pairs) {
          const child = path ? `${path}.${key}` : key;
          const sub = shape.kind === 'struct' ? (shape.props[key] ?? FREE_FORM) : shape.kind === 'map' ? shape.values : FREE_FORM;
          const v =
            shape.kind === 'map' ? this.element(pair.value, sub, root, child, field, depth) : this.value(pair.value, sub, root, child, undefined, depth + 1);
          Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        }
        return out;
      }
      const hint =
        shape.kind === 'scalar' && shape.target === 'args'
          ? 'arg value must be a string or list of strings'
          : `${path || 'this field'} takes ${describe(shape)}, not a mapping`;
      throw this.refusal(node, '!!map', goTypeName(shape, schema, root), path, hint);
    }
    return null;
  }

  /** A list item or map value: a null one is the element's zero value (`""` for strings), others decode as usual. */
  private element(raw: unknown, schema: JsonSchema, root: JsonSchema, path: string, goField: string | undefined, depth: number): unknown {
    const v = this.value(raw, schema, root, path, goField, depth + 1);
    if (v !== null) return v;
    const shape = shapeOf(schema, root, goField);
    return shape.kind === 'scalar' && shape.target === 'string' ? '' : null;
  }

  /** Mapping entries by key text: explicit keys, then `<<` merge sources in order (explicit keys and earlier sources win). */
  private pairs(map: YAMLMap, depth: number): Map<string, Pair> {
    const out = new Map<string, Pair>();
    const merges: Node[] = [];
    for (const it of map.items) {
      const key = this.deref(it.key);
      const text = isScalar(key) ? (key.source ?? String(key.value)) : String(key);
      if (isScalar(key) && key.type === 'PLAIN' && text === '<<') {
        const src = this.deref(it.value);
        for (const s of isSeq(src) ? src.items.map((x) => this.deref(x)) : [src]) if (s) merges.push(s);
        continue;
      }
      out.set(text, it);
    }
    if (depth > MAX_DEPTH) return out;
    for (const src of merges) {
      if (!isMap(src)) {
        throw new TalgenError('map merge requires map or sequence of maps as the value', {
          ...this.src.at(src.range?.[0] ?? 0),
          hint: '`<<: *anchor` or `<<: [*a, *b]` with anchors on mappings',
        });
      }
      for (const [k, p] of this.pairs(src, depth + 1)) if (!out.has(k)) out.set(k, p);
    }
    return out;
  }

  private scalar(node: Scalar, shape: Shape, schema: JsonSchema, root: JsonSchema, path: string, field: string | undefined): unknown {
    const text = node.source ?? String(node.value);
    const tag = scalarTag(node);
    if (shape.kind !== 'scalar') {
      if (tag === '!!null') return null;
      throw this.refusal(node, `${tag} \`${clip(text)}\``, goTypeName(shape, schema, root), path, `${path || 'this field'} takes ${describe(shape)}`);
    }
    const { target } = shape;
    const rule = ruleFor(target, tag, this.src.decoder);
    const out = rule && this.apply(rule.result, shape, tag, text);
    if (out === undefined) {
      throw this.refusal(node, `${tag} \`${clip(text)}\``, shape.ints ?? GO_TYPE_NAMES[target], path, hintFor(shape, text));
    }
    if (typeof out === 'string') this.selfDecode(node, out, schema, root, path, field);
    return out;
  }

  /** A type that reads its text itself (SELF_DECODING) refuses what it cannot parse, here with the position. */
  private selfDecode(node: Scalar, text: string, schema: JsonSchema, root: JsonSchema, path: string, field: string | undefined): void {
    const s = resolve(schema, root);
    if (!isScalarSchema(s) && s.format === undefined) return;
    const encoding = encodingOf(field === undefined || s['x-go'] !== undefined ? s : { ...s, 'x-go': field });
    if (!encoding) return;
    try {
      reencode(encoding, text, s, path);
    } catch (e) {
      if (e instanceof TalgenError) throw new TalgenError(e.message, { ...this.src.at(node.range?.[0] ?? 0), path: path || undefined, hint: e.hint });
      throw e;
    }
  }

  /** The value of one SCALAR_RULES row, or undefined when the value does not fit after all. */
  private apply(result: ScalarRule['result'], shape: ScalarShape, tag: ScalarTag, text: string): unknown {
    switch (result) {
      case 'nil':
        return null;
      case 'text':
        return text;
      case 'yaml11-bool':
        return YAML11_BOOLS[text];
      case 'time':
        return new GoYamlScalar(formatGoTimestamp(text) ?? text, '!!timestamp');
      case 'port-or-range': {
        if (tag === '!!int') {
          const v = inRange(goIntValue(text), 'uint16');
          if (v !== undefined) return v;
        }
        return tag === '!!str' ? text : undefined;
      }
      case 'zero-only':
        return goIntValue(text) === 0n ? text : undefined;
      case 'float-from-int':
        return Number(goIntValue(text));
      case 'int-from-float': {
        const f = goFloatValue(text);
        if (!Number.isFinite(f)) return undefined;
        const t = Math.trunc(f);
        if (this.src.decoder === 'v4' && t !== f) return undefined;
        return inRange(BigInt(t), intKind(shape));
      }
      case 'value':
        if (tag === '!!bool') return text === 'true' || text === 'True' || text === 'TRUE';
        // a free-form float keeps go-yaml's float text (`1e+06`), a typed float field its value
        if (tag === '!!float') return shape.target === 'any' ? goFloatScalar(goFloatValue(text)) : goFloatValue(text);
        if (tag === '!!int') return shape.target === 'any' ? intOut(goIntValue(text)) : inRange(goIntValue(text), intKind(shape));
        return text;
    }
  }
}

/** The Go integer kind of an int/uint field (64-bit unless GO_INT_FIELDS knows better). */
function intKind(shape: ScalarShape): GoIntKind {
  return shape.ints ?? (shape.target === 'uint' ? 'uint64' : 'int');
}

function inRange(v: bigint, kind: GoIntKind): number | GoYamlScalar | undefined {
  const [min, max] = GO_INT_RANGES[kind];
  return v >= min && v <= max ? intOut(v) : undefined;
}

/** LIST_REWRITES: the list type's own UnmarshalYAML rewrites its decoded items. */
function rewriteItems(items: unknown[], field: string): unknown[] {
  const rule = LIST_REWRITES.find((r) => r.field === field);
  if (!rule) return items;
  const cut = (text: string) => {
    let i = 0;
    while (i < text.length && rule.trimLeft.includes(text[i]!)) i++;
    return text.slice(i);
  };
  return items.map((it) => {
    const v = it !== null && typeof it === 'object' ? (it as Record<string, unknown>)[rule.key] : undefined;
    return typeof v === 'string' ? { ...(it as Record<string, unknown>), [rule.key]: cut(v) } : it;
  });
}

function clip(text: string): string {
  return text.length > 10 ? `${text.slice(0, 7)}...` : text;
}

function describe(shape: Shape): string {
  switch (shape.kind) {
    case 'struct':
      return 'a mapping of fields';
    case 'map':
      return 'a mapping';
    case 'list':
      return 'a list';
    default:
      return shape.target === 'args' ? 'a string or a list of strings' : `a single ${GO_TYPE_NAMES[shape.target]} value`;
  }
}

function hintFor(shape: ScalarShape, text: string): string {
  switch (shape.target) {
    case 'bool':
      return 'use true or false (YAML 1.1 words like yes/no/on/off are accepted too)';
    case 'int':
    case 'uint': {
      const [min, max] = GO_INT_RANGES[intKind(shape)];
      return `use a whole number from ${min} to ${max} (0x…, 0o… and _ separators are fine); "${text}" is not one`;
    }
    case 'float':
      return 'use a number';
    case 'duration':
      return 'use a Go duration string like 30s or 1h30m';
    case 'port-range':
      return 'use a port (0-65535) or a range like "8000-8080"';
    default:
      return 'check the value against the field type';
  }
}

/**
 * Decode one YAML node (the `yaml` library's AST) into the field described by `schema`, the way go-yaml fills a
 * typed Go value (tables in `go-decode-rules.ts`): scalars into string fields keep their source text, bool and
 * integer fields accept what go-yaml accepts, free-form values follow go-yaml's resolution (`0777` is 511,
 * `1_000` is 1000, `yes` stays a string), and a value Go cannot take is a TalgenError with file:line:col and the
 * field path. Keys the schema does not know decode as free-form values (strict checks come later).
 * The result is plain JS like `Document.toJS()` (anchors, aliases and `<<` merge keys resolved).
 */
export function goDecode(node: unknown, schema: JsonSchema, root: JsonSchema, src: GoDecodeSource, path = ''): unknown {
  return new Decoder(src).value(node, schema, root, path, undefined, 0);
}

/** `goDecode` of a whole loaded file (e.g. talconfig.yaml against its schema): the value every later step sees. */
export function goDecodeLoaded(loaded: LoadedYaml, schema: JsonSchema, decoder: GoYamlDecoder): unknown {
  return goDecode(loaded.doc.contents, schema, schema, { doc: loaded.doc, at: loaded.at, decoder });
}

/**
 * One Talos config document as Talos decodes it into its Go type (go-yaml v4 rules): `plain` is the document's
 * `toJS()` value, used to find the kind; a document of no known kind is returned as it is (strict checks say why).
 */
export function goDecodeTalosDocument(doc: Document.Parsed, plain: unknown, at: (offset: number) => SourcePos): unknown {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return plain;
  const schema = docSchemaFor(plain as Record<string, unknown>);
  return schema ? goDecode(doc.contents, schema.root, schema.root, { doc, at, decoder: 'v4' }) : plain;
}
