/** Variable references in a repo's files, as talhelper's envsubst sees them, with the YAML key they are used under. */
import { commentRanges } from '../../src/substitute/index.js';

/** `${NAME}` / `$NAME` references outside YAML comments; `$$` escapes and `$patch` are not references. */
export function references(text: string): { name: string; line: string; required: boolean }[] {
  const comments = commentRanges(text);
  const inComment = (i: number) => comments.some(([a, b]) => a <= i && i < b);
  const out: { name: string; line: string; required: boolean }[] = [];
  const re = /\$\$|\$\{([A-Za-z_]\w*)([^}]*)\}|\$([A-Za-z_]\w*)/g;
  for (const m of text.matchAll(re)) {
    if (m[0] === '$$' || inComment(m.index!)) continue;
    const name = m[1] ?? m[3]!;
    if (name === 'patch' && m[3]) continue;
    const start = text.lastIndexOf('\n', m.index!) + 1;
    const end = text.indexOf('\n', m.index!);
    // `${NAME:-default}` and friends work without the variable.
    out.push({ name, line: text.slice(start, end < 0 ? undefined : end), required: !m[2] });
  }
  return out;
}

/** The YAML key a line sets (`  - address: ${X}` → `address`; a list item under `addresses:` → that key). */
export function keyOf(text: string, line: string): string | undefined {
  const own = /^\s*(?:-\s+)?([\w.-]+):\s/.exec(line)?.[1];
  if (own) return own;
  const lines = text.split('\n');
  const i = lines.indexOf(line);
  for (let j = i - 1; j >= 0; j--) {
    const k = /^\s*(?:-\s+)?([\w.-]+):\s*$/.exec(lines[j]!)?.[1];
    if (k) return k;
  }
  return undefined;
}
