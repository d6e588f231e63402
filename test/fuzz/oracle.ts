/**
 * The fuzz oracle: an input either succeeds or ends in a TalgenError that says where (a file, with line:col when
 * it names one of the input's text files, or the config path of a rendered value) and what to do (a hint).
 * Anything else is a crash, named by its class so one bug counts once however many inputs reach it.
 */
import { TalgenError } from '../../src/core/errors.js';

export type Outcome = { kind: 'ok' } | { kind: 'refused' } | { kind: 'crash'; class: string; detail: string };

/** A stable name for a crash: the error type and its message with numbers, quoted text and paths blurred. */
function crashClass(prefix: string, message: string): string {
  const blurred = message
    .split('\n')[0]!
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '…')
    .replace(/\/[\w./-]+/g, '<path>')
    .replace(/\d+/g, 'N')
    .slice(0, 120);
  return `${prefix}: ${blurred}`;
}

export function judge(e: unknown): Outcome {
  if (e === undefined) return { kind: 'ok' };
  if (!(e instanceof TalgenError)) {
    const err = e instanceof Error ? e : new Error(String(e));
    const frame = err.stack?.split('\n').find((l) => l.includes('/dist/src/')) ?? '';
    return { kind: 'crash', class: crashClass(err.name, err.message), detail: `${err.name}: ${err.message.slice(0, 300)}\n${frame.trim()}` };
  }
  const where = e.format().split('\n')[0]!;
  if (e.file === undefined && e.path === undefined) return { kind: 'crash', class: crashClass('no location', e.message), detail: where };
  if (e.file !== undefined && e.line === undefined) return { kind: 'crash', class: crashClass('no line:col', e.message), detail: where };
  if (!e.hint) return { kind: 'crash', class: crashClass('no hint', e.message), detail: where };
  return { kind: 'refused' };
}

/** The CLI's side of the oracle: exit 0, or exit 1/2 with one `talgen: <where>: message` line and a hint. */
export function judgeCli(r: { code: number | null; signal: string | null; stderr: string }): Outcome {
  if (r.code === 0) return { kind: 'ok' };
  // warnings come first, one line each; the error is the first `talgen: ` line
  const first = r.stderr.split('\n').find((l) => l.startsWith('talgen: ')) ?? r.stderr.split('\n')[0] ?? '';
  if (r.signal) return { kind: 'crash', class: `CLI killed by ${r.signal}`, detail: r.stderr.slice(0, 300) };
  if (r.code !== 1 && r.code !== 2) return { kind: 'crash', class: `CLI exit ${r.code}`, detail: r.stderr.slice(0, 300) };
  if (/internal error|\n\s+at /.test(r.stderr))
    return { kind: 'crash', class: crashClass('CLI internal error', first.replace(/^talgen: (internal error: )?/, '')), detail: r.stderr.slice(0, 300) };
  // `file:line[:col]: ` or a config path (`nodes[0].hostname: `, `nodes[0] (cp1): `) before the message.
  if (!/^talgen: (\S+?:\d+(:\d+)?|[\w$.[\]-]+( \([^)]*\))?): /.test(first))
    return { kind: 'crash', class: crashClass('CLI error without location', first.replace(/^talgen: /, '')), detail: first };
  if (!/\n {2}hint: \S/.test(r.stderr)) return { kind: 'crash', class: crashClass('CLI error without hint', first.replace(/^talgen: /, '')), detail: first };
  return { kind: 'refused' };
}
