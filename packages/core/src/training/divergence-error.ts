/**
 * Training produced a non-finite value. For a loss or gradient the weights were left as they were before this step;
 * for weights (checked before each checkpoint) the checkpoint was not written. Either way the last good checkpoint
 * on disk is kept.
 */
export class DivergenceError extends Error {
  constructor(
    readonly step: number,
    readonly tensor: string,
    readonly value: number,
    detail = 'weights were not updated; the last good checkpoint is kept',
  ) {
    super(
      `training diverged at step ${step}: ${tensor} is ${Number.isNaN(value) ? 'NaN' : value} ` +
        `(${detail}). Try a lower learning rate or gradient clipping.`,
    );
    this.name = 'DivergenceError';
  }
}
