import type { ServiceIdentifier } from 'inversify';
import type { Udm } from '../di/udm.js';

/**
 * How a part reads a trained model from a checkpoint its config names (e.g. `sample.guidance.classifier`): the
 * application binds one to `CHECKPOINT_MODELS` beside `CONFIG_FILES`. The path goes through the same checks as
 * `ConfigFiles` (a config read back from a checkpoint may name only files inside its run directory), before the
 * file is opened.
 */
export interface CheckpointModels {
  /**
   * The model held by the checkpoint file (or run directory with `checkpoint.safetensors`) that config field `at`
   * names by `path`: built by the loaded plugins from the config recorded in it (untrusted: the files that config
   * names are read only from its own run directory), its weights restored (the EMA weights θ̄ when its config
   * samples with them). The caller disposes it. Errors name `at`.
   */
  load(path: string, at: string): Udm;
}

/** The DI token of the `CheckpointModels` an application binds (absent: parts cannot read checkpoints). */
export const CHECKPOINT_MODELS: ServiceIdentifier<CheckpointModels> = Symbol.for('udm.CheckpointModels');
