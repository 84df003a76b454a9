import {
  AFFINE_GAUSSIAN,
  definePlugin,
  requireCapability,
  type ContainerModule,
  type ForwardProcess,
  type PointPrediction,
  type Predictor,
  type ServiceIdentifier,
} from '@udm/core';
import { sigmaDenoiser, type SigmaDenoiser } from '../consistency-function/sigma-denoiser.js';

/** The teacher φ of consistency distillation: a trained model's denoiser D_φ(x_e, σ), and what it is. */
export interface ConsistencyTeacher {
  readonly description: string;
  readonly denoiser: SigmaDenoiser;
}

/** Where `consistency-distillation` finds its teacher (a global token: copies of the package meet on it). */
export const CONSISTENCY_TEACHER = Symbol.for(
  'udm.consistency.Teacher',
) as ServiceIdentifier<ConsistencyTeacher>;

/**
 * The teacher of a trained Gaussian model through its public contracts: x̂0 of `predictor.predict(x_t, t)` (a
 * posterior of any parameterization, EMA weights loaded or not, or a guidance wrapper) read in σ = σ_t/α_t of its
 * own process — which need not be the student's.
 */
export function consistencyTeacher(
  model: { readonly process: ForwardProcess; readonly predictor: Predictor },
  description = 'a trained Gaussian model',
): ConsistencyTeacher {
  const process = requireCapability(AFFINE_GAUSSIAN, model.process, 'consistency teacher');
  return {
    description,
    denoiser: sigmaDenoiser(process, (xt, t) => (model.predictor.predict(xt, t) as PointPrediction).x0),
  };
}

/** Binds a teacher for `train.objective.kind: "consistency-distillation"` (e.g. from a `--plugin` file). */
export function consistencyTeacherModule(teacher: ConsistencyTeacher): ContainerModule {
  return definePlugin(({ contribute }) => contribute(CONSISTENCY_TEACHER, teacher));
}
