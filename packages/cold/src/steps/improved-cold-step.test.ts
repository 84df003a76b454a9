import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FreshNoiseStep, ReplayRng, SeededRng } from '@udm/core';
import { CumulativeBlur } from '../degradations/cumulative-blur.js';
import { PADDINGS } from '../degradations/padding.js';
import { ColdProcess } from '../process/cold-process.js';
import { ImprovedColdStep } from './improved-cold-step.js';

await tf.setBackend('cpu');
await tf.ready();

const T = 6;
const process = new ColdProcess(new CumulativeBlur(new Float64Array(T).fill(1.2), 5, PADDINGS.reflect));
const shape = [2, 8, 8, 1];
const rand = (seed: number) => tf.tensor(Float32Array.from(new SeededRng(seed).normals(128)), shape);
const D = (x: tf.Tensor, t: number) => process.degrade(x, t);
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
const noDraws = () => new ReplayRng([]); // throws on any draw

describe('ImprovedColdStep (Algorithm 2)', () => {
  const step = new ImprovedColdStep(process);

  it('is x_s = x_t − D(x̂0, t) + D(x̂0, s)', () => {
    tf.tidy(() => {
      const xt = rand(1);
      const x0 = rand(2);
      const got = step.step(xt, { x0 }, 4, 1, noDraws());
      const want = tf.add(tf.sub(xt, D(x0, 4)), D(x0, 1));
      expect(maxDiff(got, want)).toBeLessThan(1e-6);
      // the final move keeps the residual: x̂0 + (x_t − D(x̂0, t))
      const last = step.step(xt, { x0 }, 0, -1, noDraws());
      expect(maxDiff(last, tf.add(x0, tf.sub(xt, D(x0, 0))))).toBeLessThan(1e-6);
    });
  });

  it('with the true x0 both it and the naive step land on D(x0, s)', () => {
    tf.tidy(() => {
      const x0 = rand(3);
      const xt = D(x0, 5);
      const naive = new FreshNoiseStep(process);
      for (const s of [3, -1]) {
        expect(maxDiff(step.step(xt, { x0 }, 5, s, noDraws()), D(x0, s))).toBeLessThan(1e-6);
        expect(maxDiff(naive.step(xt, { x0 }, 5, s, noDraws()), D(x0, s))).toBeLessThan(1e-6);
      }
    });
  });

  it('telescopes: with a biased oracle x̂0 = x0 + δ it ends at x0 + δ − D(δ, T−1), the naive step at x0 + δ', () => {
    // Why Algorithm 2 is robust (Bansal et al., §3.3): summing its moves from T−1 to −1 gives
    // x_{−1} = x_{T−1} − D(x̂0, T−1) + x̂0, so the part of the error that survives degradation cancels.
    tf.tidy(() => {
      const x0 = rand(4);
      const delta = tf.mul(rand(5), 0.3);
      const oracle = tf.add(x0, delta);
      const naive = new FreshNoiseStep(process);
      let a: tf.Tensor = D(x0, T - 1);
      let b: tf.Tensor = a;
      for (let t = T - 1; t >= 0; t--) {
        a = step.step(a, { x0: oracle }, t, t - 1, noDraws());
        b = naive.step(b, { x0: oracle }, t, t - 1, noDraws());
      }
      expect(maxDiff(a, tf.sub(oracle, D(delta, T - 1)))).toBeLessThan(1e-5);
      expect(maxDiff(b, oracle)).toBeLessThan(1e-6);
      const errA = tf.norm(tf.sub(a, x0)).dataSync()[0]!;
      const errB = tf.norm(tf.sub(b, x0)).dataSync()[0]!;
      expect(errA).toBeLessThan(errB);
    });
  });

  it('rejects s ≥ t and leaves no tensors behind', () => {
    const xt = rand(6);
    const x0 = rand(7);
    expect(() => step.step(xt, { x0 }, 2, 2, noDraws())).toThrow(/expected s < t, got 2 → 2/);
    const before = tf.memory().numTensors;
    step.step(xt, { x0 }, 3, 0, noDraws()).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xt, x0]);
  });
});
