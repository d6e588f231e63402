import { cloneJsonNode, JsonLiteral, jsonEqual, type JsonNode, type JsonObject } from './json-text.js';

/**
 * RFC 6902 exactly as Talos applies it: evanphx/json-patch v5.9.11, root package (the v4 API, `DecodePatch` +
 * `Apply`), with its package defaults (negative array indexes allowed, no copy size limit). Where the library
 * departs from the RFC, talgen follows the library:
 * - `replace` of a missing object member adds it (only a missing parent, or a missing array index, fails);
 * - `copy` from a missing object member copies null; `test` of a missing member passes for a null/absent value;
 * - an absent `value` is null for `add`/`replace`;
 * - array indexes are Go's strconv.Atoi (`+1`, `01`, `-0` are indexes); negative ones count from the end, and
 *   for `add` `-1` means after the last item;
 * - a path's first segment is dropped unread (`a/b` is `/b`), `""` is the whole document only for
 *   `replace` and `test`;
 * - `test` compares scalars by their JSON text (`1` ≠ `1.0`, see json-text.ts).
 */

/** One operation as the library decodes it: its members' JSON, any of them missing or of the wrong type. */
export type JsonPatchOp = ReadonlyMap<string, JsonNode>;

/** A failed operation: its index, the op and path as the library reads them, and the library's error text. */
export class JsonPatchError extends Error {
  constructor(
    readonly index: number,
    readonly op: string,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** The library's sentinel errors (wrapped with `%w`, so their text ends the message). */
const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';
const TEST_FAILED = 'test failed';

/**
 * The library's messages, row by row as its operations check things. `path`/`from` are the pointers as written,
 * `key` the last decoded segment, `why` the inner error. Rows marked "always missing" wrap ErrMissing whatever the
 * decode error was.
 */
const MESSAGES = {
  unknownOp: (op: string) => `Unexpected kind: ${op}`,
  addPathUnreadable: () => `add operation failed to decode path: ${MISSING}`, // always missing
  addParentMissing: (path: string) => `add operation does not apply: doc is missing path: "${path}": ${MISSING}`,
  addFailed: (path: string, why: string) => `error in add for path: '${path}': ${why}`,
  removePathUnreadable: () => `remove operation failed to decode path: ${MISSING}`, // always missing
  removeParentMissing: (path: string) => `remove operation does not apply: doc is missing path: "${path}": ${MISSING}`,
  removeFailed: (path: string, why: string) => `error in remove for path: '${path}': ${why}`,
  replacePathUnreadable: (why: string) => `replace operation failed to decode path: ${why}`,
  // Go formats the (nil) decode error with %w here, hence the odd tail.
  replaceRootNotContainer: () => 'replace operation value must be object or array: %!w(<nil>)',
  replaceParentMissing: (path: string) => `replace operation does not apply: doc is missing path: ${path}: ${MISSING}`,
  replaceKeyMissing: (path: string) => `replace operation does not apply: doc is missing key: ${path}: ${MISSING}`,
  moveFromUnreadable: (why: string) => `move operation failed to decode from: ${why}`,
  moveFromParentMissing: (from: string) => `move operation does not apply: doc is missing from path: ${from}: ${MISSING}`,
  moveFailed: (where: string, why: string) => `error in move for path: '${where}': ${why}`,
  movePathUnreadable: (why: string) => `move operation failed to decode path: ${why}`,
  moveDestinationMissing: (path: string) => `move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`,
  copyFromUnreadable: (why: string) => `copy operation failed to decode from: ${why}`,
  copyFromParentMissing: (from: string) => `copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`,
  copyFromFailed: (from: string, why: string) => `error in copy for from: '${from}': ${why}`,
  copyPathUnreadable: () => `copy operation failed to decode path: ${MISSING}`, // always missing
  copyDestinationMissing: (path: string) => `copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`,
  copyFailed: (why: string) => `error while adding value during copy: ${why}`,
  testPathUnreadable: (why: string) => `test operation failed to decode path: ${why}`,
  testParentMissing: (path: string) => `test operation does not apply: is missing path: ${path}: ${MISSING}`,
  testGetFailed: (path: string, why: string) => `error in test for path: '${path}': ${why}`,
  testFailed: (path: string) => `testing value ${path} failed: ${TEST_FAILED}`,
  // Container errors (the `why` above).
  noSuchKey: (key: string) => `Unable to remove nonexistent key: ${key}: ${MISSING}`,
  invalidIndex: (idx: bigint) => `Unable to access invalid index: ${idx}: ${INVALID_INDEX}`,
  notAnIndex: (key: string, why: string) => `value was not a proper array index: '${key}': ${why}`,
  // Member accessors (Path/From).
  pathMissing: () => `operation missing path field: ${MISSING}`,
  fromMissing: () => `operation, missing from field: ${MISSING}`,
  notAString: (jsonType: string) => `json: cannot unmarshal ${jsonType} into Go value of type string`,
};

/** A failure inside an operation, with the library's text; applyJsonPatch turns it into a JsonPatchError. */
class Failure extends Error {}

/** Go's strconv.Atoi on a 64-bit platform: optional sign, decimal digits, int64 range. */
function atoi(s: string): bigint {
  const quoted = JSON.stringify(s);
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Failure(`strconv.Atoi: parsing ${quoted}: invalid syntax`);
  const n = BigInt(s);
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) throw new Failure(`strconv.Atoi: parsing ${quoted}: value out of range`);
  return n;
}

/** RFC 6901 unescaping of one segment: `~1` → `/`, `~0` → `~` in one left-to-right pass (`~01` is `~1`). */
export function unescapeSegment(s: string): string {
  return s.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

type Container = JsonObject | JsonNode[];

/** get: object members never fail (missing is nil); array indexes go through Atoi and the range checks. */
function get(c: Container, key: string): JsonNode {
  if (!Array.isArray(c)) return c.get(key) ?? null;
  let idx = atoi(key);
  const len = BigInt(c.length);
  if (idx < 0n) {
    if (idx < -len) throw new Failure(MESSAGES.invalidIndex(idx));
    idx += len;
  }
  if (idx >= len) throw new Failure(MESSAGES.invalidIndex(idx));
  return c[Number(idx)] ?? null;
}

/** add: members are set; `-` appends; an index may equal the length; negative ones count from length + 1. */
function add(c: Container, key: string, v: JsonNode): void {
  if (!Array.isArray(c)) {
    c.set(key, v);
    return;
  }
  if (key === '-') {
    c.push(v);
    return;
  }
  let idx: bigint;
  try {
    idx = atoi(key);
  } catch (e) {
    throw new Failure(MESSAGES.notAnIndex(key, (e as Error).message));
  }
  const size = BigInt(c.length + 1);
  if (idx >= size) throw new Failure(MESSAGES.invalidIndex(idx));
  if (idx < 0n) {
    if (idx < -size) throw new Failure(MESSAGES.invalidIndex(idx));
    idx += size;
  }
  c.splice(Number(idx), 0, v);
}

/** set (replace, after a successful get): members are set; array indexes may be negative. */
function set(c: Container, key: string, v: JsonNode): void {
  if (!Array.isArray(c)) {
    c.set(key, v);
    return;
  }
  const idx = atoi(key);
  c[Number(idx < 0n ? idx + BigInt(c.length) : idx)] = v;
}

function remove(c: Container, key: string): void {
  if (!Array.isArray(c)) {
    if (!c.has(key)) throw new Failure(MESSAGES.noSuchKey(key));
    c.delete(key);
    return;
  }
  let idx = atoi(key);
  const len = BigInt(c.length);
  if (idx >= len) throw new Failure(MESSAGES.invalidIndex(idx));
  if (idx < 0n) {
    if (idx < -len) throw new Failure(MESSAGES.invalidIndex(idx));
    idx += len;
  }
  c.splice(Number(idx), 1);
}

/**
 * The container holding the pointer's target and the target's key, or undefined when the path has no `/`
 * or a parent is missing, null, a scalar or an unusable array index.
 */
function findObject(root: Container, path: string): { con: Container; key: string } | undefined {
  const segments = path.split('/');
  if (segments.length < 2) return undefined;
  let con = root;
  for (const part of segments.slice(1, -1)) {
    let next: JsonNode;
    try {
      next = get(con, unescapeSegment(part));
    } catch (e) {
      if (e instanceof Failure) return undefined;
      throw e;
    }
    if (next === null || next instanceof JsonLiteral) return undefined;
    con = next;
  }
  return { con, key: unescapeSegment(segments[segments.length - 1]!) };
}

/** The JSON type name Go's decoder reports for a non-string, non-null value. */
function jsonType(n: Exclude<JsonNode, null>): string {
  if (Array.isArray(n)) return 'array';
  if (n instanceof Map) return 'object';
  return n.text === 'true' || n.text === 'false' ? 'bool' : 'number';
}

/** Kind(): the `op` member if it is a string, else "unknown". */
function kindOf(op: JsonPatchOp): string {
  const v = op.get('op');
  return v instanceof JsonLiteral && v.text.startsWith('"') ? (JSON.parse(v.text) as string) : 'unknown';
}

/** Path()/From(): the member as a string; absent or null is "missing", another type a json type error. */
function pointer(op: JsonPatchOp, member: 'path' | 'from'): string {
  const v = op.get(member) ?? null;
  if (v === null) throw new Failure(member === 'path' ? MESSAGES.pathMissing() : MESSAGES.fromMissing());
  if (v instanceof JsonLiteral && v.text.startsWith('"')) return JSON.parse(v.text) as string;
  throw new Failure(MESSAGES.notAString(jsonType(v)));
}

/** `path`/`from` with the library's wording for an unreadable member. */
function readPointer(op: JsonPatchOp, member: 'path' | 'from', unreadable: (why: string) => string): string {
  try {
    return pointer(op, member);
  } catch (e) {
    if (e instanceof Failure) throw new Failure(unreadable(e.message));
    throw e;
  }
}

/** Run a container step; its error text goes into the library's wrapper. */
function step<T>(run: () => T, wrap: (why: string) => string): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof Failure) throw new Failure(wrap(e.message));
    throw e;
  }
}

