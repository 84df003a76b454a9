import type { DivergenceError } from '@udm/core';

/**
 * Training in a run directory diverged (a NaN or ±Infinity in the loss, a gradient or the weights). Says which step
 * and tensor, and which checkpoint is the last good one: it was not overwritten.
 */
export class RunDivergedError extends Error {
  constructor(
    readonly divergence: DivergenceError,
    readonly runDir: string,
    /** The last checkpoint written (finite weights), if any. */
    readonly checkpoint: string | undefined,
    readonly checkpointStep: number | undefined,
  ) {
    super(
      `${divergence.message}\n` +
        (checkpoint !== undefined
          ? `The last good checkpoint is ${checkpoint} (step ${checkpointStep}); it was kept.`
          : `No checkpoint had been written yet in ${runDir}.`),
      { cause: divergence },
    );
    this.name = 'RunDivergedError';
  }

  get step(): number {
    return this.divergence.step;
  }

  get tensor(): string {
    return this.divergence.tensor;
  }
}
