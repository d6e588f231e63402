import { existsSync, readFileSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import type { webcrypto } from 'node:crypto';
import type { Identity } from 'age-encryption';
import { x25519Identity } from './age-file.js';
import { parseOpenSshEd25519, sshEd25519Identity, sshToAgeIdentity } from './ssh.js';

/** Age identities found on this machine, and a human-readable account of every place that was looked at. */
export interface KeySource {
  /** `AGE-SECRET-KEY-1…` strings, or identities made from ssh keys. */
  identities: (string | Identity | webcrypto.CryptoKey)[];
  tried: string[];
}

const AGE_KEY = /^AGE-SECRET-KEY-(?:PQ-)?1[0-9A-Z]+$/;

/** A key only age-encryption understands (post-quantum): checked with the library, loaded only for such keys. */
async function isLibraryIdentity(key: string): Promise<boolean> {
  if (!key.startsWith('AGE-SECRET-KEY-PQ-')) return false;
  const { identityToRecipient } = await import('age-encryption');
  try {
    await identityToRecipient(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * Age identities in a key file or variable: one per line, `#` comments and blank lines ignored (age/sops format).
 * Invalid lines are counted, never echoed (they may be secret).
 */
async function keysIn(text: string): Promise<{ keys: string[]; invalid: number }> {
  const keys: string[] = [];
  let invalid = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    for (const word of line.split(/\s+/)) {
      if (!AGE_KEY.test(word)) {
        invalid++;
        continue;
      }
      if (x25519Identity(word) || (await isLibraryIdentity(word))) keys.push(word);
      else invalid++;
    }
  }
  return { keys, invalid };
}

/** sops's user config directory: XDG_CONFIG_HOME, else ~/Library/Application Support (macOS), %AppData% (Windows), ~/.config. */
export function userConfigDir(env: NodeJS.ProcessEnv, os: NodeJS.Platform = platform()): string {
  const home = env.HOME ?? homedir();
  if (env.XDG_CONFIG_HOME) return env.XDG_CONFIG_HOME;
  if (os === 'darwin') return join(home, 'Library', 'Application Support');
  if (os === 'win32') return env.AppData ?? env.APPDATA ?? join(home, 'AppData', 'Roaming');
  return join(home, '.config');
}

/**
 * Key discovery in sops's order: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, SOPS_AGE_SSH_PRIVATE_KEY_FILE
 * (and _CMD), the user config `sops/age/keys.txt`, then `~/.ssh/id_ed25519`. An unreadable, malformed or
 * passphrase-protected key is skipped with a note, never a crash. Key material never appears in the notes.
 */
export async function discoverKeys(env: NodeJS.ProcessEnv = process.env): Promise<KeySource> {
  const identities: KeySource['identities'] = [];
  const tried: string[] = [];
  const addAge = async (where: string, text: string) => {
    const { keys, invalid } = await keysIn(text);
    identities.push(...keys);
    const bad = invalid ? `, ${invalid} malformed line(s) skipped` : '';
    tried.push(`${where}: ${keys.length ? `${keys.length} age key(s)` : 'no age key in it'}${bad}`);
  };
  const run = async (cmd: string): Promise<string | undefined> => {
    // node:child_process (with net, dgram and streams) is loaded only when a key command is set.
    const { execSync } = await import('node:child_process');
    try {
      return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 });
    } catch {
      return undefined;
    }
  };
  const addSsh = async (where: string, text: string | undefined) => {
    if (text === undefined) {
      tried.push(`${where}: cannot be read`);
      return;
    }
    const key = parseOpenSshEd25519(text);
    if (key === 'encrypted') tried.push(`${where}: passphrase-protected ssh key, skipped (talgen cannot prompt; use an age key or an unencrypted ssh key)`);
    else if (!key) tried.push(`${where}: not an OpenSSH ed25519 private key, skipped`);
    else {
      identities.push(sshEd25519Identity(key), await sshToAgeIdentity(key));
      tried.push(`${where}: ssh-ed25519 key`);
    }
  };
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };

  if (env.SOPS_AGE_KEY !== undefined) await addAge('SOPS_AGE_KEY', env.SOPS_AGE_KEY);
  else tried.push('SOPS_AGE_KEY: not set');

  if (env.SOPS_AGE_KEY_FILE) {
    const text = read(env.SOPS_AGE_KEY_FILE);
    if (text === undefined) tried.push(`SOPS_AGE_KEY_FILE=${env.SOPS_AGE_KEY_FILE}: cannot be read`);
    else await addAge(`SOPS_AGE_KEY_FILE=${env.SOPS_AGE_KEY_FILE}`, text);
  } else tried.push('SOPS_AGE_KEY_FILE: not set');

  if (env.SOPS_AGE_KEY_CMD) {
    const out = await run(env.SOPS_AGE_KEY_CMD);
    if (out === undefined) tried.push(`SOPS_AGE_KEY_CMD (${env.SOPS_AGE_KEY_CMD}): command failed`);
    else await addAge(`SOPS_AGE_KEY_CMD (${env.SOPS_AGE_KEY_CMD})`, out);
  } else tried.push('SOPS_AGE_KEY_CMD: not set');

  if (env.SOPS_AGE_SSH_PRIVATE_KEY_FILE)
    await addSsh(`SOPS_AGE_SSH_PRIVATE_KEY_FILE=${env.SOPS_AGE_SSH_PRIVATE_KEY_FILE}`, read(env.SOPS_AGE_SSH_PRIVATE_KEY_FILE));
  else tried.push('SOPS_AGE_SSH_PRIVATE_KEY_FILE: not set');
  if (env.SOPS_AGE_SSH_PRIVATE_KEY_CMD) {
    const out = await run(env.SOPS_AGE_SSH_PRIVATE_KEY_CMD);
    await addSsh(`SOPS_AGE_SSH_PRIVATE_KEY_CMD (${env.SOPS_AGE_SSH_PRIVATE_KEY_CMD})`, out);
  }

  const keysTxt = join(userConfigDir(env), 'sops', 'age', 'keys.txt');
  if (existsSync(keysTxt)) {
    const text = read(keysTxt);
    if (text === undefined) tried.push(`${keysTxt}: cannot be read`);
    else await addAge(keysTxt, text);
  } else tried.push(`${keysTxt}: not found`);

  const sshKey = join(env.HOME ?? homedir(), '.ssh', 'id_ed25519');
  if (existsSync(sshKey)) await addSsh(sshKey, read(sshKey));
  else tried.push(`${sshKey}: not found`);

  return { identities: [...new Set(identities)], tried };
}
