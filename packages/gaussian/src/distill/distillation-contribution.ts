import * as tf from '@tensorflow/tfjs';
import {
  AFFINE_GAUSSIAN,
  COEFFICIENT_RATES,
  ConfigError,
  contribution,
  literal,
  positiveInt,
  required,
  requireCapability,
  struct,
  withDefault,
  type Network,
  type ObjectiveDeps,
  type ObjectiveState,
  type Registry,
  type TrainingObjective,
} from '@udm/core';
import type { LossWeighting } from '../objective/loss-weighting.js';
import { lossWeightingRegistry, type WeightingDeps } from '../objective/weighting-contributions.js';
import { GAUSSIAN_PREDICTION } from '../posterior/gaussian-prediction-capability.js';
import { copyWeights } from './copy-weights.js';
import { distillationObjective } from './distillation-objective.js';

const WHO = 'train.objective.kind: "progressive-distillation"';

/**
 * One round of progressive distillation chosen in a run's config, `train.objective: { kind:
 * "progressive-distillation", studentSteps, weighting }`: the teacher is a frozen copy of the weights the run starts
 * from (restore the teacher's checkpoint into the model before training), taken at the first loss; the network
 * trained is the student. The teacher's weights are the objective's state (`objective.teacher.<name>` in every
 * checkpoint), so a resumed round continues against the same teacher.
 */
export function progressiveDistillationContributionWith(weightings: Registry<LossWeighting, WeightingDeps>) {
  return contribution({
    kind: 'progressive-distillation',
    description:
      'one progressive-distillation round: the student (the trained network) learns two DDIM steps of a frozen copy of the starting weights in one, ω(t)‖x̃ − x̂0‖²',
    codec: struct('progressive-distillation objective', {
      kind: required(literal('progressive-distillation')),
      /** N, the student's sampling steps (the teacher takes 2N). */
      studentSteps: withDefault(positiveInt, 1),
      weighting: withDefault(weightings.codec(), { kind: 'truncated-snr', space: 'x0' }),
    }),
    requires: [AFFINE_GAUSSIAN, COEFFICIENT_RATES, GAUSSIAN_PREDICTION],
    create: (c, deps: ObjectiveDeps): TrainingObjective => {
      const process = requireCapability(AFFINE_GAUSSIAN, deps.process, WHO);
      const student = requireCapability(GAUSSIAN_PREDICTION, deps.posterior, WHO);
      if (process.time.kind !== 'continuous')
        throw new ConfigError([`${WHO}: needs a continuous-time process (the halved grids must nest)`]);
      const weighting = weightings.create(c.weighting, { process });
      if (weighting.space !== 'x0')
        throw new ConfigError([
          `train.objective.weighting: expected space "x0" (the x0-error), got "${weighting.space}"`,
        ]);
      if (!deps.replica)
        throw new ConfigError([`${WHO}: needs the composition root's replica (build it with createUdm)`]);
      const replica = deps.replica();
      const teacher = requireCapability(GAUSSIAN_PREDICTION, replica.posterior, WHO);
      const teacherNet: Network = replica.network;
      let frozen = false;
      const inner = distillationObjective({
        teacher,
        student,
        process,
        studentSteps: c.studentSteps,
        weighting,
      });
      return {
        kind: 'progressive-distillation',
        loss(batch, rng, options) {
          if (!frozen) {
            copyWeights(deps.network, teacherNet);
            frozen = true;
          }
          return inner.loss(batch, rng, options);
        },
        getState: (): ObjectiveState => (frozen ? { tensors: prefixed(teacherNet) } : {}),
        setState(state) {
          const tensors = state.tensors;
          if (!tensors || tensors.size === 0) return;
          for (const [name, v] of teacherNet.variables) {
            const s = tensors.get(`teacher.${name}`);
            if (!s || !tf.util.arraysEqual(s.shape, v.shape))
              throw new Error(`${WHO}: state: objective.teacher.${name} is missing or has another shape`);
            v.assign(s);
          }
          frozen = true;
        },
        dispose: () => {
          for (const v of teacherNet.variables.values()) v.dispose();
        },
      };
    },
  });
}

/** `progressive-distillation` with the built-in ω(t) only. */
export const progressiveDistillationContribution =
  progressiveDistillationContributionWith(lossWeightingRegistry);

function prefixed(network: Network): Map<string, tf.Tensor> {
  return new Map([...network.variables].map(([name, v]) => [`teacher.${name}`, v] as const));
}
