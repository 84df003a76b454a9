import {
  AFFINE_GAUSSIAN,
  ConfigError,
  contribution,
  finiteNumber,
  intIn,
  literal,
  numberIn,
  oneOf,
  optional,
  positiveInt,
  required,
  requireCapability,
  struct,
  withDefault,
  type ObjectiveDeps,
  type Registry,
} from '@udm/core';
import { CONSISTENCY_DISTANCES } from '../distance/consistency-distance.js';
import { CONSISTENCY_SIGMA_MAX } from '../sampler/sample-consistency.js';
import type { SigmaDenoiser } from '../consistency-function/sigma-denoiser.js';
import type { ConsistencyTeacher } from '../teacher/consistency-teacher.js';
import { TEACHER_STEPS } from '../teacher/teacher-step.js';
import {
  lognormalLevelSampling,
  uniformLevelSampling,
  type LevelSampling,
} from '../schedule/level-sampling.js';
import type { LevelWeighting } from '../weighting/level-weighting.js';
import {
  levelWeightingRegistry,
  type LevelWeightingDeps,
} from '../weighting/level-weighting-contributions.js';
import { consistencyDistillation } from './consistency-distillation.js';
import { consistencyTraining } from './consistency-training.js';

const positive = numberIn(0, Infinity, { lo: true });
const common = {
  distance: withDefault(oneOf(Object.keys(CONSISTENCY_DISTANCES)), 'l2'),
  sigmaMax: withDefault(positive, CONSISTENCY_SIGMA_MAX),
  rho: withDefault(positive, 7),
};

/** The level samplings of `train.objective.levelSampling`, from its `pMean` and `pStd`. */
const LEVEL_SAMPLINGS: Readonly<Record<string, (pMean: number, pStd: number) => LevelSampling>> = {
  uniform: () => uniformLevelSampling,
  lognormal: lognormalLevelSampling,
};

/** `train.objective.weighting`: one of `weightings`' kinds, default λ ≡ 1. */
const weightingField = (weightings: Registry<LevelWeighting, LevelWeightingDeps>) =>
  withDefault(weightings.codec(), { kind: 'constant' });

/**
 * `train.objective.kind: "consistency-training"` (no teacher), its λ(σ_n, σ_{n+1}) (`weighting`) one of
 * `weightings`' kinds: `consistencyModule` binds it with the container's `CONSISTENCY_CHOICES.LevelWeighting`, so a
 * plugin's weighting is a valid choice.
 */
export function consistencyTrainingObjectiveWith(weightings: Registry<LevelWeighting, LevelWeightingDeps>) {
  return contribution({
    kind: 'consistency-training',
    description:
      'consistency training: λ(σ_n, σ_{n+1})·d(f_θ(x0 + σ_{n+1}z, σ_{n+1}), f_θ⁻(x0 + σ_n z, σ_n)), N(k) Karras levels from s0 to s1 + 1, n uniform or the iCT discretised lognormal (levelSampling, pMean, pStd), λ by weighting (default 1; iCT: inverse-gap), θ⁻ EMA μ(k) (needs posterior.kind "consistency")',
    codec: struct('consistency-training objective', {
      kind: required(literal('consistency-training')),
      ...common,
      weighting: weightingField(weightings),
      s0: withDefault(intIn(2, 100_000), 2),
      s1: withDefault(intIn(2, 100_000), 150),
      scheduleSteps: optional(positiveInt),
      mu0: withDefault(numberIn(0, 1, { hi: true }), 0.9),
      levelSampling: withDefault(oneOf(Object.keys(LEVEL_SAMPLINGS)), 'uniform'),
      pMean: withDefault(finiteNumber, -1.1),
      pStd: withDefault(positive, 2),
    }),
    requires: [AFFINE_GAUSSIAN],
    create: (c, deps: ObjectiveDeps) => {
      if (c.s1 < c.s0) throw new ConfigError([`train.objective.s1: expected ≥ s0 = ${c.s0}, got ${c.s1}`]);
      const levelSampling = LEVEL_SAMPLINGS[c.levelSampling]!(c.pMean, c.pStd);
      try {
        levelSampling.probabilities(Float64Array.of(0, c.sigmaMax));
      } catch (e) {
        if (e instanceof RangeError) throw new ConfigError([`train.objective.pMean, pStd: ${e.message}`]);
        throw e;
      }
      const process = requireCapability(
        AFFINE_GAUSSIAN,
        deps.process,
        'train.objective.kind: "consistency-training"',
      );
      return consistencyTraining({
        process,
        posterior: deps.posterior,
        distance: CONSISTENCY_DISTANCES[c.distance]!,
        sigmaMax: c.sigmaMax,
        rho: c.rho,
        s0: c.s0,
        s1: c.s1,
        mu0: c.mu0,
        levelSampling,
        weighting: weightings.create(c.weighting, { process }),
        ...(c.scheduleSteps !== undefined ? { scheduleSteps: c.scheduleSteps } : {}),
        ...(deps.steps !== undefined ? { trainSteps: deps.steps } : {}),
      });
    },
  });
}

