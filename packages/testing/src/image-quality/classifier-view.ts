/** Summary of a classifier's view of a set of images. */
export interface ClassifierView {
  /** Mean of the largest class probability. */
  readonly confidence: number;
  /** Entropy (bits) of the histogram of predicted classes; log2(K) (3.32 for 10 digits) when all are equally frequent. */
  readonly classEntropy: number;
  /** How many images were predicted as each class. */
  readonly histogram: number[];
}

function checkRows(probabilities: Float32Array, classes: number): number {
  if (!(Number.isInteger(classes) && classes >= 1))
    throw new RangeError(`classes: expected a positive integer, got ${classes}`);
  if (probabilities.length % classes !== 0)
    throw new RangeError(
      `probabilities: expected rows of ${classes} values, got ${probabilities.length} values`,
    );
  return probabilities.length / classes;
}

/** The most probable class of each row of `probabilities` ([n, classes], row-major). */
export function predictedClasses(probabilities: Float32Array, classes = 10): Int32Array {
  const n = checkRows(probabilities, classes);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++)
      if (probabilities[i * classes + k]! > probabilities[i * classes + best]!) best = k;
    out[i] = best;
  }
  return out;
}

/** Confidence, class entropy and histogram of predicted classes ([n, classes] probabilities, row-major). */
export function classifierView(probabilities: Float32Array, classes = 10): ClassifierView {
  const predicted = predictedClasses(probabilities, classes);
  const n = predicted.length;
  const histogram = new Array<number>(classes).fill(0);
  let confidence = 0;
  predicted.forEach((best, i) => {
    histogram[best]!++;
    confidence += probabilities[i * classes + best]! / n;
  });
  const classEntropy = histogram.reduce((a, c) => (c === 0 ? a : a + (c / n) * Math.log2(n / c)), 0);
  return { confidence, classEntropy, histogram };
}

/** Fraction of images whose most probable class is the label. */
export function accuracy(probabilities: Float32Array, labels: Int32Array, classes = 10): number {
  const predicted = predictedClasses(probabilities, classes);
  if (predicted.length !== labels.length)
    throw new RangeError(`labels: expected ${predicted.length} labels, got ${labels.length}`);
  let right = 0;
  labels.forEach((y, i) => {
    if (predicted[i] === y) right++;
  });
  return right / labels.length;
}
