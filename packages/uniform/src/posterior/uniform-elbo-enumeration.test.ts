import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  ContinuousScheduleClock,
  type Dataset,
  DiscreteScheduleClock,
  LinearKeepSchedule,
  SeededRng,
} from '@udm/core';
import { evaluateUniformNelbo } from '../eval/evaluate-uniform-nelbo.js';
import { UniformProcess } from '../process/uniform-process.js';
import { NeighbourTimeNetwork, UnigramLogitsNetwork } from './test-networks.js';
import { priorKl, uniformMarginal, uniformPosterior } from './transitions.js';
import { UniformPosterior } from './uniform-posterior.js';

await tf.setBackend('cpu');
await tf.ready();

const K = 3;
const L = 2;
const X0 = [0, 2];
const schedule = new LinearKeepSchedule();
const network = new NeighbourTimeNetwork(K);
/** Every x_t ∈ {0..K−1}^L, row-major. */
const STATES = Array.from({ length: K ** L }, (_, i) =>
  Array.from({ length: L }, (_, l) => Math.floor(i / K ** l) % K),
);

/** p_θ(x0^l | x_t) of every state at time t, float64 [state][l][v]. */
function predictAll(posterior: UniformPosterior, t: number): number[][][] {
  return tf.tidy(() =>
    tf
      .exp(
        posterior.logProbs(
          tf.tensor2d(STATES.flat(), [STATES.length, L], 'int32'),
          new Float64Array(STATES.length).fill(t),
        ),
      )
      .arraySync(),
  ) as number[][][];
}

const kl = (q: ArrayLike<number>, p: ArrayLike<number>) => {
  let s = 0;
  for (let v = 0; v < q.length; v++) if (q[v]! > 0) s += q[v]! * Math.log(q[v]! / p[v]!);
  return s;
};

/** The model's reverse step of one token by brute force: Σ_z q(x_s | x_t, z)·p̂_z. */
function mixture(xt: number, probs: readonly number[], alphaT: number, alphaS: number): Float64Array {
  const p = new Float64Array(K);
  for (let z = 0; z < K; z++) {
    const q = uniformPosterior(xt, z, alphaT, alphaS, K);
    for (let v = 0; v < K; v++) p[v] = p[v]! + probs[z]! * q[v]!;
  }
  return p;
}

/**
 * The exact T-step NELBO of x0 (nats) by enumeration: Σ_t Σ_{x_t} q(x_t | x0)·Σ_l KL(q(x_s^l | x_t^l, x0^l) ‖
 * p_θ(x_s^l | x_t)) + L·KL(q(x_T | x0) ‖ Uniform), s = t − 1, α_t = α((t + 1)/T), for a posterior on T steps.
 */
function exactStepNelbo(posterior: UniformPosterior, x0 = X0): number {
  const T = posterior.process.time.tMax + 1;
  let total = L * priorKl(schedule.alpha(1), K);
  for (let t = 0; t < T; t++) {
    const aT = schedule.alpha((t + 1) / T);
    const aS = schedule.alpha(t / T);
    const probs = predictAll(posterior, t);
    STATES.forEach((xt, i) => {
      let weight = 1;
      for (let l = 0; l < L; l++) weight *= uniformMarginal(x0[l]!, aT, K)[xt[l]!]!;
      for (let l = 0; l < L; l++)
        total +=
          weight * kl(uniformPosterior(xt[l]!, x0[l]!, aT, aS, K), mixture(xt[l]!, probs[i]![l]!, aT, aS));
    });
  }
  return total;
}

/** `copies` int32 copies of x0. */
function copiesOf(x0: readonly number[], copies: number): Dataset {
  return {
    itemShape: [L],
    size: copies,
    categories: K,
    gather: (idx: Int32Array) => ({
      x0: tf.tensor2d(Int32Array.from([...idx].flatMap(() => x0)), [idx.length, L], 'int32'),
    }),
    toArray: () => Float32Array.from(Array.from({ length: copies }, () => x0).flat()),
  };
}

