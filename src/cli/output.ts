/** Where user-facing lines go: results on stdout, progress/warnings on stderr. */
export const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const warned = new Set<string>();
/** The CLI's warning sink: each distinct warning once per run (a global patch warns the same for every node). */
export const warn = (line: string): void => {
  if (warned.has(line)) return;
  warned.add(line);
  process.stderr.write(`warning: ${line}\n`);
};
export const print = (text: string): void => {
  process.stdout.write(text);
};
