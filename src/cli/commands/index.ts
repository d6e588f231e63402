import type { CommandEntry } from '../command.js';
import { registerGen } from './gen.js';
import { registerGensecret } from './gensecret.js';
import { registerGenconfig } from './genconfig.js';
import { validateCommand } from './validate.js';
import { registerGenschema } from './genschema.js';
import { registerEncrypt } from './encrypt.js';
import { registerDecrypt } from './decrypt.js';
import { registerGenurl } from './genurl.js';
import { registerSchematic } from './schematic.js';
import { registerInit } from './init.js';
import { registerCompletion } from './completion.js';
import { registerGencommand } from './gencommand.js';
import { registerTalosconfig } from './talosconfig.js';
import { registerDiff } from './diff.js';
import { registerCheck } from './check.js';

/**
 * Every CLI command registers itself here, one module per command under src/cli/commands/; the order is the order
 * of `talgen --help`. A command line that starts with a command's name is parsed against that command alone
 * (src/cli/main.ts).
 */
export type { RegisterCommand } from '../command.js';

export const commands: readonly CommandEntry[] = [
  { name: 'genconfig', register: registerGenconfig },
  validateCommand,
  { name: 'genschema', register: registerGenschema },
  { name: 'gensecret', register: registerGensecret },
  { name: 'encrypt', register: registerEncrypt },
  { name: 'decrypt', register: registerDecrypt },
  { name: 'genurl', register: registerGenurl },
  { name: 'schematic', register: registerSchematic },
  { name: 'init', register: registerInit },
  { name: 'gen', register: registerGen },
  { name: 'completion', register: registerCompletion, readsWholeCli: true },
  { name: 'gencommand', register: registerGencommand },
  { name: 'talosconfig', register: registerTalosconfig },
  { name: 'diff', register: registerDiff },
  { name: 'check', register: registerCheck },
];