describe('the T-step (D3PM-uniform) NELBO against exact enumeration', () => {
  const T = 6;
  const process = new UniformProcess(schedule, new DiscreteScheduleClock(T), K);
  const posterior = new UniformPosterior(process, network);

  it('the loss terms, enumerated over every t and x_t, are the brute-force sum of KLs', () => {
    const exact = exactStepNelbo(posterior);
    let enumerated = L * priorKl(process.alpha(T - 1), K);
    for (let t = 0; t < T; t++) {
      const a = process.alpha(t);
      const terms = tf.tidy(() =>
        posterior
          .tokenNelbo(
            tf.tensor2d(STATES.flat(), [STATES.length, L], 'int32'),
            tf.tensor2d(
              STATES.flatMap(() => X0),
              [STATES.length, L],
              'int32',
            ),
            new Float64Array(STATES.length).fill(t),
          )
          .arraySync(),
      ) as number[][];
      STATES.forEach((xt, i) => {
        let weight = 1;
        for (let l = 0; l < L; l++) weight *= uniformMarginal(X0[l]!, a, K)[xt[l]!]!;
        enumerated += (weight * terms[i]!.reduce((s, v) => s + v, 0)) / T;
      });
    }
    expect(Math.abs(enumerated - exact)).toBeLessThan(1e-5 * exact);
  });

  it('the Monte-Carlo estimator averages to the exact enumeration within its standard error', () => {
    const exact = exactStepNelbo(posterior);
    const r = evaluateUniformNelbo(posterior, copiesOf(X0, 300), {
      rng: new SeededRng(5),
      timesPerSequence: 24,
    });
    const se = r.bitsPerCharStdError * Math.LN2 * L;
    expect(Math.abs(r.natsPerSequence - exact)).toBeLessThan(4 * se);
    expect(se).toBeLessThan(0.02 * exact);
  });

  it('the NELBO bounds −log p_θ(x0) of the T-step reverse chain (enumerated) for every x0', () => {
    // The model's distribution of x0: the uniform prior pushed through the reverse steps, all K^L states at once.
    let dist = new Float64Array(STATES.length).fill(1 / STATES.length);
    for (let t = T - 1; t >= 0; t--) {
      const aT = process.alpha(t);
      const aS = process.alpha(t - 1);
      const probs = predictAll(posterior, t);
      const next = new Float64Array(STATES.length);
      STATES.forEach((xt, i) => {
        const perToken = xt.map((v, l) => mixture(v, probs[i]![l]!, aT, aS));
        STATES.forEach((xs, j) => {
          next[j] = next[j]! + dist[i]! * xs.reduce((p, v, l) => p * perToken[l]![v]!, 1);
        });
      });
      dist = next;
    }
    expect(dist.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6); // float32 softmax
    STATES.forEach((x0, j) => {
      const nll = -Math.log(dist[j]!);
      const nelbo = exactStepNelbo(posterior, x0);
      expect(nelbo).toBeGreaterThanOrEqual(nll - 1e-9);
      expect(nelbo - nll).toBeLessThan(3); // a bound, not a vacuous one
    });
  });
});

describe('the continuous-time NELBO is the T → ∞ limit of the T-step sum', () => {
  it('the estimator’s mean matches the Richardson-extrapolated exact T-step NELBO (T = 200, 400)', () => {
    // The network sees τ = t/T on T steps (1000·τ/1000 in continuous time): a smooth function of τ in both.
    const onSteps = (T: number) =>
      new UniformPosterior(
        new UniformProcess(schedule, new DiscreteScheduleClock(T), K),
        new NeighbourTimeNetwork(K, T),
      );
    const e200 = exactStepNelbo(onSteps(200));
    const e400 = exactStepNelbo(onSteps(400));
    const limit = 2 * e400 - e200;
    expect(Math.abs(e400 - limit)).toBeLessThan(0.05 * limit); // the sequence has converged
    const process = new UniformProcess(schedule, new ContinuousScheduleClock(1e-3), K);
    const posterior = new UniformPosterior(process, network);
    const r = evaluateUniformNelbo(posterior, copiesOf(X0, 1600), {
      rng: new SeededRng(9),
      timesPerSequence: 32,
    });
    const se = r.bitsPerCharStdError * Math.LN2 * L;
    expect(Math.abs(r.natsPerSequence - limit)).toBeLessThan(4 * se);
    expect(se).toBeLessThan(0.03 * limit);
  });
});

describe('training loss', () => {
  it.each([
    ['continuous', new ContinuousScheduleClock(1e-3)],
    ['discrete T = 10', new DiscreteScheduleClock(10)],
  ] as const)('%s: finite gradients and no tensors left behind over repeated steps', (_name, clock) => {
    const net = new UnigramLogitsNetwork([0.3, -0.2, 0.5]);
    const process = new UniformProcess(schedule, clock, K);
    const posterior = new UniformPosterior(process, net);
    const rng = new SeededRng(2);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const x0 = tf.tensor2d(
        Int32Array.from({ length: 8 * L }, (_, j) => j % K),
        [8, L],
        'int32',
      );
      const t = process.time.sample(8, rng);
      const eps = process.sampleNoise(x0, rng);
      const xt = process.forward(x0, eps, t);
      const { value, grads } = tf.variableGrads(() => posterior.loss({ x0, eps, xt, t }));
      expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
      for (const g of Object.values(grads)) expect(g.dataSync().every(Number.isFinite)).toBe(true);
      tf.dispose([x0, eps, xt, value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });
});
