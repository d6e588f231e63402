#!/usr/bin/env node
// npm's `prepare` step: builds dist/ when talgen is installed from git (`npm install -g git+…#vX.Y.Z`, pre-commit)
// or packed (`npm pack`). Two npm behaviours shape it:
// - pre-commit reads `npm pack`'s stdout as the tarball's file name, so nothing here may print on stdout: every
//   child writes to stderr (the `.npmrc` beside package.json keeps npm's own script banner off stdout too).
// - `npm install -g git+…` prepares the clone in global mode, without its devDependencies (npm/cli#8440), so the
//   compiler is missing: then the clone's own dependencies are installed locally first, from package-lock.json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** npm as the running npm started us (npm_execpath), else the one on PATH. */
function npm(args, env) {
  const cli = process.env.npm_execpath;
  const [cmd, argv] = cli && /\.[cm]?js$/.test(cli) ? [process.execPath, [cli, ...args]] : ['npm', args];
  const r = spawnSync(cmd, argv, { cwd: root, env, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' && cmd === 'npm' });
  if (r.error) {
    process.stderr.write(`talgen prepare: cannot run npm: ${r.error.message}\n`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(join(root, 'node_modules', 'typescript', 'package.json'))) {
  process.stderr.write('talgen prepare: build tools missing (a global install from git); installing them in the checkout\n');
  // The global install's settings reach us through npm_config_* variables: this install is local to the checkout
  // (and npm refuses --allow-scripts, which a global install from git needs, in a local one).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(global|location|prefix|allow_scripts)$/i.test(k)));
  npm(['install', '--global=false', '--location=project', '--prefix', root, '--include=dev', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund'], env);
}
npm(['run', 'build'], process.env);
