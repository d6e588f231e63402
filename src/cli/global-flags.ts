/**
 * Flags of talgen itself rather than of one command, as the user types them. `everywhere` flags are registered with
 * cac for every command; `--version` is talgen's only before a command (genurl has its own `-v, --version <version>`,
 * talhelper's Talos version flag).
 */
export interface GlobalFlag {
  raw: string;
  description: string;
  everywhere: boolean;
}

export const GLOBAL_FLAGS: readonly GlobalFlag[] = [
  { raw: '-h, --help', description: 'show help: the commands, or with a command its flags', everywhere: true },
  { raw: '-v, --version', description: "print talgen's version (before a command only)", everywhere: false },
  { raw: '-d, --debug', description: 'print each pipeline step to stderr with timing and counts (never secret values)', everywhere: true },
];
