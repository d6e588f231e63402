import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileName, gitignoreUpdate } from '../../src/emit/layout.js';
import { diffFile } from '../../src/emit/diff.js';
import { redactSecrets } from '../../src/emit/redact.js';
import { TalgenError } from '../../src/core/errors.js';

const base = { clusterName: 'home', hostname: 'node1', ipAddress: '10.0.0.1', role: 'controlplane' as const, where: 'nodes[0]' };

test('default file name is <cluster>-<hostname>.yaml', () => {
  assert.is(nodeFileName(base), 'home-node1.yaml');
});

test('filenameTmpl fields (talhelper outputfilename cases)', () => {
  assert.is(nodeFileName({ ...base, filenameTmpl: '{{.Hostname}}-{{.Role}}.yaml' }), 'node1-controlplane.yaml');
  assert.is(nodeFileName({ ...base, filenameTmpl: '{{ .IPAddress }}.yaml' }), '10.0.0.1.yaml');
  assert.throws(
    () => nodeFileName({ ...base, filenameTmpl: '{{ .Nope }}' }),
    (e: unknown) => e instanceof TalgenError && /\.Nope/.test(e.message),
  );
});

test('hostnames that would leave the output directory are rejected', () => {
  for (const hostname of ['../x', '/etc/x', 'a/b', '..']) {
    assert.throws(
      () => nodeFileName({ ...base, hostname, filenameTmpl: '{{ .Hostname }}' }),
      (e: unknown) => e instanceof TalgenError && /output directory/.test(e.message),
      hostname,
    );
  }
});

test('.gitignore lists new files once and respects existing patterns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'talgen-gi-'));
  assert.is(gitignoreUpdate(dir, ['a.yaml', 'talosconfig']), 'a.yaml\ntalosconfig\n');
  writeFileSync(join(dir, '.gitignore'), '*.yaml\n');
  assert.is(gitignoreUpdate(dir, ['a.yaml', 'talosconfig']), '*.yaml\ntalosconfig\n');
  writeFileSync(join(dir, '.gitignore'), '*.yaml\ntalosconfig\n');
  assert.is(gitignoreUpdate(dir, ['a.yaml', 'talosconfig']), undefined);
});

test('secret values never appear in diffs; changes still show', () => {
  const a = 'machine:\n    token: abc.def\n    ca:\n        crt: CERT\n        key: SECRETKEY1\n';
  const b = 'machine:\n    token: abc.def\n    ca:\n        crt: CERT\n        key: SECRETKEY2\n';
  const hunks = (before: string, after: string, showSecrets = false) =>
    diffFile({ path: 'out/x.yaml', before, after }, { showSecrets })
      .documents.map((x) => x.hunks)
      .join('');
  const d = hunks(a, b);
  assert.not.match(d, /SECRETKEY/);
  assert.not.match(d, /abc\.def/);
  assert.match(d, /^-\s+key: <redacted [0-9a-f]{12}>$/m);
  assert.match(d, /^\+\s+key: <redacted [0-9a-f]{12}>$/m);
  assert.is(diffFile({ path: 'x', before: a, after: a }).status, 'unchanged');
  assert.match(hunks(a, b, true), /SECRETKEY2/);
});

test('PEM blocks under secret keys collapse to one redacted line', () => {
  const t =
    'apiVersion: v1alpha1\nkind: KubeServiceAccountConfig\nissuer:\n    privateKey: |\n        -----BEGIN EC PRIVATE KEY-----\n        AAAA\n        -----END EC PRIVATE KEY-----\n    issuerURL: https://x:6443\n';
  const r = redactSecrets(t);
  assert.not.match(r, /AAAA|BEGIN/);
  assert.match(r, /privateKey: <redacted [0-9a-f]{12}>\n    issuerURL: https:\/\/x:6443/);
});

test.run();