/** `consistency-training` with the built-in level weightings only. */
export const consistencyTrainingObjective = consistencyTrainingObjectiveWith(levelWeightingRegistry);

/**
 * `train.objective.kind: "consistency-distillation"` with the teachers bound to `CONSISTENCY_TEACHER` (read when
 * a loss first needs the teacher — exactly one must be bound then; a distilled model is built without one).
 */
export function consistencyDistillationObjectiveWith(
  teachers: () => readonly ConsistencyTeacher[],
  weightings: Registry<LevelWeighting, LevelWeightingDeps> = levelWeightingRegistry,
) {
  return contribution({
    kind: 'consistency-distillation',
    description:
      'consistency distillation: λ(σ_n, σ_{n+1})·d(f_θ(x_{n+1}, σ_{n+1}), f_θ⁻(Φ(x_{n+1}; teacher), σ_n)) on N Karras levels, λ by weighting (default 1), θ⁻ EMA μ (needs posterior.kind "consistency" and a teacher bound by consistencyTeacherModule)',
    codec: struct('consistency-distillation objective', {
      kind: required(literal('consistency-distillation')),
      ...common,
      solver: withDefault(oneOf(Object.keys(TEACHER_STEPS)), 'heun'),
      levels: withDefault(intIn(2, 100_000), 18),
      mu: withDefault(numberIn(0, 1, { hi: true }), 0.95),
      weighting: weightingField(weightings),
    }),
    requires: [AFFINE_GAUSSIAN],
    create: (c, deps: ObjectiveDeps) => {
      // The teacher is looked up when a loss first needs it: a distilled model is built (to sample, evaluate or
      // resume) without one.
      let teacher: SigmaDenoiser | undefined;
      const denoise: SigmaDenoiser = (x, sigma) => {
        if (!teacher) {
          const bound = teachers();
          if (bound.length !== 1)
            throw new ConfigError([
              `train.objective.kind "consistency-distillation": needs exactly one teacher bound to CONSISTENCY_TEACHER (consistencyTeacherModule(consistencyTeacher(model)) of @udm/consistency, e.g. in a --plugin file), found ${bound.length}`,
            ]);
          teacher = bound[0]!.denoiser;
        }
        return teacher(x, sigma);
      };
      const process = requireCapability(
        AFFINE_GAUSSIAN,
        deps.process,
        'train.objective.kind: "consistency-distillation"',
      );
      return consistencyDistillation({
        process,
        posterior: deps.posterior,
        teacher: denoise,
        solver: TEACHER_STEPS[c.solver]!,
        distance: CONSISTENCY_DISTANCES[c.distance]!,
        levels: c.levels,
        sigmaMax: c.sigmaMax,
        rho: c.rho,
        mu: c.mu,
        weighting: weightings.create(c.weighting, { process }),
      });
    },
  });
}