/** The operation's value, a private copy each time (null when absent). */
function opValue(op: JsonPatchOp): JsonNode {
  return cloneJsonNode(op.get('value') ?? null);
}

type Doc = { root: Container };

const OPS: Record<string, (doc: Doc, op: JsonPatchOp) => void> = {
  add(doc, op) {
    const path = readPointer(op, 'path', MESSAGES.addPathUnreadable);
    const at = findObject(doc.root, path);
    if (!at) throw new Failure(MESSAGES.addParentMissing(path));
    step(
      () => add(at.con, at.key, opValue(op)),
      (why) => MESSAGES.addFailed(path, why),
    );
  },
  remove(doc, op) {
    const path = readPointer(op, 'path', MESSAGES.removePathUnreadable);
    const at = findObject(doc.root, path);
    if (!at) throw new Failure(MESSAGES.removeParentMissing(path));
    step(
      () => remove(at.con, at.key),
      (why) => MESSAGES.removeFailed(path, why),
    );
  },
  replace(doc, op) {
    const path = readPointer(op, 'path', MESSAGES.replacePathUnreadable);
    if (path === '') {
      const v = opValue(op);
      if (v === null || v instanceof JsonLiteral) throw new Failure(MESSAGES.replaceRootNotContainer());
      doc.root = v;
      return;
    }
    const at = findObject(doc.root, path);
    if (!at) throw new Failure(MESSAGES.replaceParentMissing(path));
    step(
      () => get(at.con, at.key),
      () => MESSAGES.replaceKeyMissing(path),
    );
    set(at.con, at.key, opValue(op));
  },
  move(doc, op) {
    const from = readPointer(op, 'from', MESSAGES.moveFromUnreadable);
    const src = findObject(doc.root, from);
    if (!src) throw new Failure(MESSAGES.moveFromParentMissing(from));
    const v = step(
      () => get(src.con, src.key),
      (why) => MESSAGES.moveFailed(src.key, why),
    );
    step(
      () => remove(src.con, src.key),
      (why) => MESSAGES.moveFailed(src.key, why),
    );
    const path = readPointer(op, 'path', MESSAGES.movePathUnreadable);
    const dst = findObject(doc.root, path);
    if (!dst) throw new Failure(MESSAGES.moveDestinationMissing(path));
    step(
      () => add(dst.con, dst.key, v),
      (why) => MESSAGES.moveFailed(path, why),
    );
  },
  copy(doc, op) {
    const from = readPointer(op, 'from', MESSAGES.copyFromUnreadable);
    const src = findObject(doc.root, from);
    if (!src) throw new Failure(MESSAGES.copyFromParentMissing(from));
    const v = step(
      () => get(src.con, src.key),
      (why) => MESSAGES.copyFromFailed(from, why),
    );
    const path = readPointer(op, 'path', MESSAGES.copyPathUnreadable);
    const dst = findObject(doc.root, path);
    if (!dst) throw new Failure(MESSAGES.copyDestinationMissing(path));
    step(() => add(dst.con, dst.key, cloneJsonNode(v)), MESSAGES.copyFailed);
  },
  test(doc, op) {
    const path = readPointer(op, 'path', MESSAGES.testPathUnreadable);
    const expected = op.get('value');
    if (path === '') {
      if (expected === undefined || !jsonEqual(doc.root, expected)) throw new Failure(MESSAGES.testFailed(path));
      return;
    }
    const at = findObject(doc.root, path);
    if (!at) throw new Failure(MESSAGES.testParentMissing(path));
    const actual = step(
      () => get(at.con, at.key),
      (why) => MESSAGES.testGetFailed(path, why),
    );
    // A missing or null target matches a null or absent value; a present one never matches an absent value.
    const ok = actual === null ? expected === undefined || expected === null : expected !== undefined && jsonEqual(actual, expected);
    if (!ok) throw new Failure(MESSAGES.testFailed(path));
  },
};

/** The op's path for error reports, as the library's Path() reads it ("unknown" when it cannot). */
function pathForReport(op: JsonPatchOp): string {
  try {
    return pointer(op, 'path');
  } catch {
    return 'unknown';
  }
}

/**
 * Apply `ops` in order to a private copy of `doc` (an object or array) and return the result; the inputs are not
 * changed. The first failing operation throws a JsonPatchError with the library's message.
 */
export function applyJsonPatch(doc: JsonObject | JsonNode[], ops: readonly JsonPatchOp[]): JsonObject | JsonNode[] {
  const state: Doc = { root: cloneJsonNode(doc) as Container };
  ops.forEach((op, index) => {
    const kind = kindOf(op);
    try {
      if (!Object.hasOwn(OPS, kind)) throw new Failure(MESSAGES.unknownOp(kind));
      OPS[kind]!(state, op);
    } catch (e) {
      if (e instanceof Failure) throw new JsonPatchError(index, kind, pathForReport(op), e.message);
      throw e;
    }
  });
  return state.root;
}
