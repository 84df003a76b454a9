import type { Rng } from '../random/rng.js';

export interface CategoricalOptions {
  /** Divides the log-probabilities; 0 picks the most probable id (no random draw). */
  readonly temperature: number;
  /** Nucleus sampling: keep the most probable ids whose mass first reaches topP (1 keeps all). */
  readonly topP: number;
}

export interface CategoricalDraw {
  readonly id: number;
  /** The id's probability under the untempered distribution (the "confidence" of low-confidence remasking). */
  readonly prob: number;
}

/**
 * Draws one id from row `row` of `logp` (V log-probabilities, possibly unnormalised) with temperature and top-p,
 * computed in float64 on the host and sampled by inverse CDF with a single `rng.uniform()` (none when
 * temperature = 0). Sampling in float32 (e.g. Gumbel noise in float32) biases low-probability tokens.
 */
export function sampleCategorical(
  logp: ArrayLike<number>,
  row: number,
  V: number,
  options: CategoricalOptions,
  rng: Rng,
): CategoricalDraw {
  const base = row * V;
  let max = -Infinity;
  let argmax = 0;
  for (let v = 0; v < V; v++) {
    const x = logp[base + v]!;
    if (x > max) {
      max = x;
      argmax = v;
    }
  }
  const p = new Float64Array(V);
  let z = 0;
  for (let v = 0; v < V; v++) z += p[v] = Math.exp(logp[base + v]! - max);
  const probOf = (id: number) => p[id]! / z;
  if (options.temperature === 0) return { id: argmax, prob: probOf(argmax) };

  const q = new Float64Array(V);
  let zq = 0;
  for (let v = 0; v < V; v++) zq += q[v] = Math.exp((logp[base + v]! - max) / options.temperature);
  let order: number[] | Int32Array;
  let total = zq;
  if (options.topP < 1) {
    const sorted = Array.from({ length: V }, (_, v) => v).sort((a, b) => q[b]! - q[a]! || a - b);
    let mass = 0;
    let keep = 0;
    while (keep < V && (keep === 0 || mass < options.topP * zq)) mass += q[sorted[keep++]!]!;
    order = sorted.slice(0, keep);
    total = mass;
  } else {
    order = Int32Array.from({ length: V }, (_, v) => v);
  }
  const target = rng.uniform() * total;
  let acc = 0;
  let last = order[0]!;
  for (const v of order) {
    if (q[v]! <= 0) continue;
    acc += q[v]!;
    last = v;
    if (target < acc) return { id: v, prob: probOf(v) };
  }
  return { id: last, prob: probOf(last) };
}
