import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmp, talgenMain } from '../helpers/cli.js';
import { buildCli } from '../../src/cli/main.js';
import { describeCli } from '../../src/cli/spec.js';

/** The registered command names starting with `prefix`, sorted (what completion must offer). */
const registered = (prefix: string): string[] =>
  describeCli(buildCli())
    .commands.map((c) => c.name)
    .filter((n) => n.startsWith(prefix))
    .sort();

/** The completion script as `talgen completion SHELL` prints it, saved to a file for the shell to source. */
async function script(shell: string): Promise<string> {
  const r = await talgenMain(['completion', shell]);
  assert.is(r.code, 0, r.stderr);
  const file = join(tmp('talgen-completion-'), `talgen.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

function installed(shell: string): boolean {
  const present = spawnSync(shell, ['-c', 'exit 0']).status === 0;
  if (!present) console.log(`  SKIP: ${shell} is not installed; its completion script is not exercised (apt-get install ${shell})`);
  return present;
}

function shell(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd });
  assert.is(r.status, 0, `${cmd}: ${r.stderr}`);
  return r.stdout;
}

test('an unknown shell is a usage error', async () => {
  const r = await talgenMain(['completion', 'tcsh']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /no completion for shell "tcsh"\n {2}hint: use one of bash, zsh, fish/);
});

test("bash: sourcing the script, commands, a command's flags, global flags and file names complete", async () => {
  const file = await script('bash');
  const dir = tmp('talgen-completion-cwd-');
  mkdirSync(join(dir, 'patches'));
  writeFileSync(join(dir, 'talconfig.yaml'), '');
  const complete = (...words: string[]) =>
    shell(
      'bash',
      ['-c', `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _talgen; printf '%s\\n' "\${COMPREPLY[@]}"`, 'bash', file, ...words],
      dir,
    )
      .split('\n')
      .filter(Boolean);
  assert.equal(complete('talgen', 'gencon'), ['genconfig']);
  assert.equal(complete('talgen', 'gen').sort(), registered('gen'));
  assert.ok(registered('gen').length > 1);
  assert.equal(complete('talgen', 'genconfig', '--out-'), ['--out-dir']);
  assert.equal(complete('talgen', 'genconfig', '--no-'), ['--no-gitignore']);
  assert.ok(complete('talgen', 'genconfig', '-').includes('--debug'));
  assert.equal(complete('talgen', '--vers'), ['--version']);
  // genconfig has no --customization-file (genurl has): flags follow the command.
  assert.equal(complete('talgen', 'genconfig', '--custom'), []);
  assert.equal(complete('talgen', 'genurl', '--custom'), ['--customization-file']);
  assert.equal(complete('talgen', 'validate', 'talconfig', 'talc'), ['talconfig.yaml']);
  // The function is registered for the talgen command.
  assert.match(shell('bash', ['-c', 'source "$1"; complete -p talgen', 'bash', file]), /-F _talgen talgen/);
});

test('zsh: the script sources and its function offers commands and flags (completion system stubbed: no terminal)', async () => {
  if (!installed('zsh')) return;
  const file = await script('zsh');
  assert.is(spawnSync('zsh', ['-n', file]).status, 0, 'zsh -n');
  // compdef/_describe/_files are zsh's completion system, which needs an interactive terminal: stubs print what the
  // script hands them, the script's own logic runs in the real zsh.
  const stubs = `compdef() { print -r -- "compdef $*"; }; _describe() { print -rl -- "\${(@P)4}"; }; _files() { print -r -- FILES; }`;
  const complete = (...words: string[]) =>
    shell('zsh', ['-f', '-c', `${stubs}; source "$1" >/dev/null; shift; words=("$@"); CURRENT=$#; _talgen`, 'zsh', file, ...words])
      .split('\n')
      .filter(Boolean);
  assert.equal(shell('zsh', ['-f', '-c', `${stubs}; source "$1"`, 'zsh', file]), 'compdef _talgen talgen\n');
  assert.ok(complete('talgen', 'gen').includes('genconfig:render every node of a talconfig.yaml into Talos machine configs + talosconfig'));
  const flags = complete('talgen', 'genconfig', '--');
  assert.ok(flags.includes('--out-dir:output directory'), flags.join('\n'));
  assert.ok(flags.includes('--debug:print each pipeline step to stderr with timing and counts (never secret values)'));
  assert.not.ok(flags.some((f) => f.startsWith('--customization-file')));
  assert.equal(complete('talgen', 'genconfig', 'x'), ['FILES']);
});

test("fish: complete -C lists commands with descriptions and a command's flags", async () => {
  if (!installed('fish')) return;
  const file = await script('fish');
  const complete = (line: string) => shell('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', file, line]).split('\n').filter(Boolean);
  assert.ok(complete('talgen genc').includes('genconfig\trender every node of a talconfig.yaml into Talos machine configs + talosconfig'));
  const flags = complete('talgen genconfig --out');
  assert.ok(
    flags.some((f) => f.startsWith('--out-dir\t')),
    flags.join('\n'),
  );
  assert.ok(complete('talgen genconfig --no-').some((f) => f.startsWith('--no-gitignore\t')));
  assert.not.ok(complete('talgen genconfig --custom').some((f) => f.startsWith('--customization-file')));
  assert.ok(complete('talgen --vers').some((f) => f.startsWith('--version\t')));
});

test.run();
