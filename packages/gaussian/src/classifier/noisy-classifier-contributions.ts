import {
  ConfigError,
  contribution,
  intIn,
  LABELLED_DATA,
  literal,
  required,
  requireCapability,
  struct,
  type ObjectiveDeps,
  type PosteriorContribution,
  type PosteriorDeps,
  type TrainingObjective,
} from '@udm/core';
import { NOISY_CLASSIFIER } from './noisy-classifier-capability.js';
import { NoisyClassifier } from './noisy-classifier.js';

const classifierCodec = struct('noisy-classifier posterior', {
  kind: required(literal('noisy-classifier')),
  /** The number of classes: the network's output is `classes` logits. */
  classes: required(intIn(2, 100_000)),
});

/**
 * `posterior: { kind: "noisy-classifier", classes }`: the network is a noisy classifier p_φ(y | x_t, t) with
 * `classes` logits (`networkOutputShape` tells the network factory), trained by `train.objective.kind:
 * "noisy-classifier"` and read by `sample.guidance.kind: "classifier"`'s math (`classifierGradient`).
 */
export const noisyClassifierPosterior: PosteriorContribution = {
  ...contribution({
    kind: 'noisy-classifier',
    description:
      'a noisy classifier p_φ(y | x_t, t): the network outputs `classes` logits of x_t (it never sees y); train it with train.objective.kind "noisy-classifier"',
    codec: classifierCodec,
    requires: [LABELLED_DATA],
    provides: [NOISY_CLASSIFIER],
    create: (c, deps: PosteriorDeps) => new NoisyClassifier(deps.process, deps.network, c.classes),
  }),
  networkOutputShape: (c) => [(c as unknown as { readonly classes: number }).classes],
};

const WHO = 'train.objective.kind: "noisy-classifier"';

/**
 * `train.objective: { kind: "noisy-classifier" }`: t ~ the process's time domain, ε ~ q(ε), x_t = F_t(x0, ε) of any
 * forward process, and the cross-entropy −log p_φ(y | x_t, t) on the data's labels. It has no adaptive state.
 */
export const noisyClassifierObjective = contribution({
  kind: 'noisy-classifier',
  description:
    'noisy classifier for classifier guidance: t ~ time domain, x_t = F_t(x0, ε), cross-entropy −log p_φ(y | x_t, t) (posterior.kind "noisy-classifier", labelled data)',
  codec: struct('noisy-classifier objective', { kind: required(literal('noisy-classifier')) }),
  requires: [NOISY_CLASSIFIER],
  create: (_c, deps: ObjectiveDeps): TrainingObjective => {
    const classifier = requireCapability(NOISY_CLASSIFIER, deps.posterior, WHO);
    const classes = deps.data.classes;
    if (classes === undefined)
      throw new ConfigError([`data: ${WHO} needs labelled data (e.g. data.labelled: true)`]);
    if (classes !== classifier.classes)
      throw new ConfigError([
        `posterior.classes: expected ${classes} (the data's classes), got ${classifier.classes}`,
      ]);
    const process = deps.process;
    return {
      kind: 'noisy-classifier',
      loss(batch, rng) {
        if (!batch.labels) throw new Error(`${WHO}: the batch has no labels (data.labelled: true)`);
        const n = batch.x0.shape[0]!;
        const t = process.time.sample(n, rng);
        const eps = process.sampleNoise(batch.x0, rng);
        const xt = process.forward(batch.x0, eps, t);
        return classifier.crossEntropy(xt, t, batch.labels);
      },
    };
  },
});
