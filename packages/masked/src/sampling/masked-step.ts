import * as tf from '@tensorflow/tfjs';
import type { CategoricalPrediction, ConditionalStep, Rng } from '@udm/core';
import type { AbsorbingMaskForward } from '../process/absorbing-mask.js';
import { sampleCategorical, type CategoricalOptions } from '@udm/core';
import type { RevealRule } from './reveal-rule.js';

export interface MaskedStepOptions extends CategoricalOptions {
  /**
   * Semi-autoregressive decoding (LLaDA): split the L positions into blocks of this many and decode them left to
   * right, block b during the b-th of equal parts of the time axis. Undefined: one block (plain diffusion).
   */
  readonly blockLength?: number;
}

/**
 * The conditional step p(x_s | x_t, x̂0) of the masking process for any s < t (MDLM's posterior; seed 002 eq. 59
 * as written is `ResampleStep`): unmasked tokens are carried over, masked ones are revealed by the `RevealRule` (ancestral, low-confidence or
 * random remasking) with tokens drawn in float64 from q(x0 | x_t) at the given temperature and top-p. Every
 * random number comes from `rng`, in a fixed order (sequence, block, position).
 */
export class MaskedStep implements ConditionalStep<tf.Tensor, CategoricalPrediction> {
  constructor(
    readonly process: AbsorbingMaskForward,
    readonly rule: RevealRule,
    readonly options: MaskedStepOptions = { temperature: 1, topP: 1 },
  ) {
    const { temperature, topP, blockLength } = options;
    if (!(temperature >= 0 && Number.isFinite(temperature)))
      throw new RangeError(`temperature: expected a finite number ≥ 0, got ${temperature}`);
    if (!(topP > 0 && topP <= 1)) throw new RangeError(`topP: expected a number in (0, 1], got ${topP}`);
    if (blockLength !== undefined && !(Number.isSafeInteger(blockLength) && blockLength >= 1))
      throw new RangeError(`blockLength: expected a positive integer, got ${blockLength}`);
  }

  /** The progress of block `b` of `n` when the whole sequence is at progress τ: block 0 runs first (τ near 1). */
  private static blockProgress(tau: number, b: number, n: number): number {
    return Math.min(1, Math.max(0, n * tau - (n - 1 - b)));
  }

  step(xt: tf.Tensor, prediction: CategoricalPrediction, t: number, s: number, rng: Rng): tf.Tensor {
    if (!(s < t)) throw new RangeError(`step: expected s < t, got t = ${t}, s = ${s}`);
    const [B, L] = xt.shape as [number, number];
    const V = this.process.categories;
    const maskId = this.process.maskId;
    const ids = Int32Array.from(xt.dataSync());
    const logp = prediction.logProbs.dataSync();
    if (logp.length !== B * L * V) {
      throw new RangeError(
        `step: prediction.logProbs has ${logp.length} values, expected [${B}, ${L}, ${V}] = ${B * L * V}`,
      );
    }
    const schedule = this.process.schedule;
    const tauT = this.process.progress(t);
    const tauS = this.process.progress(s);
    const blockLength = this.options.blockLength ?? L;
    const blocks = Math.ceil(L / blockLength);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < blocks; k++) {
        const from = MaskedStep.blockProgress(tauT, k, blocks);
        const to = MaskedStep.blockProgress(tauS, k, blocks);
        if (from === to) continue;
        const masked: number[] = [];
        for (let l = k * blockLength; l < Math.min(L, (k + 1) * blockLength); l++)
          if (ids[b * L + l] === maskId) masked.push(l);
        if (masked.length === 0) continue;
        const reveals = this.rule.reveal(masked, {
          alphaT: schedule.alpha(from),
          alphaS: to === 0 ? 1 : schedule.alpha(to),
          draw: (l) => sampleCategorical(logp, b * L + l, V, this.options, rng),
          rng,
        });
        for (const { position, id } of reveals) ids[b * L + position] = id;
      }
    }
    return tf.tensor2d(ids, [B, L], 'int32');
  }
}
