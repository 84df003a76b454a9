/** Training produced a non-finite value; the weights were left as they were before this step. */
export class DivergenceError extends Error {
  constructor(
    readonly step: number,
    readonly tensor: string,
    readonly value: number,
  ) {
    super(
      `training diverged at step ${step}: ${tensor} is ${Number.isNaN(value) ? 'NaN' : value} ` +
        '(weights were not updated; the last good checkpoint is kept). Try a lower learning rate or gradient clipping.',
    );
    this.name = 'DivergenceError';
  }
}
