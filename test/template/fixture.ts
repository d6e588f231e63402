import { TalgenError } from '../../src/core/errors.js';
import { renderGoTemplate } from '../../src/template/index.js';

/**
 * Template data shaped like Go's `map[string]interface{}` the expected outputs were rendered with:
 * A: {B: "x"}, L: ["a", "b"], M: {k2: "v2", k1: "v1"}, N: 3, F: 1.5, On: true, Off: false, Empty: [], Nested: {a: {b: "deep"}}.
 */
export function data(): Map<string, unknown> {
  return new Map<string, unknown>([
    ['A', new Map([['B', 'x']])],
    ['L', ['a', 'b']],
    [
      'M',
      new Map([
        ['k2', 'v2'],
        ['k1', 'v1'],
      ]),
    ],
    ['N', 3],
    ['F', 1.5],
    ['On', true],
    ['Off', false],
    ['Empty', []],
    ['Nested', new Map([['a', new Map([['b', 'deep']])]])],
  ]);
}

const env = (name: string) => (name === 'TALGEN_T' ? 'tv' : undefined);

export function render(text: string): string {
  return renderGoTemplate(text, data(), 'test', { env });
}

/** The message of the TalgenError rendering `text` fails with, without the trailing template position. */
export function renderError(text: string): string {
  try {
    render(text);
  } catch (e) {
    if (!(e instanceof TalgenError)) throw e;
    return e.message.replace(/ \(template line \d+, col \d+\)$/, '');
  }
  throw new Error(`template rendered without error: ${text}`);
}
