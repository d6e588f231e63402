import type { CAC } from 'cac';

/** Every CLI command registers itself here; one module per command under src/cli/commands/. */
export type RegisterCommand = (cli: CAC) => void;

export const commands: RegisterCommand[] = [];
