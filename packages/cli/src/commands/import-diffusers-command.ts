import { Command } from 'commander';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { importDiffusers } from '../api/import-diffusers.js';
import { loadModules, type CommonFlags } from './shared-options.js';
import { readJsonFile } from './train-command.js';

interface ImportFlags extends CommonFlags {
  readonly as?: string;
  readonly config?: string;
  readonly out?: string;
}

/** `udm import-diffusers scheduler_config.json`: a diffusers scheduler config as our config sections. */
export function importDiffusersCommand(): Command {
  return new Command('import-diffusers')
    .description(
      'read a diffusers scheduler_config.json (DDPM, DDIM, Euler, Euler ancestral, DPM-Solver++ multistep) as ' +
        'our process, posterior and sample sections, validated like a config file',
    )
    .argument('<file>', 'the diffusers scheduler_config.json')
    .option(
      '--as <class>',
      'read the file as this diffusers class (e.g. DDIMScheduler for a PNDMScheduler file)',
    )
    .option('-c, --config <file>', 'merge the sections into this config and print the whole config')
    .option('-o, --out <file>', 'write the JSON here instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  $ udm import-diffusers stable-diffusion-2-1/scheduler/scheduler_config.json' +
        '\n  $ udm import-diffusers ddpm-cifar10-32/scheduler_config.json --config my.json -o imported.json' +
        '\n  $ udm import-diffusers stable-diffusion-v1-5/scheduler/scheduler_config.json --as DDIMScheduler',
    )
    .action(async (file: string, flags: ImportFlags, cmd: Command) => {
      const all = { ...cmd.optsWithGlobals(), ...flags } as ImportFlags;
      const result = importDiffusers(readJsonFile(file, 'import-diffusers'), {
        ...(all.as !== undefined ? { asClass: all.as } : {}),
        ...(all.config !== undefined ? { base: readJsonFile(all.config, '--config') } : {}),
        modules: await loadModules(all),
      });
      const text = `${JSON.stringify(result.config, null, 2)}\n`;
      if (all.out !== undefined) await writeFileAtomic(all.out, Buffer.from(text));
      else process.stdout.write(all.json ? `${JSON.stringify({ event: 'result', ...result })}\n` : text);
      if (!all.quiet) {
        for (const n of result.notes)
          process.stderr.write(
            all.json ? `${JSON.stringify({ event: 'info', message: n })}\n` : `note: ${n}\n`,
          );
        if (all.out !== undefined) process.stderr.write(`wrote ${all.out}\n`);
      }
    });
}
