import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { discoverKeys, encryptText } from '../../src/sops/index.js';
import { userConfigDir } from '../../src/sops/keys.js';
import { run, talgen, tmp } from '../helpers/cli.js';
import { conformanceFile, needConformance, needTool } from '../helpers/shared.js';
import { decryptText } from '../../src/sops/index.js';
import { fixture } from './helpers.js';

/** Tests that make ssh keys with `ssh-keygen`: `test`, or uvu's `test.skip` where it is not installed. */
const withSshKeygen = needTool('ssh-keygen', 'ssh keys made with ssh-keygen') ? test : test.skip;

withSshKeygen('key discovery follows sops: SOPS_AGE_KEY, _FILE, _CMD, SSH key file, keys.txt, ~/.ssh/id_ed25519', async () => {
  const d = tmp();
  const ids = await Promise.all([1, 2, 3, 4].map(() => generateX25519Identity()));
  writeFileSync(join(d, 'k.txt'), `# created: today\n# public key: age1…\n${ids[1]}\n`);
  writeFileSync(join(d, 'cmd.txt'), `${ids[2]}\n`);
  mkdirSync(join(d, 'xdg', 'sops', 'age'), { recursive: true });
  writeFileSync(join(d, 'xdg', 'sops', 'age', 'keys.txt'), `${ids[3]}\n`);
  mkdirSync(join(d, '.ssh'));
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'a', '-f', join(d, 'sshfile')]);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'b', '-f', join(d, '.ssh', 'id_ed25519')]);
  const k = await discoverKeys({
    SOPS_AGE_KEY: ids[0],
    SOPS_AGE_KEY_FILE: join(d, 'k.txt'),
    SOPS_AGE_KEY_CMD: `cat ${join(d, 'cmd.txt')}`,
    SOPS_AGE_SSH_PRIVATE_KEY_FILE: join(d, 'sshfile'),
    XDG_CONFIG_HOME: join(d, 'xdg'),
    HOME: d,
  });
  assert.equal(k.identities.slice(0, 3), ids.slice(0, 3));
  assert.is(k.identities[5], ids[3], 'keys.txt after the two identities of the ssh key file');
  assert.is(k.identities.length, 8);
  const tried = k.tried.join('\n');
  assert.match(
    tried,
    /^SOPS_AGE_KEY: 1 age key\(s\)\nSOPS_AGE_KEY_FILE=.*k\.txt: 1 age key\(s\)\nSOPS_AGE_KEY_CMD \(cat .*\): 1 age key\(s\)\nSOPS_AGE_SSH_PRIVATE_KEY_FILE=.*sshfile: ssh-ed25519 key\n.*xdg\/sops\/age\/keys\.txt: 1 age key\(s\)\n.*\.ssh\/id_ed25519: ssh-ed25519 key$/,
  );
  for (const id of ids) assert.not.ok(tried.includes(id.slice(16)), 'no key material in the notes');
});

withSshKeygen('bad keys are skipped with notes: malformed lines, unreadable file, failing command, passphrase-protected ssh key', async () => {
  const d = tmp();
  const good = await generateX25519Identity();
  writeFileSync(join(d, 'k.txt'), `AGE-SECRET-KEY-1NOTAREALKEYXYZ\n${good}\n`);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-C', 'locked', '-f', join(d, 'locked')]);
  const k = await discoverKeys({
    SOPS_AGE_KEY_FILE: join(d, 'k.txt'),
    SOPS_AGE_KEY_CMD: 'exit 3',
    SOPS_AGE_SSH_PRIVATE_KEY_FILE: join(d, 'locked'),
    XDG_CONFIG_HOME: d,
    HOME: d,
  });
  assert.equal(k.identities, [good]);
  const tried = k.tried.join('\n');
  assert.match(tried, /k\.txt: 1 age key\(s\), 1 malformed line\(s\) skipped/);
  assert.not.match(tried, /NOTAREALKEY/);
  assert.match(tried, /SOPS_AGE_KEY_CMD \(exit 3\): command failed/);
  assert.match(tried, /locked: passphrase-protected ssh key, skipped/);
  const unreadable = await discoverKeys({ SOPS_AGE_KEY_FILE: join(d, 'nope.txt'), XDG_CONFIG_HOME: d, HOME: d });
  assert.match(unreadable.tried.join('\n'), /SOPS_AGE_KEY_FILE=.*nope\.txt: cannot be read/);
});

