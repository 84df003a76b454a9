import { literal, required, struct } from '../config/struct.js';
import { contribution } from '../di/contribution.js';
import type { ObjectiveDeps } from '../di/extension-points.js';
import { denoisingObjective } from '../training/denoising-objective.js';

/** `train.objective.kind: "denoising"`: t ~ p_time, ε ~ q(ε), G_t's loss at x_t = F_t(x0, ε) (the default). */
export const denoisingObjectiveContribution = contribution({
  kind: 'denoising',
  description:
    'denoising: t ~ p_time (the posterior’s or the process’s), ε ~ q(ε), x_t = F_t(x0, ε), loss −log q(x0 | x_t) of G_t',
  codec: struct('denoising objective', { kind: required(literal('denoising')) }),
  create: (_c, deps: ObjectiveDeps) => denoisingObjective(deps.process, deps.posterior),
});
