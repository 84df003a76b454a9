import { capability } from '@udm/core';
import type { NoisyClassifier } from './noisy-classifier.js';

/** A posterior that is a noisy classifier p_φ(y | x_t, t) (`posterior.kind: "noisy-classifier"`). */
export const NOISY_CLASSIFIER = capability<NoisyClassifier>({
  name: 'noisy-classifier',
  subject: 'posterior',
  description: 'a noisy classifier p_φ(y | x_t, t): class logits of x_t at time t',
  providedBy: 'posterior.kind "noisy-classifier" of @udm/gaussian',
  has: (p): p is NoisyClassifier => {
    const m = p as Partial<NoisyClassifier> | null;
    return (
      typeof m?.logits === 'function' && typeof m.crossEntropy === 'function' && Number.isInteger(m.classes)
    );
  },
});
