/**
 * The command a command line names with its first argument, when the line can be parsed against that command alone:
 * cac matches a command by the first word that is not a flag, and a first argument without a dash is no flag's
 * value, so every table holding that command matches it. Help lists the other commands, so a line asking for it
 * (`-h`, `--help` anywhere) has none. Whether the word is a command at all is for the caller's table to say.
 */
export function leadCommand(args: readonly string[]): string | undefined {
  if (args.includes('-h') || args.includes('--help')) return undefined;
  const first = args[0];
  return first === undefined || first.startsWith('-') ? undefined : first;
}
