import { Command } from 'commander';
import { autoencoderRun } from '../api/autoencoder-run.js';
import { loadModules, progressMode, setUpBackend, type CommonFlags } from './shared-options.js';
import { readJsonFile } from './train-command.js';

interface AutoencoderFlags extends CommonFlags {
  readonly config: string;
  readonly out: string;
  readonly name?: string;
  readonly runDir?: string;
}

export function autoencoderCommand(): Command {
  return new Command('autoencoder')
    .description(
      'train an autoencoder on image data from a JSON config (for latent diffusion: data kind "latent"); ' +
        'writes a run directory with autoencoder.safetensors and reports the held-out reconstruction MSE',
    )
    .requiredOption('-c, --config <file>', 'JSON config file (seed, data, autoencoder, train)')
    .option('-o, --out <dir>', 'directory under which the run directory is created', 'runs')
    .option('-n, --name <name>', 'run name prefix', 'autoencoder')
    .option(
      '-r, --run-dir <dir>',
      'write the run into exactly this (new or empty) directory instead of a stamped one',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ udm autoencoder --config examples/mnist-latent/cli/autoencoder.json --run-dir runs/mnist-autoencoder' +
        '\n  $ udm train --config examples/mnist-latent/cli/latent.json   # data: {"kind": "latent", "autoencoder": "runs/mnist-autoencoder", "source": …}',
    )
    .action(async (flags: AutoencoderFlags, cmd: Command) => {
      const all = { ...cmd.optsWithGlobals(), ...flags } as AutoencoderFlags;
      await setUpBackend(all);
      const config = readJsonFile(all.config, '--config');
      const modules = await loadModules(all);
      const result = await autoencoderRun({
        config,
        outDir: all.out,
        ...(all.name ? { name: all.name } : {}),
        ...(all.runDir ? { runDir: all.runDir } : {}),
        modules,
        progress: progressMode(all),
      });
      process.stdout.write(
        all.json ? `${JSON.stringify({ event: 'result', ...result })}\n` : `${result.runDir}\n`,
      );
    });
}
