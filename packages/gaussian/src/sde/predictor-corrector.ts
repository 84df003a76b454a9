import type * as tf from '@tensorflow/tfjs';
import type { OdeSolver, OdeStepInput } from '../ode/ode-solver.js';
import { gammaExponentialStep } from './gamma-exponential.js';
import { langevinCorrect, type LangevinOptions } from './langevin-corrector.js';

/**
 * The predictor–corrector sampler of score SDE (Song et al. 2021, Algorithm 1): the predictor is one step of the
 * reverse SDE (seed 002 eq. \tag{47}, η = 1), taken by its exponential integrator ({@link gammaExponentialStep});
 * the corrector is `steps` Langevin moves at the new time s (not at the origin, where the last step returns x̂0).
 */
export function createPredictorCorrector(options: LangevinOptions): OdeSolver {
  if (!(options.snr > 0 && Number.isFinite(options.snr)))
    throw new RangeError(`snr: expected a finite number > 0, got ${options.snr}`);
  if (!(Number.isInteger(options.steps) && options.steps >= 0))
    throw new RangeError(`steps: expected an integer ≥ 0, got ${options.steps}`);
  return {
    kind: 'pc-langevin',
    description: `predictor–corrector (score SDE): reverse-SDE predictor + ${options.steps} Langevin corrector step(s), r = ${options.snr}`,
    evaluationsPerStep: 1 + options.steps,
    step({ process, x, t, s, x0, denoise, noise }: OdeStepInput): tf.Tensor {
      if (!noise) throw new RangeError('pc-langevin: needs a noise source');
      const predicted = gammaExponentialStep(process, x, x0, t, s, 1, noise);
      if (process.sigma(s) === 0 || options.steps === 0) return predicted;
      const corrected = langevinCorrect(process, predicted, s, denoise, noise, options);
      predicted.dispose();
      return corrected;
    },
  };
}
