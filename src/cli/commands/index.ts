import type { RegisterCommand } from '../command.js';
import { registerGen } from './gen.js';
import { registerGensecret } from './gensecret.js';
import { registerGenconfig } from './genconfig.js';
import { registerValidate } from './validate.js';
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

/** Every CLI command registers itself here; one module per command under src/cli/commands/. */
export type { RegisterCommand } from '../command.js';

export const commands: RegisterCommand[] = [
  registerGenconfig,
  registerValidate,
  registerGenschema,
  registerGensecret,
  registerEncrypt,
  registerDecrypt,
  registerGenurl,
  registerSchematic,
  registerInit,
  registerGen,
  registerCompletion,
  registerGencommand,
  registerTalosconfig,
  registerDiff,
  registerCheck,
];
