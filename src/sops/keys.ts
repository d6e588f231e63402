import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import type { webcrypto } from 'node:crypto';
import type { Identity } from 'age-encryption';
import { parseOpenSshEd25519, sshEd25519Identity, sshToAgeIdentity } from './ssh.js';

/** Age identities found on this machine, and a human-readable account of every place that was looked at. */
export interface KeySource {
  /** `AGE-SECRET-KEY-1…` strings, or identities made from ssh keys. */
  identities: (string | Identity | webcrypto.CryptoKey)[];
  tried: string[];
}

const AGE_KEY = /AGE-SECRET-KEY-1[0-9A-Z]+|AGE-SECRET-KEY-PQ-1[0-9A-Z]+/g;

function keysIn(text: string): string[] {
  return text.match(AGE_KEY) ?? [];
}

function userConfigDir(env: NodeJS.ProcessEnv): string {
  if (env.XDG_CONFIG_HOME) return env.XDG_CONFIG_HOME;
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Application Support');
  if (platform() === 'win32' && env.AppData) return env.AppData;
  return join(homedir(), '.config');
}

/**
 * Key discovery in sops's order: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, SOPS_AGE_SSH_PRIVATE_KEY_FILE,
 * the user config keys.txt, then ~/.ssh/id_ed25519. Unreadable keys are skipped with a note, never a crash.
 * Key material never appears in the notes.
 */
export async function discoverKeys(env: NodeJS.ProcessEnv = process.env): Promise<KeySource> {
  const identities: KeySource["identities"] = [];
  const tried: string[] = [];
  const add = (where: string, text: string) => {
    const found = keysIn(text);
    identities.push(...found);
    tried.push(`${where}: ${found.length ? `${found.length} age key(s)` : 'no age key in it'}`);
  };
  if (env.SOPS_AGE_KEY !== undefined) add('SOPS_AGE_KEY', env.SOPS_AGE_KEY);
  else tried.push('SOPS_AGE_KEY: not set');
  if (env.SOPS_AGE_KEY_FILE) {
    try {
      add(`SOPS_AGE_KEY_FILE=${env.SOPS_AGE_KEY_FILE}`, readFileSync(env.SOPS_AGE_KEY_FILE, 'utf8'));
    } catch {
      tried.push(`SOPS_AGE_KEY_FILE=${env.SOPS_AGE_KEY_FILE}: cannot be read`);
    }
  } else tried.push('SOPS_AGE_KEY_FILE: not set');
  if (env.SOPS_AGE_KEY_CMD) {
    try {
      add(`SOPS_AGE_KEY_CMD (${env.SOPS_AGE_KEY_CMD})`, execSync(env.SOPS_AGE_KEY_CMD, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 }));
    } catch {
      tried.push(`SOPS_AGE_KEY_CMD (${env.SOPS_AGE_KEY_CMD}): command failed`);
    }
  }
  const addSsh = async (where: string, path: string) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      tried.push(`${where}: cannot be read`);
      return;
    }
    const key = parseOpenSshEd25519(text);
    if (key === 'encrypted') tried.push(`${where}: passphrase-protected ssh key, skipped (use an age key or an unencrypted ssh key)`);
    else if (!key) tried.push(`${where}: not an OpenSSH ed25519 private key, skipped`);
    else {
      identities.push(sshEd25519Identity(key), await sshToAgeIdentity(key));
      tried.push(`${where}: ssh-ed25519 key`);
    }
  };
  if (env.SOPS_AGE_SSH_PRIVATE_KEY_FILE) await addSsh(`SOPS_AGE_SSH_PRIVATE_KEY_FILE=${env.SOPS_AGE_SSH_PRIVATE_KEY_FILE}`, env.SOPS_AGE_SSH_PRIVATE_KEY_FILE);
  const keysTxt = join(userConfigDir(env), 'sops', 'age', 'keys.txt');
  if (existsSync(keysTxt)) {
    try {
      add(keysTxt, readFileSync(keysTxt, 'utf8'));
    } catch {
      tried.push(`${keysTxt}: cannot be read`);
    }
  } else tried.push(`${keysTxt}: not found`);
  const sshKey = join(env.HOME ?? homedir(), '.ssh', 'id_ed25519');
  if (existsSync(sshKey)) await addSsh(sshKey, sshKey);
  else tried.push(`${sshKey}: not found`);
  return { identities: [...new Set(identities)], tried };
}
