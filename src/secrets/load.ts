import { X509Certificate } from 'node:crypto';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import { checkYamlDepth } from '../load/yaml-depth.js';
import { TalgenError } from '../core/errors.js';
import { fromPem } from '../pki/pem.js';
import { parsePrivateKey } from '../pki/keys.js';
import { BUNDLE_SHAPE, type SecretsBundle } from './bundle.js';

const TOKEN = /^[0-9a-z]{6}\.[0-9a-z]{16}$/;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface Problem {
  path: string;
  message: string;
  node?: Node | null;
}

function closest(word: string, options: readonly string[]): string | undefined {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };
  const best = options.map((o) => [o, dist(word.toLowerCase(), o)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= Math.max(2, Math.floor(word.length / 3)) ? best[0] : undefined;
}

/**
 * Load a secrets bundle strictly, like Talos's decoder with KnownFields plus the v1.12 bundle validation:
 * unknown keys, missing values, bad base64/PEM, unparsable or mismatched certificates/keys are errors
 * naming file:line:col and the field. Secret values never appear in messages.
 */
export function loadSecretsBundle(text: string, file: string): SecretsBundle {
  checkYamlDepth(text, file);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false }) as Document.Parsed;
  const at = (node: Node | null | undefined) => {
    const off = node?.range?.[0];
    if (off === undefined) return {};
    const p = lc.linePos(off);
    return { line: p.line, col: p.col };
  };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const p = e.linePos?.[0] ?? (e.pos ? lc.linePos(e.pos[0]) : undefined);
    throw new TalgenError(e.message.split('\n')[0]!, { file, line: p?.line, col: p?.col, hint: 'fix the YAML syntax of the secrets file' });
  }
  const problems: Problem[] = [];
  const root = doc.contents;
  if (!isMap(root)) {
    throw new TalgenError(root ? 'secrets file must be a mapping (cluster, secrets, trustdinfo, certs)' : 'secrets file is empty', {
      file,
      // an empty file: its start
      ...(root ? at(root) : { line: 1, col: 1 }),
      hint: 'create one with "talgen gensecret"',
    });
  }
  /** A scalar's text ('' when absent or null); undefined, with a problem recorded, when it is a mapping or a list. */
  const scalarText = (node: Node | undefined, path: string): string | undefined => {
    if (node === undefined || node === null) return '';
    if (isScalar(node)) return node.value == null ? '' : String(node.value);
    problems.push({ path, message: `must be a string, found a ${isMap(node) ? 'mapping' : 'list'}`, node });
    return undefined;
  };

  /** The key node of `key` in `map`: where a missing field's parent is written. */
  const keyOf = (map: YAMLMap, key: string) => map.items.find((i) => isScalar(i.key) && String(i.key.value) === key)?.key as Node | undefined;
  const out: Record<string, Record<string, unknown>> = {};
  for (const item of root.items) {
    const k = isScalar(item.key) ? String(item.key.value) : '';
    if (!(k in BUNDLE_SHAPE)) {
      const guess = closest(k, Object.keys(BUNDLE_SHAPE));
      problems.push({ path: k, message: `unknown field${guess ? ` (did you mean "${guess}"?)` : ''}`, node: item.key as Node });
    }
  }
  for (const [section, keys] of Object.entries(BUNDLE_SHAPE)) {
    const sec = root.get(section, true) as Node | undefined;
    out[section] = {};
    if (!sec) {
      problems.push({ path: section, message: 'missing' });
      continue;
    }
    if (!isMap(sec)) {
      problems.push({ path: section, message: 'must be a mapping', node: sec });
      continue;
    }
    for (const item of sec.items) {
      const k = isScalar(item.key) ? String(item.key.value) : '';
      if (!(keys as readonly string[]).includes(k)) {
        const guess = closest(k, keys);
        problems.push({ path: `${section}.${k}`, message: `unknown field${guess ? ` (did you mean "${guess}"?)` : ''}`, node: item.key as Node });
      }
    }
    for (const k of keys) {
      const node = sec.get(k, true) as Node | undefined;
      if (section === 'certs') {
        const entry: Record<string, string> = {};
        const wantCrt = k !== 'k8sserviceaccount';
        if (!node) {
          problems.push({ path: `certs.${k}`, message: 'missing', node: keyOf(root, 'certs') });
          continue;
        }
        if (!isMap(node)) {
          problems.push({ path: `certs.${k}`, message: 'must be a mapping with crt and key', node });
          continue;
        }
        for (const item of node.items) {
          const kk = isScalar(item.key) ? String(item.key.value) : '';
          if (!(wantCrt ? ['crt', 'key'] : ['key']).includes(kk)) problems.push({ path: `certs.${k}.${kk}`, message: 'unknown field', node: item.key as Node });
        }
        for (const f of wantCrt ? ['crt', 'key'] : ['key']) {
          const v = node.get(f, true) as Node | undefined;
          const s = scalarText(v, `certs.${k}.${f}`);
          if (s === '') problems.push({ path: `certs.${k}.${f}`, message: 'missing', node: v ?? keyOf(sec, k) });
          entry[f] = s ?? '';
        }
        out.certs![k] = entry;
      } else {
        const s = scalarText(node, `${section}.${k}`);
        if (s) out[section]![k] = s;
        else if (s === '' && k !== 'secretboxencryptionsecret' && k !== 'aescbcencryptionsecret') {
          problems.push({ path: `${section}.${k}`, message: 'missing', node: node ?? keyOf(root, section) });
        }
      }
    }
  }
  const secrets = out.secrets as Record<string, string>;
  if (root.get('secrets', true) && !secrets.secretboxencryptionsecret === !secrets.aescbcencryptionsecret) {
    problems.push({
      path: 'secrets.secretboxencryptionsecret',
      message: secrets.secretboxencryptionsecret
        ? 'set together with aescbcencryptionsecret; exactly one is allowed'
        : 'missing (or aescbcencryptionsecret for old bundles)',
      node: keyOf(root, 'secrets'),
    });
  }
  for (const [path, v] of [
    ['secrets.bootstraptoken', secrets.bootstraptoken],
    ['trustdinfo.token', (out.trustdinfo as Record<string, string>).token],
  ] as const) {
    if (v && !TOKEN.test(v))
      problems.push({ path, message: 'must look like abcdef.0123456789abcdef ([0-9a-z]{6}.[0-9a-z]{16})', node: doc.getIn(path.split('.'), true) as Node });
  }
  for (const [path, v] of [
    ['cluster.secret', (out.cluster as Record<string, string>).secret],
    ['secrets.secretboxencryptionsecret', secrets.secretboxencryptionsecret],
  ] as const) {
    if (v && (!B64.test(v) || Buffer.from(v, 'base64').length !== 32))
      problems.push({ path, message: 'must be 32 bytes, base64-encoded', node: doc.getIn(path.split('.'), true) as Node });
  }

  // Certificates and keys: base64 → PEM → parse → key matches certificate.
  const certs = out.certs as Record<string, Record<string, string>>;
  for (const name of BUNDLE_SHAPE.certs) {
    const entry = certs[name];
    if (!entry) continue;
    let cert: X509Certificate | undefined;
    for (const f of ['crt', 'key'] as const) {
      const v = entry[f];
      if (!v) continue;
      const node = doc.getIn(['certs', name, f], true) as Node;
      const path = `certs.${name}.${f}`;
      if (!B64.test(v)) {
        problems.push({ path, message: 'is not valid base64', node });
        continue;
      }
      const pemText = Buffer.from(v, 'base64').toString('utf8');
      const block = fromPem(pemText);
      if (!block) {
        problems.push({ path, message: 'does not decode to a PEM block', node });
        continue;
      }
      if (f === 'crt') {
        if (block.label !== 'CERTIFICATE') {
          problems.push({ path, message: `holds a "${block.label}" PEM block, expected CERTIFICATE`, node });
          continue;
        }
        try {
          cert = new X509Certificate(pemText);
          if (!cert.ca) problems.push({ path, message: 'is not a CA certificate', node });
        } catch {
          problems.push({ path, message: 'is not a parsable X.509 certificate', node });
        }
      } else {
        if (!/PRIVATE KEY$/.test(block.label)) {
          problems.push({ path, message: `holds a "${block.label}" PEM block, expected a private key`, node });
          continue;
        }
        try {
          const key = parsePrivateKey(pemText);
          if (name === 'os' && key.type !== 'ed25519') problems.push({ path, message: `must be an Ed25519 key, found ${key.type}`, node });
          if (name === 'k8sserviceaccount' && key.type === 'ed25519') {
            problems.push({ path, message: 'must be an RSA or ECDSA P-256 key (Kubernetes cannot sign service account tokens with Ed25519)', node });
          }
          if (cert && !cert.checkPrivateKey(key.privateKey)) {
            problems.push({
              path,
              message: `does not belong to certs.${name}.crt (key type ${key.type}, certificate key type ${cert.publicKey.asymmetricKeyType})`,
              node,
            });
          }
        } catch (e) {
          problems.push({ path, message: `is not a usable private key: ${(e as Error).message}`, node });
        }
      }
    }
  }

  if (problems.length) {
    // In file order; problems with no place in the file (a missing section) come last.
    const offset = (p: Problem) => p.node?.range?.[0] ?? Number.MAX_SAFE_INTEGER;
    const [first, ...rest] = problems
      .map((p, i) => ({ p, i }))
      .sort((a, b) => offset(a.p) - offset(b.p) || a.i - b.i)
      .map((x) => x.p);
    const more = rest.length ? `\n${rest.map((p) => `  also: ${p.path}: ${p.message}${at(p.node).line ? ` (line ${at(p.node).line})` : ''}`).join('\n')}` : '';
    // A missing section has no place of its own: when it is the only kind of problem, the bundle's start locates it.
    throw new TalgenError(`${first!.message}${more}`, {
      file,
      ...(first!.node ? at(first!.node) : { line: 1, col: 1 }),
      path: first!.path,
      hint: 'regenerate with "talgen gensecret" or extract from a control plane config with "talgen gensecret -f controlplane.yaml"',
    });
  }
  return out as unknown as SecretsBundle;
}
