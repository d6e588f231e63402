import { LineIndex } from '../load/sourcemap.js';
import { parsePath, parseYamlText } from '../load/yaml.js';
import type { SopsFormat } from './core.js';

/**
 * Where in a SOPS file an error is, as line:col: the field the error names (a value's key path, or a metadata
 * field under `sops`), else the metadata itself, else the first encrypted value, else the file's start. YAML, JSON
 * and the binary envelope (JSON) are looked up in the parsed document; dotenv and INI by their flattened keys
 * (`sops_age__list_0__map_enc=`, `[sops]` + `lastmodified =`).
 */
export function sopsErrorPosition(text: string, format: SopsFormat, path: string | undefined): { line: number; col: number } {
  if (format === 'yaml' || format === 'json' || format === 'binary') {
    try {
      const p = parseYamlText(text, '').positionOf(parsePath(path ?? 'sops'), path === undefined);
      if (p.line) return { line: p.line, col: p.col ?? 1 };
    } catch {
      // Several YAML documents or a syntax error: found by text below.
    }
  }
  const lines = new LineIndex(text);
  const at = (re: RegExp) => {
    const m = re.exec(text);
    return m ? lines.pos(m.index + (m[1]?.length ?? 0)) : undefined;
  };
  const parts = path ? parsePath(path) : [];
  const meta = parts[0] === 'sops';
  const leaf = parts.filter((p): p is string => typeof p === 'string').pop();
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const named =
    format === 'dotenv'
      ? meta
        ? at(new RegExp(`^()sops_(?:\\w*_)?${esc(leaf ?? '')}=`, 'm'))
        : leaf
          ? at(new RegExp(`^()${esc(leaf)}=`, 'm'))
          : undefined
      : format === 'ini' && leaf
        ? at(new RegExp(`^([ \\t]*)(?:\\w*_)?${esc(leaf)}[ \\t]*=`, 'm'))
        : undefined;
  return named ?? at(/^()(?:sops_|\[sops\]|sops:|[ \t]*"sops")/m) ?? at(/()ENC\[/) ?? { line: 1, col: 1 };
}
