import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { trainRun } from '../api/train-run.js';
import { withOverrides } from '../api/with-overrides.js';
import type { ConfigSet } from '../api/config-set.js';
import { loadModules, progressMode, setOption, setUpBackend, type CommonFlags } from './shared-options.js';
import { resumeHint, withStopSignal } from './stop-on-signal.js';

interface TrainFlags extends CommonFlags {
  readonly config: string;
  readonly out: string;
  readonly name?: string;
  readonly set?: ConfigSet[];
}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${what}: cannot read ${path} (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${what}: ${path} is not valid JSON (${(e as Error).message})`);
  }
}

export function trainCommand(): Command {
  const cmd = new Command('train')
    .description(
      'train a model from a JSON config; writes a run directory with config, metrics and checkpoint',
    )
    .requiredOption('-c, --config <file>', 'JSON config file')
    .option('-o, --out <dir>', 'directory under which the run directory is created', 'runs')
    .option('-n, --name <name>', 'run name prefix (default: the data kind)');
  return setOption(cmd, 'the config', 'train.steps=500')
    .addHelpText(
      'after',
      '\nExamples:\n  $ udm train --config examples/two-moons/config.json\n  $ udm train -c my.json --backend cpu --json' +
        '\n  $ udm train -c examples/two-moons/config.json --set train.steps=500 --set sample.grid.kind=trailing',
    )
    .action(async (flags: TrainFlags, cmd: Command) => {
      const all = { ...cmd.optsWithGlobals(), ...flags } as TrainFlags;
      await setUpBackend(all);
      const config = withOverrides(readJsonFile(all.config, '--config'), { set: all.set });
      const modules = await loadModules(all);
      const result = await withStopSignal((signal) =>
        trainRun({
          config,
          outDir: all.out,
          ...(all.name ? { name: all.name } : {}),
          modules,
          configDir: dirname(resolve(all.config)),
          progress: progressMode(all),
          signal,
        }),
      );
      result.udm.dispose();
      if (result.summary.stopped) process.stderr.write(resumeHint(result.runDir, result.summary.step));
      process.stdout.write(
        all.json
          ? `${JSON.stringify({ event: 'result', runDir: result.runDir, checkpoint: result.checkpoint, ...result.summary })}\n`
          : `${result.runDir}\n`,
      );
    });
}
