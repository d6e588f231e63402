import type { CAC } from 'cac';
import { completionScript, SHELLS } from '../completion.js';
import { print } from '../output.js';
import { describeCli } from '../spec.js';
import type { RegisterCommand } from '../command.js';

/** `talgen completion bash|zsh|fish`: a completion script for every command registered when it runs. */
export const registerCompletion: RegisterCommand = (cli: CAC) => {
  cli
    .command('completion <shell>', `shell completion script (${SHELLS.join(', ')}) for every command and flag`)
    .example('source <(talgen completion bash)')
    .example('talgen completion fish > ~/.config/fish/completions/talgen.fish')
    .action((shell: string) => {
      print(completionScript(shell, describeCli(cli)));
    });
};
