import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cac } from 'cac';
import { commands } from '../../src/cli/commands/index.js';
import { buildCli } from '../../src/cli/main.js';
import { describeCli, parseFlag } from '../../src/cli/spec.js';
import { typedFlags } from '../../src/cli/argv-check.js';
import { talgen, talgenMain, tmp } from '../helpers/cli.js';
import { ROOT } from '../helpers/shared.js';

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('talgen alone prints the help (exit 0); -v and --version print the version and are listed in it', async () => {
  const help = await talgenMain([]);
  assert.is(help.code, 0);
  assert.match(help.stdout, /^Commands:$/m);
  assert.match(help.stdout, /^ {2}genconfig /m);
  assert.match(help.stdout, /^ {2}-v, --version /m);
  assert.match(help.stdout, /^ {2}-d, --debug /m);
  for (const flag of ['-v', '--version']) {
    const r = await talgenMain([flag]);
    assert.is(r.code, 0);
    assert.ok(r.stdout.startsWith(`talgen/${version} `), r.stdout);
  }
  // genurl keeps talhelper's -v (the Talos version), it is not talgen's version there.
  assert.match((await talgenMain(['genurl', '--help'])).stdout, /-v, --version <version>\s+Talos version/);
});

test('an unknown top-level flag is a usage error (exit 2), not help', async () => {
  const r = await talgenMain(['--foo']);
  assert.is(r.code, 2);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /^talgen: unknown flag --foo for talgen\n/);
});

test('an unknown command: exit 2 with a did-you-mean among the commands', async () => {
  const r = await talgenMain(['genconfg']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /unknown command "genconfg"\n {2}hint: did you mean "genconfig"\?/);
});

test('unknown flags: exit 2, the command named, the suggestion in kebab-case as the user types it', async () => {
  for (const typed of ['--outDirr', '--outdir', '--out-dirr']) {
    const r = await talgenMain(['genconfig', typed, 'x']);
    assert.is(r.code, 2, typed);
    assert.match(r.stderr, new RegExp(`unknown flag ${typed} for talgen genconfig\\n {2}hint: did you mean "--out-dir"\\?`));
    assert.not.match(r.stderr, /outDir"/);
  }
  // The positive form of a negated flag is not a flag of its own.
  assert.match((await talgenMain(['genconfig', '--gitignore'])).stderr, /did you mean "--no-gitignore"\?/);
  // A flag of another command says whose it is.
  const other = await talgenMain(['genurl', 'image', '--dry-run']);
  assert.is(other.code, 2);
  assert.match(other.stderr, /unknown flag --dry-run for talgen genurl\n {2}hint: --dry-run is a flag of talgen genconfig\./);
  // Short flags are checked one letter at a time; `=value` and `-` (stdin) are not flags.
  assert.match((await talgenMain(['genconfig', '-nq'])).stderr, /unknown flag -q for talgen genconfig/);
  assert.equal(typedFlags(['--out-dir=x', '-nc', 'f', '-', '--', '--not-a-flag']), ['--out-dir', '-n', '-c']);
});

test('every registered command accepts its own spellings and the global flags (no false unknown-flag errors)', async () => {
  for (const c of describeCli(buildCli()).commands) {
    for (const f of c.flags) {
      for (const s of f.spellings) {
        const r = await talgenMain([c.name, s, '--help']);
        assert.is(r.code, 0, `${c.name} ${s}: ${r.stderr}`);
      }
    }
    assert.is((await talgenMain([c.name, '-d', '--help'])).code, 0, c.name);
  }
});

test('help prints negated flags and switches without a default, value flags with theirs', async () => {
  const r = await talgenMain(['genconfig', '--help']);
  assert.is(r.code, 0);
  const line = (flag: string) => r.stdout.split('\n').find((l) => l.trimStart().startsWith(flag)) ?? '';
  assert.match(line('--no-gitignore'), /do not create\/update \.gitignore in the output directory$/);
  assert.match(line('-o, --out-dir <dir>'), /\(default: \.\/clusterconfig\)$/);
  assert.not.match(line('--strict'), /default/);
  // No help text anywhere says "(default: true)" or "(default: false)": a switch is off unless given.
  for (const c of describeCli(buildCli()).commands) {
    const h = (await talgenMain([c.name, '--help'])).stdout;
    assert.not.match(h, /\(default: (true|false)\)/, c.name);
  }
  assert.equal(parseFlag('--no-gitignore', 'd', true), { spellings: ['--no-gitignore'], value: undefined, description: 'd', default: undefined });
  assert.equal(parseFlag('-f, --from-controlplane-config, --from-configfile <file>', 'd'), {
    spellings: ['-f', '--from-controlplane-config', '--from-configfile'],
    value: '<file>',
    description: 'd',
    default: undefined,
  });
});

test('the process: a usage error exits 2 with one line and its hint, no stack trace', () => {
  const r = talgen(['genconfig', '--outDirr']);
  assert.is(r.code, 2);
  assert.is(r.stderr.split('\n').filter(Boolean).length, 2, r.stderr);
  assert.not.match(r.stderr, /\bat .*\.js:\d+/);
});

test('each entry of the command registry registers one command, under the name the entry gives', () => {
  // main() parses a command line that starts with an entry's name against that entry alone.
  for (const entry of commands) {
    const cli = cac('talgen');
    entry.register(cli);
    assert.equal(
      cli.commands.map((c) => [c.name, ...c.aliasNames]),
      [[entry.name]],
      entry.name,
    );
  }
});

test('a command line parsed against its command alone still gets the hints of the whole table', async () => {
  const r = await talgenMain(['validate', 'talconfig', '--out-dir', 'x']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /unknown flag --out-dir for talgen validate\n {2}hint: --out-dir is a flag of talgen genconfig/);
  const cmd = await talgenMain(['validate', 'talconfig', '--help']);
  assert.is(cmd.code, 0);
  assert.match(cmd.stdout, /^Usage:\n {2}talgen validate /);
});

test('a value flag given last, without its value, is a usage error naming it (pflag: flag needs an argument), nothing written', async () => {
  const dir = tmp('talgen-flag-value-');
  let checked = 0;
  for (const c of describeCli(buildCli()).commands) {
    for (const f of c.flags.filter((flag) => flag.value?.startsWith('<'))) {
      for (const spelling of f.spellings) {
        const r = await talgenMain([c.name, spelling], { cwd: dir });
        assert.is(r.code, 2, `${c.name} ${spelling}: ${r.stderr}`);
        assert.is(r.stderr, `talgen: flag needs an argument: ${spelling} ${f.value}\n  hint: "talgen ${c.name} --help" lists the flags\n`);
        checked++;
      }
    }
  }
  assert.ok(checked > 20, `${checked} flags`);
  assert.equal(readdirSync(dir), []);
  // After `--` it is an argument, and with `=` it has its value.
  assert.not.match((await talgenMain(['genconfig', '--dry-run', '--', '-o'], { cwd: dir })).stderr, /needs an argument/);
  assert.not.match((await talgenMain(['genconfig', '--dry-run', '--out-dir='], { cwd: dir })).stderr, /needs an argument/);
});

test.run();
