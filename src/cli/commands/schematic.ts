import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CAC } from 'cac';
import { UsageError } from '../../core/errors.js';
import { print } from '../output.js';
import type { RegisterCommand } from '../command.js';

const ACTIONS = ['id', 'yaml'];

/**
 * `talgen schematic id [FILE|-]`: the Image Factory ID of a schematic (YAML or JSON, any layout), computed offline.
 * `talgen schematic yaml [FILE|-]`: the canonical form the factory hashes (to see why two schematics differ).
 */
export const registerSchematic: RegisterCommand = (cli: CAC) => {
  cli
    .command('schematic <action> [file]', '"schematic id [FILE|-]": Image Factory ID of a schematic, offline; "schematic yaml": its canonical form')
    .example('talgen schematic id schematic.yaml')
    .example('echo "{customization: {extraKernelArgs: [net.ifnames=0]}}" | talgen schematic id -')
    .action(async (action: string, file: string | undefined) => {
      if (!ACTIONS.includes(action)) throw new UsageError(`unknown schematic action "${action}"`, 'use "schematic id [FILE|-]" or "schematic yaml [FILE|-]"');
      const { parseSchematic, schematicId, canonicalSchematicYaml } = await import('../../factory/index.js');
      const { loadYamlFile, parseYamlText } = await import('../../load/yaml.js');
      const fromStdin = file === undefined || file === '-';
      const loaded = fromStdin ? parseYamlText(readFileSync(0, 'utf8'), '<stdin>') : loadYamlFile(resolve(file), 'schematic file');
      const s = parseSchematic(loaded.value, { file: loaded.file, positions: (sub, key) => loaded.positionOf(sub, key) });
      print(action === 'id' ? `${schematicId(s)}\n` : canonicalSchematicYaml(s));
    });
};
