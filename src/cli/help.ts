import type { CliSpec, CommandSpec, FlagSpec } from './spec.js';

/** Rows of `left  right`, the right column aligned. */
function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`.trimEnd()).join('\n');
}

/** `-o, --out-dir <dir>` and its description; a value flag's default is printed (a switch is off unless given). */
function flagRows(flags: FlagSpec[]): [string, string][] {
  return flags.map((f) => [
    `${f.spellings.join(', ')}${f.value ? ` ${f.value}` : ''}`,
    `${f.description}${f.default !== undefined ? ` (default: ${f.default})` : ''}`,
  ]);
}

/** `talgen --help`: the commands and talgen's own flags. */
export function globalHelp(spec: CliSpec, version: string): string {
  return [
    `talgen ${version}: Talos machine configs from talhelper repositories`,
    'Usage:\n  talgen <command> [flags]',
    `Commands:\n${table(spec.commands.map((c) => [c.usage, `${c.description}${c.aliases.length ? ` (alias: ${c.aliases.join(', ')})` : ''}`]))}`,
    `Flags:\n${table(flagRows(spec.topLevel))}`,
    'Run "talgen <command> --help" for the flags of a command.',
  ].join('\n\n');
}

/** `talgen COMMAND --help`: its usage, flags, the flags every command takes, examples. */
export function commandHelp(spec: CliSpec, command: CommandSpec): string {
  const sections = [`Usage:\n  talgen ${command.usage} [flags]`, command.description];
  if (command.aliases.length) sections.push(`Aliases:\n  ${command.aliases.join(', ')}`);
  if (command.flags.length) sections.push(`Flags:\n${table(flagRows(command.flags))}`);
  sections.push(`Global flags:\n${table(flagRows(spec.everywhere))}`);
  if (command.examples.length) sections.push(`Examples:\n${command.examples.map((e) => `  ${e}`).join('\n')}`);
  return sections.join('\n\n');
}
