import { defineCommand } from '@udm/core';
import { importDiffusers } from '../diffusers/import-diffusers.js';

/**
 * `udm import-diffusers scheduler_config.json`: a diffusers scheduler config as our config sections, contributed to
 * the command line through `CLI_COMMAND` by `gaussianModule`.
 */
export const importDiffusersCommand = defineCommand({
  name: 'import-diffusers',
  description:
    'read a diffusers scheduler_config.json (DDPM, DDIM, Euler, Euler ancestral, DPM-Solver++ multistep) as ' +
    'our process, posterior and sample sections, validated like a config file',
  arguments: [{ name: 'file', description: 'the diffusers scheduler_config.json', required: true }],
  options: {
    as: {
      flag: '--as',
      value: 'class',
      description: 'read the file as this diffusers class (e.g. DDIMScheduler for a PNDMScheduler file)',
      parse: (text: string) => text,
    },
    config: {
      flag: '-c, --config',
      value: 'file',
      description: 'merge the sections into this config and print the whole config',
      parse: (text: string) => text,
    },
    out: {
      flag: '-o, --out',
      value: 'file',
      description: 'write the JSON here instead of stdout',
      parse: (text: string) => text,
    },
  },
  examples: [
    'udm import-diffusers stable-diffusion-2-1/scheduler/scheduler_config.json',
    'udm import-diffusers ddpm-cifar10-32/scheduler_config.json --config my.json -o imported.json',
    'udm import-diffusers stable-diffusion-v1-5/scheduler/scheduler_config.json --as DDIMScheduler',
  ],
  async run(o, context) {
    const result = importDiffusers(context.readJson(o.file, 'import-diffusers'), {
      ...(o.as !== undefined ? { asClass: o.as } : {}),
      ...(o.config !== undefined ? { base: context.readJson(o.config, '--config') } : {}),
      modules: context.modules,
    });
    const text = `${JSON.stringify(result.config, null, 2)}\n`;
    if (o.out !== undefined) await context.writeFile(o.out, text);
    else context.result(result, text);
    for (const n of result.notes) context.note(context.progress === 'json' ? n : `note: ${n}`);
    if (o.out !== undefined) context.note(`wrote ${o.out}`);
  },
});
