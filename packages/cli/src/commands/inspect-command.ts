import { Command } from 'commander';
import { loadCheckpoint } from '../checkpoint/checkpoint-file.js';
import { checkpointFile } from '../api/model-from-checkpoint.js';
import type { CommonFlags } from './shared-options.js';
import { runTarget, withRunTarget, type RunTargetFlags } from './run-target.js';

export function inspectCommand(): Command {
  return withRunTarget(new Command('inspect'))
    .description("print a checkpoint's config, training state and tensor shapes")
    .addHelpText(
      'after',
      '\nExamples:\n  $ udm inspect runs/two-moons-20261123-101500\n  $ udm inspect runs/two-moons-20261123-101500/checkpoint.safetensors',
    )
    .action(async (run: string | undefined, _flags: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as CommonFlags & RunTargetFlags;
      const c = await loadCheckpoint(checkpointFile(runTarget(cmd, run, flags)));
      try {
        const tensors = [...c.snapshot.params].map(([name, t]) => ({
          name: `params.${name}`,
          shape: t.shape,
        }));
        for (const [name, t] of c.snapshot.ema ?? []) tensors.push({ name: `ema.${name}`, shape: t.shape });
        for (const { name, tensor } of c.snapshot.optimizer ?? [])
          tensors.push({ name: `optimizer.${name}`, shape: tensor.shape });
        const info = { config: c.config, state: c.meta, tensors };
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(info)}\n`);
          return;
        }
        process.stdout.write(
          `config:\n${JSON.stringify(c.config, null, 2)}\nstate: step ${c.meta.step}, loss ${c.meta.loss}, backend ${c.meta.backend}\ntensors:\n`,
        );
        for (const t of tensors) process.stdout.write(`  ${t.name.padEnd(40)} [${t.shape.join(', ')}]\n`);
      } finally {
        c.dispose();
      }
    });
}
