import type { GaussianProcess } from '../process/gaussian-process.js';

/**
 * w_t = SNR_{t−1}/SNR_t − 1 for t = 1, …, T − 1 (index t; index 0 is 0), SNR = α²/σ²: the weight of the ε-error
 * in the KL term with β̃, L_{t−1} = ½(SNR_{t−1} − SNR_t)·‖x0 − x̂0‖² = ½·w_t·‖ε − ε̂‖² (Kingma et al. 2021).
 * Large where the SNR falls fast: near t = 0, and at the last times of a schedule whose ᾱ reaches ~0 (the cosine
 * schedule's capped β = 0.999 at t = T − 1 gives w ≈ 10³ there). ∞ where α_t = 0.
 */
export function vlbEpsilonWeights(process: GaussianProcess): Float64Array {
  if (process.time.kind !== 'discrete')
    throw new RangeError('vlbEpsilonWeights: needs a discrete-time process');
  const T = process.time.tMax + 1;
  const snr = (t: number) => (process.alpha(t) / process.sigma(t)) ** 2;
  const w = new Float64Array(T);
  for (let t = 1; t < T; t++) w[t] = snr(t - 1) / snr(t) - 1;
  return w;
}

/**
 * The mass by which `nelbo` stratifies t = 1, …, T − 1 (element i: t = i + 1), a third each ∝ w_t
 * (`vlbEpsilonWeights`: the KL term of a constant ε-error), ∝ 1/t and ∝ 1/(T − t) (equal mass per octave of the
 * distance to either end). Equal-mass strata then give the t that carry most of Σ_t L_{t−1} a stratum each and
 * widen geometrically away from them: the smallest t, where ε̂ is hardest, and the last t of a schedule whose ᾱ
 * reaches ~0 (cosine), where x̂0 = (x_t − σ_t·ε̂)/α_t magnifies ε̂'s error and a single term can carry half the sum
 * (examples/mnist-ddim/README.md). A t with w_t = ∞ (α_t = 0) gets the other times' whole w-mass.
 */
export function nelboTimeMass(process: GaussianProcess): Float64Array {
  const w = vlbEpsilonWeights(process);
  const T = w.length;
  let finite = 0;
  let harmonic = 0;
  for (let t = 1; t < T; t++) {
    if (Number.isFinite(w[t]!)) finite += Math.max(w[t]!, 0);
    harmonic += 1 / t;
  }
  const weightOf = (t: number) => (Number.isFinite(w[t]!) ? Math.max(w[t]!, 0) : finite > 0 ? finite : 1);
  let wTotal = 0;
  for (let t = 1; t < T; t++) wTotal += weightOf(t);
  const mass = new Float64Array(T - 1);
  for (let t = 1; t < T; t++)
    mass[t - 1] = (weightOf(t) / (wTotal > 0 ? wTotal : 1) + 1 / t / harmonic + 1 / (T - t) / harmonic) / 3;
  return mass;
}
