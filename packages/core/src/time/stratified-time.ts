import type { Rng } from '../random/rng.js';
import { ContinuousTime, DiscreteTime } from './time-domain.js';

/**
 * Continuous time on [tMin, tMax] whose training draws are stratified over the batch (MDLM's "antithetic"
 * sampling): t_i = tMin + (tMax − tMin)·(i + u_i)/B with u_i ~ U[0, 1). Each t_i is still uniform on average,
 * but the batch covers the interval evenly, which lowers the variance of the NELBO's 1/t-weighted loss.
 */
export class StratifiedContinuousTime extends ContinuousTime {
  constructor(tMin: number, tMax: number, networkScale?: number) {
    super(tMin, tMax, networkScale);
  }

  override sample(batch: number, rng: Rng): Float64Array {
    const u = rng.uniforms(batch);
    return u.map((v, i) => this.tMin + ((this.tMax - this.tMin) * (i + v)) / batch);
  }
}

/** Discrete time 0..T−1 with stratified training draws t_i = ⌊T·(i + u_i)/B⌋. */
export class StratifiedDiscreteTime extends DiscreteTime {
  override sample(batch: number, rng: Rng): Float64Array {
    const u = rng.uniforms(batch);
    return u.map((v, i) => Math.min(this.T - 1, Math.floor((this.T * (i + v)) / batch)));
  }
}
