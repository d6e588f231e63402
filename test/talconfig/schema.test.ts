import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { talconfigSchema } from '../../src/talconfig/validate.js';
import { conformanceFile, needConformance } from '../helpers/shared.js';

type S = Record<string, any>;

function resolve(s: S, root: S): S {
  let r = s;
  for (let i = 0; i < 6 && r?.$ref; i++)
    r = (r.$ref as string)
      .replace('#/', '')
      .split('/')
      .reduce((o: S, k: string) => o[k], root);
  return r ?? {};
}

function paths(s: S, root: S, prefix: string, depth: number, out: Set<string>): void {
  if (depth > 3) return;
  for (const [k, p] of Object.entries(resolve(s, root).properties ?? {})) {
    const path = prefix ? `${prefix}.${k}` : k;
    out.add(path);
    paths(p as S, root, path, depth + 1, out);
    const rp = resolve(p as S, root);
    if (rp.items) paths(rp.items, root, path, depth + 1, out);
  }
}

if (needConformance("talhelper's official talconfig schema")) {
  test("talgen's talconfig schema accepts every field of talhelper's official schema", () => {
    const official = JSON.parse(readFileSync(conformanceFile('talhelper', 'schemas', 'talconfig.json'), 'utf8')) as S;
    const want = new Set<string>();
    const have = new Set<string>();
    paths(official, official, '', 0, want);
    paths(talconfigSchema(), talconfigSchema(), '', 0, have);
    assert.equal(
      [...want].filter((p) => !have.has(p)),
      [],
    );
    assert.ok(want.size > 300, `${want.size} paths compared`);
  });
}

test.run();
