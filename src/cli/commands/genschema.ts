import { resolve } from 'node:path';
import type { CAC } from 'cac';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { one } from '../args.js';
import { print, say } from '../output.js';
import type { RegisterCommand } from '../command.js';

/** `talgen genschema [-f file]`: the talconfig JSON Schema for editors (yaml-language-server). */
export const registerGenschema: RegisterCommand = (cli: CAC) => {
  cli
    .command('genschema', 'write the JSON Schema of talconfig.yaml (stdout by default)')
    .option('-f, --file <file>', 'write to this file', { type: [String] })
    .action(async (o: Record<string, unknown>) => {
      const { editorSchema } = await import('../../talconfig/editor-schema.js');
      const text = `${JSON.stringify(editorSchema(), null, 2)}\n`;
      const file = one(o.file, 'file');
      if (!file) return print(text);
      writeFileAtomic(resolve(file), text, { mode: 0o644 });
      say(`wrote ${resolve(file)}`);
    });
};
