import { UsageError } from '../core/errors.js';
import { MODES, type Mode } from '../validate/issues.js';

/**
 * cac hands options over as string, number, boolean or array depending on how often and how they were given.
 * Options are declared with `{ type: [String] }` so values stay strings (a version `1.30` must not become 1.3);
 * these helpers turn them into the shape a command wants.
 */
export function list(v: unknown, splitCommas = false): string[] {
  if (v === undefined || v === null || v === false) return [];
  const items = (Array.isArray(v) ? v : [v]).map(String);
  return splitCommas
    ? items
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean)
    : items;
}

export function one(v: unknown, name: string): string | undefined {
  const items = list(v);
  if (items.length > 1) throw new UsageError(`--${name} given more than once`);
  return items[0];
}

/** `--talos-mode` (`-m`) of genconfig and check: metal (the default), cloud or container. */
export function talosMode(v: unknown): Mode {
  const mode = one(v, 'talos-mode') ?? 'metal';
  if (!MODES.includes(mode as Mode)) throw new UsageError(`unknown talos mode "${mode}"`, `use ${MODES.join(', ')}`);
  return mode as Mode;
}

export function flag(v: unknown, name: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  if (last === true || last === 'true' || last === '') return true;
  if (last === false || last === 'false') return false;
  throw new UsageError(`--${name} takes true or false, not "${String(last)}"`);
}

/**
 * Cobra (pflag) takes the argument after `--name` as its value even when it begins with `-` (talhelper's
 * `--extra-flags --insecure`); cac's parser would read it as an option of its own. `argv` with each such pair of
 * `names` joined as `--name=value` (the same array when there is none).
 */
export function joinDashValues(argv: string[], names: readonly string[]): string[] {
  const out: string[] = [];
  let changed = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return changed ? [...out, ...argv.slice(i)] : argv;
    const next = argv[i + 1];
    if (names.includes(a) && next !== undefined && next.startsWith('-') && next !== '--') {
      out.push(`${a}=${next}`);
      i++;
      changed = true;
    } else out.push(a);
  }
  return changed ? out : argv;
}

/**
 * cac tells its parser only the camelCase name of a switch, so a kebab-case switch (`--encrypted-only`) followed by
 * a positional argument takes that argument as its value. `argv` with each of the `switches` moved after the
 * positional arguments (before a `--`), where nothing can follow them; the same array when none needs to move.
 */
export function switchesLast(argv: string[], switches: readonly string[]): string[] {
  const end = argv.indexOf('--') === -1 ? argv.length : argv.indexOf('--');
  const moved = argv.slice(0, end).filter((a) => switches.includes(a));
  if (!moved.length) return argv;
  return [...argv.slice(0, end).filter((a) => !switches.includes(a)), ...moved, ...argv.slice(end)];
}
