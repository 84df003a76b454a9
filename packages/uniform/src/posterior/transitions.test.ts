import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import {
  priorKl,
  reverseProbabilities,
  stepAlpha,
  uniformMarginal,
  uniformPosterior,
} from './transitions.js';

const K = 4;

/** exp(c·(11ᵀ/K − I)) by scaling and squaring a Taylor series: the CTMC's transition matrix after rate mass c. */
function generatorExp(c: number): number[][] {
  const n = K;
  const gen: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (1 / K - (i === j ? 1 : 0)) * c),
  );
  const mul = (a: number[][], b: number[][]) =>
    a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
  const squarings = 10;
  const scaled = gen.map((row) => row.map((v) => v / 2 ** squarings));
  let term: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  let sum: number[][] = term.map((row) => [...row]);
  for (let k = 1; k < 20; k++) {
    term = mul(term, scaled).map((row) => row.map((v) => v / k));
    sum = sum.map((row, i) => row.map((v, j) => v + term[i]![j]!));
  }
  for (let s = 0; s < squarings; s++) sum = mul(sum, sum);
  return sum;
}

describe('uniform-state transitions', () => {
  it('the marginal is the CTMC with rate matrix β(11ᵀ/K − I) run from x0, α = exp(−∫β)', () => {
    for (const alpha of [0.9, 0.5, 0.1]) {
      const P = generatorExp(-Math.log(alpha));
      for (let x0 = 0; x0 < K; x0++) {
        const q = uniformMarginal(x0, alpha, K);
        for (let v = 0; v < K; v++) expect(q[v]).toBeCloseTo(P[x0]![v]!, 12);
      }
    }
  });

  it('the posterior q(x_s | x_t, x0) is Bayes on the brute-force joint q(x_s | x0)·q(x_t | x_s)', () => {
    for (const [alphaS, alphaT] of [
      [0.8, 0.3],
      [1, 0.6],
      [0.4, 0.39],
      [0.2, 0],
    ] as const) {
      const fromZero = generatorExp(-Math.log(alphaS));
      const step = alphaT === 0 ? null : generatorExp(Math.log(alphaS / alphaT));
      for (let x0 = 0; x0 < K; x0++)
        for (let xt = 0; xt < K; xt++) {
          const joint = Array.from({ length: K }, (_, v) => {
            const forward = step ? step[v]![xt]! : 1 / K; // α_t = 0: x_t uniform whatever x_s
            return fromZero[x0]![v]! * forward;
          });
          const z = joint.reduce((a, b) => a + b, 0);
          const q = uniformPosterior(xt, x0, alphaT, alphaS, K);
          for (let v = 0; v < K; v++) expect(q[v]).toBeCloseTo(joint[v]! / z, 12);
        }
    }
  });

  it('α_s = 1 (the last step) gives x_s = x0; α_{t|s} = α_t/α_s', () => {
    expect(Array.from(uniformPosterior(2, 1, 0.3, 1, K))).toEqual([0, 1, 0, 0]);
    expect(stepAlpha(0.3, 0.6)).toBeCloseTo(0.5, 15);
    expect(() => stepAlpha(0.7, 0.6)).toThrow(/alphaT: expected ≤ alphaS/);
    expect(() => uniformPosterior(K, 0, 0.3, 0.6, K)).toThrow(/xt: expected a category in \[0, 4\)/);
  });

  it('the reverse step’s closed form is the mixture Σ_z q(x_s | x_t, z)·p̂_z', () => {
    const rng = new SeededRng(3);
    for (let trial = 0; trial < 20; trial++) {
      const raw = rng.uniforms(K).map((u) => u ** 3 + 1e-3);
      const total = raw.reduce((a, b) => a + b, 0);
      const probs = raw.map((v) => v / total);
      const alphaS = 0.2 + 0.8 * rng.uniform();
      const alphaT = alphaS * rng.uniform();
      const xt = rng.int(K);
      const p = reverseProbabilities(xt, probs, alphaT, alphaS, K);
      const mixture = new Float64Array(K);
      for (let z = 0; z < K; z++) {
        const q = uniformPosterior(xt, z, alphaT, alphaS, K);
        for (let v = 0; v < K; v++) mixture[v] = mixture[v]! + probs[z]! * q[v]!;
      }
      for (let v = 0; v < K; v++) expect(p[v]).toBeCloseTo(mixture[v]!, 12);
    }
  });

  it('the prior term KL(q(x_1 | x0) ‖ Uniform) is 0 at α(1) = 0 and the direct sum otherwise', () => {
    expect(priorKl(0, K)).toBe(0);
    const a = 1e-3;
    const hit = a + (1 - a) / K;
    const miss = (1 - a) / K;
    expect(priorKl(a, K)).toBeCloseTo(hit * Math.log(K * hit) + (K - 1) * miss * Math.log(K * miss), 15);
  });
});
