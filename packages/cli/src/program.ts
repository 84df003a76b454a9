import { Command } from 'commander';
import { BACKEND_NAMES, DEFAULT_BACKEND_ORDER } from '@udm/backend-tfjs';
import { distillCommand } from './commands/distill-command.js';
import { evalCommand } from './commands/eval-command.js';
import { inspectCommand } from './commands/inspect-command.js';
import { listCommand } from './commands/list-command.js';
import { plotCommand } from './commands/plot-command.js';
import { resumeCommand } from './commands/resume-command.js';
import { sampleCommand } from './commands/sample-command.js';
import { trainCommand } from './commands/train-command.js';
import { autoencoderCommand } from './commands/autoencoder-command.js';
import { importDiffusersCommand } from './commands/import-diffusers-command.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The `udm` command line (commander). */
export function createProgram(): Command {
  return new Command('udm')
    .description('UDM-TS: train and sample diffusion models (Unified Diffusion Model) in TypeScript')
    .version('0.1.0')
    .option(
      '-b, --backend <name>',
      `tensor backend: ${BACKEND_NAMES.join(', ')} (default: the first of ${DEFAULT_BACKEND_ORDER.join(', ')} that loads)`,
    )
    .option(
      '--verbose',
      'say more: the backend’s versions, kernel fixes and why other backends were passed over',
    )
    .option('-q, --quiet', 'no progress output')
    .option('--json', 'machine-readable JSON lines (progress on stderr, result on stdout)')
    .option(
      '-p, --plugin <file>',
      'load a plugin module (a file exporting definePlugin(...) of @udm/core); repeatable',
      collect,
    )
    .showHelpAfterError()
    .addCommand(trainCommand())
    .addCommand(autoencoderCommand())
    .addCommand(resumeCommand())
    .addCommand(sampleCommand())
    .addCommand(evalCommand())
    .addCommand(plotCommand())
    .addCommand(distillCommand())
    .addCommand(importDiffusersCommand())
    .addCommand(listCommand())
    .addCommand(inspectCommand());
}
