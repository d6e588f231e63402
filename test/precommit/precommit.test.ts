import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, run } from '../helpers/cli.js';
import { BASIC, makeRepo } from '../genconfig/repo.js';
import { needTool } from '../helpers/shared.js';

/** The real pre-commit: `test`, or uvu's `test.skip` where it is not installed (.ci/run installs it). */
const withPrecommit = needTool('pre-commit', 'the pre-commit hook run by the real pre-commit') ? test : test.skip;

// The real pre-commit (Debian package, installed by .ci/run) running talgen as a hook on a cluster repo.
withPrecommit('pre-commit runs talgen validate talconfig and blocks a broken talconfig', () => {
  const dir = makeRepo({
    'talconfig.yaml': BASIC,
    '.pre-commit-config.yaml': `repos:
  - repo: local
    hooks:
      - id: talgen-validate-talconfig
        name: talgen validate talconfig
        entry: ${process.execPath} ${CLI} validate talconfig
        language: system
        files: (^|/)talconfig\\.ya?ml$
`,
  });
  const git = (...a: string[]) => run('git', a, { cwd: dir });
  git('init', '-q');
  git('add', '.');
  const env = { cwd: dir };
  const ok = run('pre-commit', ['run', '--all-files'], env);
  assert.is(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /talgen validate talconfig\.+Passed/);
  writeFileSync(join(dir, 'talconfig.yaml'), BASIC.replace('controlPlane: true', 'controlPlane: yes please'));
  git('add', '.');
  const bad = run('pre-commit', ['run', '--all-files'], env);
  assert.is(bad.code, 1);
  assert.match(bad.stdout, /talgen validate talconfig\.+Failed/);
  assert.match(bad.stdout, /talconfig\.yaml:8:19: nodes\[0\]\.controlPlane: cannot unmarshal !!str `yes please` into bool/);
});

test.run();
