import * as tf from '@tensorflow/tfjs';
import {
  AFFINE_GAUSSIAN,
  ConfigError,
  contribution,
  finiteNumber,
  literal,
  nonEmptyString,
  oneOf,
  required,
  requireCapability,
  struct,
  withDefault,
  type Conditioning,
  type Guidance,
  type GuidanceDeps,
  type PointPrediction,
  type Predictor,
  type Udm,
} from '@udm/core';
import { NOISY_CLASSIFIER } from '../classifier/noisy-classifier-capability.js';
import { classifierGradient, type NoisyClassifier } from '../classifier/noisy-classifier.js';
import { GAUSSIAN_PREDICTION } from '../posterior/gaussian-prediction-capability.js';
import { NULL_LABEL } from '../posterior/gaussian-posterior.js';
import { ClassifierGuidance } from './classifier-guidance.js';

const WHO = 'sample.guidance.kind: "classifier"';
const AT = 'sample.guidance.classifier';

const classifierGuidanceCodec = struct('classifier guidance', {
  kind: required(literal('classifier')),
  /** The noisy classifier: a run directory (its `checkpoint.safetensors`) or a checkpoint file. */
  classifier: required(nonEmptyString),
  /** s: the weight of ∇log p_φ(y | x_t, t) added to the score (0: unguided). */
  scale: withDefault(finiteNumber, 1),
  /**
   * Which score of a class-conditional model is guided: `conditional` (default) ε̂(x_t, y), or `unconditional`
   * ε̂(x_t, ∅), the null label of a network trained with label dropout (classifier guidance of p(x_t) proper, as
   * with an unconditional network). An unconditional network has only ε̂(x_t): both read it.
   */
  model: withDefault(oneOf(['conditional', 'unconditional'] as const), 'conditional'),
});

const same = (a: readonly number[], b: readonly number[]) => tf.util.arraysEqual([...a], [...b]);

/** The noisy classifier a run holds, checked against the model it guides; errors name `sample.guidance.classifier`. */
function checkedClassifier(run: Udm, deps: GuidanceDeps, path: string): NoisyClassifier {
  const where = `${AT}: ${path}`;
  if (!NOISY_CLASSIFIER.has(run.posterior))
    throw new ConfigError([
      `${where} is not a noisy classifier (its posterior.kind is "${run.config.posterior.kind}"; train one with posterior.kind and train.objective.kind "noisy-classifier")`,
    ]);
  const classifier = run.posterior;
  if (deps.classes !== undefined && deps.classes !== classifier.classes)
    throw new ConfigError([
      `${where} has ${classifier.classes} classes, the model's data have ${deps.classes}`,
    ]);
  const shape = run.data.train.itemShape;
  if (!same(shape, deps.itemShape))
    throw new ConfigError([
      `${where} classifies items of shape [${shape.join(', ')}], the model samples [${deps.itemShape.join(', ')}]`,
    ]);
  const [theirs, ours] = [JSON.stringify(run.config.process), JSON.stringify(deps.config.process)];
  if (theirs !== ours)
    throw new ConfigError([
      `${where} was trained under process ${theirs}, the model samples under ${ours}: p_φ(y | x_t, t) must see the model's x_t at the model's t`,
    ]);
  return classifier;
}

/** Labels y reach the model's network only when it embeds them (an unconditional model is guided by y alone). */
function withoutLabels(base: Predictor<tf.Tensor, PointPrediction>): Predictor<tf.Tensor, PointPrediction> {
  return {
    predict: (xt, t, cond?: Conditioning) => {
      if (!cond?.labels) return base.predict(xt, t, cond);
      const { labels: _labels, ...rest } = cond;
      return base.predict(xt, t, rest);
    },
  };
}

/** The model's unconditional output: every label y replaced by the null label (label-dropout training's ∅). */
function withNullLabels(base: Predictor<tf.Tensor, PointPrediction>): Predictor<tf.Tensor, PointPrediction> {
  return {
    predict: (xt, t, cond?: Conditioning) => {
      if (!cond?.labels) return base.predict(xt, t, cond);
      const labels = cond.labels;
      const nulls = tf.fill([labels.shape[0]], NULL_LABEL, labels.dtype) as tf.Tensor1D;
      try {
        return base.predict(xt, t, { ...cond, labels: nulls });
      } finally {
        nulls.dispose();
      }
    },
  };
}

/**
 * `sample.guidance: { kind: 'classifier', classifier: <run or checkpoint>, scale: s }`: classifier guidance
 * (Dhariwal & Nichol 2021; seed 003) with a noisy classifier p_φ(y | x_t, t) trained by `udm train` (posterior and
 * train.objective `noisy-classifier`) under the model's own process. The classifier is read through the
 * application's `CHECKPOINT_MODELS` (path checks of the config's files) and built from its own recorded config;
 * labels y are checked against its classes, so an unconditional model can be guided.
 */
export const classifierGuidance = contribution({
  kind: 'classifier',
  description:
    'classifier guidance ε̂ − s·σ_t·∇log p_φ(y | x_t, t) with a noisy classifier read from a run (classifier: its run directory or checkpoint, trained with posterior and train.objective "noisy-classifier" under the same process; s = scale; model: guide a class-conditional network\'s ε̂(x_t, y) ("conditional") or its null label\'s ε̂(x_t, ∅) ("unconditional")); needs sample.labels',
  codec: classifierGuidanceCodec,
  requires: [AFFINE_GAUSSIAN, GAUSSIAN_PREDICTION],
  create: (c, deps: GuidanceDeps): Guidance => {
    const process = requireCapability(AFFINE_GAUSSIAN, deps.process, WHO);
    const base = requireCapability(GAUSSIAN_PREDICTION, deps.posterior, WHO) as Predictor<
      tf.Tensor,
      PointPrediction
    >;
    if (!deps.checkpoints)
      throw new ConfigError([
        `${AT}: reading the classifier's checkpoint needs the application's checkpoint access (CHECKPOINT_MODELS of @udm/core; the udm CLI binds it, in code bind checkpointModelsModule of @udm/cli)`,
      ]);
    const run = deps.checkpoints.load(c.classifier, AT);
    try {
      const classifier = checkedClassifier(run, deps, c.classifier);
      const conditional = (deps.network.labelClasses ?? 0) > 0 && deps.classes !== undefined;
      // ε̂(x_t, ∅) is the null label's output: a network trained without label dropout never learned it
      if (
        conditional &&
        c.model === 'unconditional' &&
        (deps.posterior as { labelDropoutProbability?: number }).labelDropoutProbability === 0
      )
        throw new ConfigError([
          `sample.guidance.model: "unconditional" needs a network trained with label dropout (posterior.labelDropout > 0, e.g. 0.1): its null-label output ε̂(x_t, ∅) was never trained; use model "conditional"`,
        ]);
      const guided = new ClassifierGuidance(
        !conditional ? withoutLabels(base) : c.model === 'unconditional' ? withNullLabels(base) : base,
        process,
        classifierGradient(classifier),
        c.scale,
      );
      return {
        needsLabels: true,
        classes: classifier.classes,
        predict: (xt, t, cond) => guided.predict(xt, t, cond),
        dispose: () => run.dispose(),
      };
    } catch (e) {
      run.dispose();
      throw e;
    }
  },
});