withSshKeygen('a passphrase-protected ~/.ssh/id_ed25519 does not stop SOPS_AGE_KEY from working (the sops-age failure)', async () => {
  const d = tmp();
  mkdirSync(join(d, '.ssh'));
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret-pass', '-C', 'locked', '-f', join(d, '.ssh', 'id_ed25519')]);
  const id = await generateX25519Identity();
  const f = join(d, 'x.yaml');
  writeFileSync(f, await encryptText('token: abc\n', f, { recipients: [await identityToRecipient(id)] }));
  const r = talgen(['decrypt', f], { env: { SOPS_AGE_KEY: id, HOME: d } });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, 'token: abc\n');
  const none = talgen(['decrypt', f], { env: { HOME: d, XDG_CONFIG_HOME: join(d, 'cfg') } });
  assert.is(none.code, 1);
  const [line, hint] = none.stderr.trim().split('\n');
  assert.match(
    line!,
    /x\.yaml:\d+:\d+: SOPS decryption failed: no age key found to open this file \(its recipients: age1[0-9a-z]+\); tried SOPS_AGE_KEY: not set; SOPS_AGE_KEY_FILE: not set; SOPS_AGE_KEY_CMD: not set; SOPS_AGE_SSH_PRIVATE_KEY_FILE: not set; .*cfg\/sops\/age\/keys\.txt: not found; .*\.ssh\/id_ed25519: passphrase-protected ssh key, skipped/,
  );
  assert.match(hint!, /hint: set SOPS_AGE_KEY_FILE/);
});

test('keys.txt location per platform, as sops looks for it', () => {
  assert.is(userConfigDir({ HOME: '/h' }, 'linux'), '/h/.config');
  assert.is(userConfigDir({ HOME: '/h', XDG_CONFIG_HOME: '/x' }, 'linux'), '/x');
  assert.is(userConfigDir({ HOME: '/h' }, 'darwin'), '/h/Library/Application Support');
  assert.is(userConfigDir({ HOME: '/h', AppData: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32'), 'C:\\Users\\u\\AppData\\Roaming');
});

test('an unreadable keys.txt is a note, not a crash', async () => {
  if (process.getuid?.() === 0) {
    // root reads any file: use a directory in place of the key file instead.
    const d = tmp();
    mkdirSync(join(d, 'sops', 'age', 'keys.txt'), { recursive: true });
    const k = await discoverKeys({ XDG_CONFIG_HOME: d, HOME: d });
    assert.match(k.tried.join('\n'), /keys\.txt: cannot be read/);
    return;
  }
  const d = tmp();
  mkdirSync(join(d, 'sops', 'age'), { recursive: true });
  writeFileSync(join(d, 'sops', 'age', 'keys.txt'), 'x');
  chmodSync(join(d, 'sops', 'age', 'keys.txt'), 0);
  const k = await discoverKeys({ XDG_CONFIG_HOME: d, HOME: d });
  assert.match(k.tried.join('\n'), /keys\.txt: cannot be read/);
});

if (needConformance('sops-nix ssh key fixture')) {
  test('sops-nix fixture: the ssh key converted the ssh-to-age way opens its X25519 recipient', async () => {
    const d = tmp();
    const keys = await discoverKeys({ SOPS_AGE_SSH_PRIVATE_KEY_FILE: conformanceFile('sops', 'sops-nix', 'ssh-ed25519-key'), XDG_CONFIG_HOME: d, HOME: d });
    const out = await decryptText(fixture('sops-nix/secrets.yaml'), 'secrets.yaml', { keys });
    assert.ok(out.length > 0);
    assert.not.match(out, /ENC\[/);
  });
}

test.run();
