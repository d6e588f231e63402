#!/usr/bin/env node
// Usage: node scripts/release.mjs vX.Y.Z   (in a clean checkout whose package.json says version X.Y.Z)
//
// Tags a release that installs from git without building: the tag points at a commit on top of HEAD that adds the
// built dist/src and a package.json without scripts and devDependencies. Why not tag HEAD itself: npm prepares a git
// dependency that has a build or prepare script in a child `npm install`, and for `npm install -g` that child runs
// in global mode without the devDependencies (npm/cli#8440), so the compiler is missing. A release commit with the
// build output needs no script, no compiler and no network beyond the runtime dependencies, for `npm install -g`,
// `npx` and pre-commit alike. The branch, the index and the working tree are left as they are.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function fail(message) {
  process.stderr.write(`release: ${message}\n`);
  process.exit(1);
}

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.error) fail(`cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
  return r.stdout.trim();
}

const tag = process.argv[2] ?? '';
if (!/^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(tag)) fail(`usage: node scripts/release.mjs vX.Y.Z (got "${tag}")`);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (`v${pkg.version}` !== tag) fail(`package.json says version ${pkg.version}; set it to ${tag.slice(1)} and commit first`);
if (run('git', ['status', '--porcelain', '--untracked-files=no'])) fail('tracked files have uncommitted changes; the release is built from HEAD');
if (spawnSync('git', ['rev-parse', '-q', '--verify', `refs/tags/${tag}`], { cwd: root }).status === 0) fail(`tag ${tag} exists`);

// The build's own output goes to stderr: this script's stdout is the release commit only.
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
if (build.status !== 0) fail('npm run build failed');

const { scripts: _scripts, devDependencies: _dev, ...released } = pkg;
const work = mkdtempSync(join(tmpdir(), 'talgen-release-'));
try {
  const env = { ...process.env, GIT_INDEX_FILE: join(work, 'index') };
  writeFileSync(join(work, 'package.json'), `${JSON.stringify(released, null, 2)}\n`);
  run('git', ['read-tree', 'HEAD'], env);
  // Every built directory the package ships (package.json "files"): the bundle the bin runs, dist/src, validators.
  run('git', ['add', '--force', ...pkg.files.filter((f) => f.startsWith('dist/'))], env);
  const blob = run('git', ['hash-object', '-w', join(work, 'package.json')]);
  run('git', ['update-index', '--cacheinfo', `100644,${blob},package.json`], env);
  const tree = run('git', ['write-tree'], env);
  const commit = run('git', ['commit-tree', '-p', 'HEAD', '-m', `talgen ${tag}: built release (dist/, no build scripts)`, tree]);
  run('git', ['tag', '-a', '-m', `talgen ${tag}`, tag, commit]);
  process.stderr.write(`release: tagged ${tag} (${commit.slice(0, 12)}); publish it with: git push origin ${tag}\n`);
  process.stdout.write(`${commit}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
