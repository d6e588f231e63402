/** The hooks-thread half of bench/modules-hook.ts: appends each loaded file's path to the list. */
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let out = '';

export function initialize(data: { out: string }): void {
  out = data.out;
}

type Load = (url: string, context: unknown, next: (url: string, context: unknown) => Promise<unknown>) => Promise<unknown>;

export const load: Load = async (url, context, next) => {
  if (url.startsWith('file:')) appendFileSync(out, `${fileURLToPath(url)}\n`);
  return next(url, context);
};
