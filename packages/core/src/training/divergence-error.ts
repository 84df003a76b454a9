import { hasBrand } from '../config/brand.js';

const DIVERGENCE_ERROR = Symbol.for('udm.DivergenceError');

/**
 * Training produced a non-finite value. For a loss or gradient the weights were left as they were before this step;
 * for weights (checked before each checkpoint) the checkpoint was not written. Either way the last good checkpoint
 * on disk is kept. `instanceof DivergenceError` holds for one of any copy of @udm/core.
 */
export class DivergenceError extends Error {
  readonly [DIVERGENCE_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === DivergenceError
      ? hasBrand(value, DIVERGENCE_ERROR)
      : Function.prototype[Symbol.hasInstance].call(this, value);
  }

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
