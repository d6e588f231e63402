import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseContract } from '../../src/core/contract.js';
import { renderConfig } from '../../src/emit/render.js';

const HOSTNAME = { apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'off', hostname: 'cp1' };

test('talos format: YAML 1.1 bool words are double-quoted up to v1.13 (go-yaml v4 rc.3/rc.4)', () => {
  assert.is(renderConfig([HOSTNAME], parseContract('v1.13'), 'talos'), 'apiVersion: v1alpha1\nkind: HostnameConfig\nauto: "off"\nhostname: cp1\n');
});

test('talos format: v1.14 on single-quote them (go-yaml v4 rc.6)', () => {
  for (const c of ['v1.14', 'v1.15']) {
    assert.is(renderConfig([HOSTNAME], parseContract(c), 'talos'), "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: 'off'\nhostname: cp1\n", c);
  }
});

test('talhelper format: the style its newest machinery chose (single quotes) survives its yaml.v3 re-encode, for every contract', () => {
  for (const c of ['v1.13', 'v1.14']) {
    assert.is(renderConfig([HOSTNAME], parseContract(c), 'talhelper'), "apiVersion: v1alpha1\nkind: HostnameConfig\nauto: 'off'\nhostname: cp1\n", c);
  }
});

test.run();
