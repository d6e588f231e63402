import { encodeYaml } from '../emit/goyaml.js';
import { BUNDLE_SHAPE, type SecretsBundle } from './bundle.js';

/** The bundle as `yaml.Marshal` writes it: Go struct order, empty optional secrets omitted. `indent: 2` = talhelper. */
export function encodeSecretsBundle(b: SecretsBundle, indent: 2 | 4 = 4): string {
  const ordered: Record<string, unknown> = {};
  for (const [section, keys] of Object.entries(BUNDLE_SHAPE)) {
    const src = (b as unknown as Record<string, Record<string, unknown>>)[section]!;
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const v = src[k];
      if (v === undefined || v === '') continue;
      out[k] = section === 'certs' ? orderPair(v as Record<string, string>) : v;
    }
    ordered[section] = out;
  }
  return encodeYaml(ordered, { indent, flavor: indent === 2 ? 'v3' : 'v4-rc4' });
}

function orderPair(p: Record<string, string>): Record<string, string> {
  return p.crt !== undefined ? { crt: p.crt, key: p.key ?? '' } : { key: p.key ?? '' };
}
