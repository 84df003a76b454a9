import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ContainerModule } from 'inversify';
import type { CommandContext, ProgressMode } from '@udm/core';
import { writeFileAtomic } from '@udm/backend-tfjs';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint/checkpoint-file.js';
import { setUpBackend } from '../commands/shared-options.js';
import { withStopSignal } from '../commands/stop-on-signal.js';
import { readJsonFile } from '../commands/train-command.js';
import { isImageShape, samplesGridPng } from '../plot/samples-grid.js';
import { createReporter } from '../progress/reporter.js';
import { defaultModules } from './default-modules.js';
import { availableMemoryBytes } from './memory-check.js';
import { modelFromCheckpoint } from './model-from-checkpoint.js';

export interface CommandContextOptions {
  /** Default: the bundled modules (`defaultModules()`). */
  readonly modules?: readonly ContainerModule[];
  /** Default `bar`. */
  readonly progress?: ProgressMode;
  /** The run the command works on (`[run]`, `-k`, `-r`). */
  readonly run?: string;
  /** `--backend` and `--verbose`, for `selectBackend`. */
  readonly backend?: string;
  readonly verbose?: boolean;
}

/**
 * The `CommandContext` the command line hands a contributed command (`CLI_COMMAND`): results on stdout, progress and
 * notes on stderr, atomic files, checkpoints in `udm train`'s format. Programs call a family's command functions
 * with it too, e.g. the Gaussian family's `distillRun(options, commandContext({ progress: 'quiet' }))`.
 */
export function commandContext(options: CommandContextOptions = {}): CommandContext {
  const modules = options.modules ?? defaultModules();
  const progress = options.progress ?? 'bar';
  const write = (path: string): void => {
    mkdirSync(dirname(path), { recursive: true });
  };
  return {
    modules,
    progress,
    run: options.run,
    selectBackend: () =>
      setUpBackend({
        ...(options.backend !== undefined ? { backend: options.backend } : {}),
        verbose: options.verbose === true,
        quiet: progress === 'quiet',
        json: progress === 'json',
      }),
    reporter: () => createReporter(progress),
    result(value, text) {
      process.stdout.write(progress === 'json' ? `${JSON.stringify({ event: 'result', ...value })}\n` : text);
    },
    note(message) {
      if (progress === 'quiet') return;
      process.stderr.write(
        progress === 'json' ? `${JSON.stringify({ event: 'info', message })}\n` : `${message}\n`,
      );
    },
    withStopSignal: (job) => withStopSignal(job),
    readJson: readJsonFile,
    async writeFile(path, contents) {
      write(path);
      await writeFileAtomic(path, contents);
    },
    exists: (path) => existsSync(path),
    joinPath: (...parts) => join(...parts),
    async loadModel(path, o = {}) {
      const m = await modelFromCheckpoint(path, {
        modules,
        ...(o.useEma !== undefined ? { useEma: o.useEma } : {}),
      });
      return { ...m, dir: dirname(m.file) };
    },
    readCheckpoint: (path) => loadCheckpoint(path),
    async saveCheckpoint(path, state, config) {
      write(path);
      await saveCheckpoint(path, state, config);
    },
    availableMemoryBytes: () => availableMemoryBytes(),
    samplesPng: (samples, itemShape, reference) =>
      isImageShape(itemShape) ? samplesGridPng(samples, itemShape, reference) : undefined,
  };
}
