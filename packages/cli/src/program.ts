import { Command } from 'commander';
import type { ContainerModule } from 'inversify';
import { BACKEND_NAMES, DEFAULT_BACKEND_ORDER } from '@udm/backend-tfjs';
import { commandsOf, createContainer } from '@udm/core';
import { defaultModules } from './api/default-modules.js';
import { contributedCommand } from './commands/contributed-command.js';
import { evalCommand } from './commands/eval-command.js';
import { inspectCommand } from './commands/inspect-command.js';
import { listCommand } from './commands/list-command.js';
import { plotCommand } from './commands/plot-command.js';
import { resumeCommand } from './commands/resume-command.js';
import { sampleCommand } from './commands/sample-command.js';
import { trainCommand } from './commands/train-command.js';
import { autoencoderCommand } from './commands/autoencoder-command.js';
import { loadModules } from './commands/shared-options.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * The `udm` command line (commander): its own commands and every command the modules contribute to `CLI_COMMAND`
 * (the bundled families' and plugins'; default: the bundled modules).
 */
export function createProgram(modules: readonly ContainerModule[] = defaultModules()): Command {
  const contributed = commandsOf(createContainer(modules)).map(contributedCommand);
  const program = new Command('udm')
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
    .addCommand(plotCommand());
  for (const c of contributed) program.addCommand(c);
  return program.addCommand(listCommand()).addCommand(inspectCommand());
}

/**
 * The `--plugin` files named in a command line (`-p FILE`, `--plugin FILE`, `--plugin=FILE`, `-pFILE`), read before
 * commander parses it, so that the commands a plugin contributes exist when it does. Stops at `--`.
 */
export function pluginArguments(argv: readonly string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if ((a === '-p' || a === '--plugin') && i + 1 < argv.length) files.push(argv[++i]!);
    else if (a.startsWith('--plugin=')) files.push(a.slice('--plugin='.length));
    else if (/^-p./.test(a)) files.push(a.slice(2));
  }
  return files;
}

/** The program for a command line: the bundled modules and its `--plugin` files loaded, their commands added. */
export async function programFor(argv: readonly string[]): Promise<Command> {
  return createProgram(await loadModules({ plugin: pluginArguments(argv) }));
}
