import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { encryptText } from '../../src/sops/index.js';
import { tmp, type Run } from '../helpers/cli.js';
import { needTool, ROOT } from '../helpers/shared.js';
import { atRelease, BASIC, secretsText } from '../genconfig/repo.js';

// The hooks as users add them: the real pre-commit installs talgen from a git URL and a release tag (a bare
// repository of this checkout's HEAD, tagged by scripts/release.mjs) and runs it on `git commit`.
// One PRE_COMMIT_HOME for every case: pre-commit installs the hook environment (npm) once, from the local npm cache
// where it holds the packages (prefer-offline: the registry only for what is missing), without the audit and funding
// requests.
const present = ['git', 'pre-commit', 'npm'].map((t) => needTool(t, 'hooks installed by the real pre-commit from a git tag')).every(Boolean);

const work = tmp('talgen-precommit-');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PRE_COMMIT_HOME: join(work, 'pre-commit-home'),
  GIT_AUTHOR_NAME: 'talgen-test',
  GIT_AUTHOR_EMAIL: 'test@talgen.invalid',
  GIT_COMMITTER_NAME: 'talgen-test',
  GIT_COMMITTER_EMAIL: 'test@talgen.invalid',
  SOPS_AGE_KEY: undefined,
  SOPS_AGE_KEY_FILE: undefined,
  XDG_CONFIG_HOME: join(work, 'no-config'),
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

function sh(cmd: string, args: string[], cwd: string): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const maybe = present ? test : test.skip;

maybe('pre-commit from a git tag: a good change passes, a plaintext talsecret and a broken patch are blocked', async () => {
  const release = sh(join(ROOT, 'scripts', 'bare-release.sh'), [work], ROOT);
  assert.is(release.code, 0, release.stderr);
  const tag = release.stdout.trim();
  const user = join(work, 'cluster-repo');
  mkdirSync(join(user, 'patches'), { recursive: true });
  const rcpt = await identityToRecipient(await generateX25519Identity());
  const files: Record<string, string> = {
    '.pre-commit-config.yaml': `repos:\n  - repo: file://${join(work, 'talgen.git')}\n    rev: ${tag}\n    hooks:\n      - id: talgen-check\n      - id: talgen-encrypted\n`,
    // Talos v1.6: the check renders with a throwaway bundle (no key here), and v1.6's has no RSA-4096 key to wait for.
    'talconfig.yaml': atRelease(BASIC, 'v1.6.8').replace('nodes:', 'patches:\n  - "@./patches/common.yaml"\nnodes:'),
    'patches/common.yaml': 'machine:\n  time:\n    servers: [time.example.org]\n',
    // Encrypted for a key this machine does not hold, as on a contributor's machine or in CI without the secret.
    'talsecret.sops.yaml': await encryptText(secretsText(), 'talsecret.sops.yaml', { recipients: [rcpt] }),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(user, name), text);
  assert.is(sh('git', ['init', '-q'], user).code, 0);
  const install = sh('pre-commit', ['install'], user);
  assert.is(install.code, 0, install.stdout + install.stderr);
  const commit = (message: string) => sh('git', ['commit', '-q', '-m', message], user);

  sh('git', ['add', '.'], user);
  const good = commit('cluster');
  assert.is(good.code, 0, good.stdout + good.stderr);
  const goodOut = good.stdout + good.stderr;
  assert.match(goodOut, /talgen check\.+Passed/);
  assert.match(goodOut, /talgen secret files are SOPS-encrypted\.+Passed/);

  writeFileSync(join(user, 'talsecret.yaml'), secretsText());
  sh('git', ['add', 'talsecret.yaml'], user);
  const leak = commit('plaintext secrets');
  assert.is(leak.code, 1, 'blocked');
  const leakOut = leak.stdout + leak.stderr;
  assert.match(leakOut, /talgen secret files are SOPS-encrypted\.+Failed/);
  assert.match(leakOut, /talsecret\.yaml: secret file is not SOPS-encrypted/);
  sh('git', ['rm', '-q', '--cached', 'talsecret.yaml'], user);
  sh('rm', ['talsecret.yaml'], user);

  writeFileSync(join(user, 'patches', 'common.yaml'), 'machine:\n  time:\n    servers: 5\n');
  sh('git', ['add', 'patches/common.yaml'], user);
  const broken = commit('broken patch');
  assert.is(broken.code, 1, 'blocked');
  const brokenOut = broken.stdout + broken.stderr;
  assert.match(brokenOut, /talgen check\.+Failed/);
  assert.match(brokenOut, /patches\/common\.yaml:3:\d+: .*servers/);
  assert.is(sh('git', ['rev-list', '--count', 'HEAD'], user).stdout.trim(), '1', 'only the good commit landed');
});

test.run();
