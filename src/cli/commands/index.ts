import type { RegisterCommand } from '../command.js';
import { registerGen } from './gen.js';
import { registerGensecret } from './gensecret.js';

/** Every CLI command registers itself here; one module per command under src/cli/commands/. */
export type { RegisterCommand } from '../command.js';

export const commands: RegisterCommand[] = [registerGen, registerGensecret];
