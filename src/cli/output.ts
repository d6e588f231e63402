/** Where user-facing lines go: results on stdout, progress/warnings on stderr. */
export const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
export const warn = (line: string): void => {
  process.stderr.write(`warning: ${line}\n`);
};
export const print = (text: string): void => {
  process.stdout.write(text);
};
