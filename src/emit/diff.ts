import { createHmac, randomBytes } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';

/** Keys whose values are secret in machine configs, talosconfigs and secrets bundles. */
const SECRET_KEYS = new Set([
  'key', 'token', 'secret', 'secretboxEncryptionSecret', 'aescbcEncryptionSecret', 'bootstraptoken',
  'secretboxencryptionsecret', 'aescbcencryptionsecret', 'privateKey', 'clusterSecret', 'passphrase',
  'value', 'password', 'authkey',
]);

const LINE = /^(\s*(?:- )*)("?)([A-Za-z0-9_.-]+)\2:(?:\s+(.*))?$/;

/** Per-process key: fingerprints match within one diff but cannot be brute-forced into weak secrets. */
const FINGERPRINT_KEY = randomBytes(32);

function fingerprint(text: string): string {
  return createHmac('sha256', FINGERPRINT_KEY).update(text).digest('hex').slice(0, 12);
}

/**
 * Replace every secret value with `<redacted …>` so a diff still shows *that* a secret changed, never the
 * secret. Block scalars under a secret key (PEM keys in v1.14 documents) collapse to one redacted line.
 */
export function redactSecrets(yamlText: string): string {
  const lines = yamlText.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = LINE.exec(line);
    if (!m || !SECRET_KEYS.has(m[3]!) || m[4] === undefined || m[4] === '""' || m[4] === "''") {
      out.push(line);
      continue;
    }
    const head = line.slice(0, line.length - m[4].length);
    if (/^[|>][-+0-9]*$/.test(m[4])) {
      const indent = m[1]!.length;
      const block: string[] = [];
      while (i + 1 < lines.length && (lines[i + 1] === '' || /^\s*/.exec(lines[i + 1]!)![0].length > indent)) {
        if (i + 2 >= lines.length && lines[i + 1] === '') break;
        block.push(lines[++i]!);
      }
      out.push(`${head}<redacted ${fingerprint(block.join('\n'))}>`);
    } else {
      out.push(`${head}<redacted ${fingerprint(m[4])}>`);
    }
  }
  return out.join('\n');
}

/** Unified diff like talhelper's dry run (`a<path>` / `b<path>` headers); empty string when equal. */
export function unifiedDiff(path: string, before: string, after: string, opts: { showSecrets?: boolean } = {}): string {
  const a = opts.showSecrets ? before : redactSecrets(before);
  const b = opts.showSecrets ? after : redactSecrets(after);
  if (a === b) return '';
  return createTwoFilesPatch(`a${path}`, `b${path}`, a, b, undefined, undefined, { context: 3 })
    .split('\n')
    .slice(1) // drop the "====" separator line jsdiff adds
    .join('\n');
}
