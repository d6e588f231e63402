// ad-hoc: talgen vs talhelper on every corpus case (dev only, not committed)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const { CORPUS, discoverCases } = await import('/work/main/dist/test/corpus/cases.js');
const { prepareCase } = await import('/work/main/dist/test/corpus/prepare.js');
const TH = process.env.TALHELPER ?? '/tmp/talhelper';
const CLI = '/work/main/dist/src/cli.js';
const cases = discoverCases(CORPUS, process.argv[2]);
const summary = [];
for (const c of cases) {
  if (c.skip) {
    summary.push(`SKIP ${c.name}`);
    continue;
  }
  const p = await prepareCase(c);
  try {
    const env = { ...p.env };
    let tg;
    for (let round = 0; round < 8; round++) {
      tg = spawnSync(process.execPath, [CLI, ...p.args, '-o', 'out-talgen'], { cwd: p.cwd, env, encoding: 'utf8' });
      const unset = /variable \$\{(\w+)\} is not set/.exec(tg.stderr)?.[1];
      if (tg.status === 0 || !unset) break;
      env[unset] = p.values.value({ ...p.versions, name: unset });
    }
    const th = spawnSync(TH, [...p.args, '--offline-mode', '-o', 'out-talhelper'], { cwd: p.cwd, env, encoding: 'utf8' });
    if (tg.status !== 0 || th.status !== 0) {
      summary.push(
        `EXIT ${c.name}: talgen ${tg.status} talhelper ${th.status}\n   talgen: ${tg.stderr.trim().split('\n')[0]}\n   talhelper: ${(th.stderr || th.stdout).trim().split('\n').slice(-1)[0]}`,
      );
      continue;
    }
    const a = join(p.cwd, 'out-talgen'),
      b = join(p.cwd, 'out-talhelper');
    const files = [...new Set([...readdirSync(a), ...readdirSync(b)])].filter((f) => f.endsWith('.yaml')).sort();
    const diffs = [];
    for (const f of files) {
      const x = existsSync(join(a, f)) ? readFileSync(join(a, f), 'utf8') : '(missing)';
      const y = existsSync(join(b, f)) ? readFileSync(join(b, f), 'utf8') : '(missing)';
      if (x !== y) {
        const out = join('/tmp/thdiff', c.name);
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, f + '.talgen'), x);
        writeFileSync(join(out, f + '.talhelper'), y);
        const d = spawnSync('diff', [join(out, f + '.talhelper'), join(out, f + '.talgen')], { encoding: 'utf8' })
          .stdout.split('\n')
          .slice(0, 8)
          .join('\n     ');
        diffs.push(`${f}\n     ${d}`);
      }
    }
    summary.push(diffs.length ? `DIFF ${c.name} (${diffs.length}/${files.length})\n  ${diffs.slice(0, 2).join('\n  ')}` : `SAME ${c.name} (${files.length})`);
  } finally {
    p.cleanup();
  }
}
console.log(summary.join('\n'));
