import * as tf from '@tensorflow/tfjs';
import type { CategoricalPrediction, ConditionalStep, Rng } from '@udm/core';
import type { AbsorbingMaskForward } from '../process/absorbing-mask.js';
import { sampleCategorical, type CategoricalOptions } from '@udm/core';

/**
 * Seed 002 eq. 59 as written: x_s = m_s ⊙ x̂0 + (1 − m_s) ⊙ [MASK] with x̂0 ~ q(x0 | x_t) DRAWN at every position
 * (float64, at the given temperature and top-p; under SUBS an unmasked token of x_t is a point mass, so it is
 * drawn as itself) and a FRESH mask m_s^l = 1[ε^l < α_s], ε ~ U[0, 1): the generic fresh-noise correction
 * F_s(x̂0, ε_new) of §7.3 step 2b. Unlike MDLM's ancestral step (`masked-ancestral`, which samples
 * q(x_s | x_t, x̂0) and never re-masks), a token unmasked at t can be masked again at s; the marginal fraction
 * unmasked at s is α_s either way. Random numbers in a fixed order: for each sequence, for each position, the
 * draw of x̂0 then ε.
 */
export class ResampleStep implements ConditionalStep<tf.Tensor, CategoricalPrediction> {
  constructor(
    readonly process: AbsorbingMaskForward,
    readonly options: CategoricalOptions = { temperature: 1, topP: 1 },
  ) {
    const { temperature, topP } = options;
    if (!(temperature >= 0 && Number.isFinite(temperature)))
      throw new RangeError(`temperature: expected a finite number ≥ 0, got ${temperature}`);
    if (!(topP > 0 && topP <= 1)) throw new RangeError(`topP: expected a number in (0, 1], got ${topP}`);
  }

  step(xt: tf.Tensor, prediction: CategoricalPrediction, t: number, s: number, rng: Rng): tf.Tensor {
    if (!(s < t)) throw new RangeError(`step: expected s < t, got t = ${t}, s = ${s}`);
    const [B, L] = xt.shape as [number, number];
    const V = this.process.categories;
    const logp = prediction.logProbs.dataSync();
    if (logp.length !== B * L * V) {
      throw new RangeError(
        `step: prediction.logProbs has ${logp.length} values, expected [${B}, ${L}, ${V}] = ${B * L * V}`,
      );
    }
    const alphaS = this.process.alpha(s);
    const out = new Int32Array(B * L);
    for (let i = 0; i < B * L; i++) {
      const x0 = sampleCategorical(logp, i, V, this.options, rng).id;
      out[i] = rng.uniform() < alphaS ? x0 : this.process.maskId;
    }
    return tf.tensor2d(out, [B, L], 'int32');
  }
}
