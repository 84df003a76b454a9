export interface NgramOptions {
  /** Sequence length L (ids are row-major [n, L]). */
  readonly length: number;
  /** Number of distinct ids. */
  readonly categories: number;
  /** Ids left out of the statistics (e.g. [PAD], [MASK]); a bigram needs both ids kept. */
  readonly ignore?: readonly number[];
}

/** Relative frequencies of ids (order 1) or of adjacent id pairs within a sequence (order 2), in float64. */
export function ngramFrequencies(ids: ArrayLike<number>, order: 1 | 2, o: NgramOptions): Float64Array {
  const V = o.categories;
  const skip = new Set(o.ignore ?? []);
  const counts = new Float64Array(order === 1 ? V : V * V);
  let total = 0;
  for (let start = 0; start + o.length <= ids.length; start += o.length) {
    for (let l = 0; l + order <= o.length; l++) {
      const a = ids[start + l]!;
      if (skip.has(a)) continue;
      if (order === 1) counts[a]!++;
      else {
        const b = ids[start + l + 1]!;
        if (skip.has(b)) continue;
        counts[a * V + b]!++;
      }
      total++;
    }
  }
  if (total > 0) for (let i = 0; i < counts.length; i++) counts[i]! /= total;
  return counts;
}

/**
 * Total-variation distance ½·Σ|p − q| between the unigram (order 1) or bigram (order 2) frequencies of two sets
 * of sequences, e.g. generated samples vs held-out text. 0 = identical statistics, 1 = disjoint.
 */
export function ngramDistance(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  order: 1 | 2,
  o: NgramOptions,
): number {
  const p = ngramFrequencies(a, order, o);
  const q = ngramFrequencies(b, order, o);
  let d = 0;
  for (let i = 0; i < p.length; i++) d += Math.abs(p[i]! - q[i]!);
  return d / 2;
}

export interface BaselineOptions {
  readonly length: number;
  readonly categories: number;
  /** [MASK] is never coded (it is not a data symbol). */
  readonly maskId: number;
  /**
   * Trailing padding: the first [PAD] of a sequence is coded as an end-of-text symbol and the [PAD]s after it are
   * free (they are implied), so a padded name costs its characters plus one end symbol. Not counted as a
   * character.
   */
  readonly padId?: number;
  /**
   * The pseudo-count added to every (context, id) pair (default 1: add-one smoothing). 0 gives the empirical
   * distribution: `ngramBaselineBits(train, train, 1, {…, laplace: 0})` is the unigram entropy of the training
   * text (ids unseen in training then cost +∞ bits).
   */
  readonly laplace?: number;
}

/**
 * The code length of held-out sequences under an n-gram model fitted on training sequences with add-one
 * (Laplace; `laplace` sets the pseudo-count) smoothing over the V − 1 ids other than [MASK], in bits per character. Order 1: every symbol
 * independently (the unigram baseline); order 2: each symbol given the previous one (the first given a start
 * state). With `padId`, the first [PAD] of a sequence is coded as an end symbol and later ones are free; only
 * non-pad positions count as characters, as in `evaluateNelbo`.
 */
export function ngramBaselineBits(
  train: ArrayLike<number>,
  heldOut: ArrayLike<number>,
  order: 1 | 2,
  o: BaselineOptions,
): number {
  const V = o.categories;
  const L = o.length;
  const laplace = o.laplace ?? 1;
  if (!(laplace >= 0 && Number.isFinite(laplace)))
    throw new RangeError(`laplace: expected a finite number ≥ 0, got ${laplace}`);
  const contexts = order === 1 ? 1 : V + 1;
  const counts = new Float64Array(contexts * V);
  /** Whether position i is coded (everything but [PAD]s after the first one of a sequence). */
  const coded = (ids: ArrayLike<number>, i: number) =>
    !(o.padId !== undefined && i % L > 0 && ids[i] === o.padId && ids[i - 1] === o.padId);
  const context = (ids: ArrayLike<number>, i: number) => (order === 1 || i % L === 0 ? 0 : ids[i - 1]! + 1);
  for (let i = 0; i < train.length; i++) if (coded(train, i)) counts[context(train, i) * V + train[i]!]!++;
  const totals = new Float64Array(contexts);
  for (let c = 0; c < contexts; c++)
    for (let v = 0; v < V; v++) if (v !== o.maskId) totals[c]! += counts[c * V + v]! + laplace;
  let bits = 0;
  let chars = 0;
  for (let i = 0; i < heldOut.length; i++) {
    const v = heldOut[i]!;
    if (coded(heldOut, i))
      bits -= Math.log2((counts[context(heldOut, i) * V + v]! + laplace) / totals[context(heldOut, i)]!);
    if (v !== o.padId) chars++;
  }
  return bits / chars;
}
