import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, LinspaceGrid, SeededRng, randomNormal, type Network } from '@udm/core';
import { vParameterization } from '../parameterization/v.js';
import { GaussianPosterior } from '../posterior/gaussian-posterior.js';
import { VpContinuousProcess } from '../process/vp-continuous-process.js';
import { CosineAlphaBar } from '../schedules/continuous/cosine-alpha-bar.js';
import { truncatedSnrWeighting } from '../objective/weighting-contributions.js';
import type { LossWeighting } from '../objective/loss-weighting.js';
import { ddimMove, distillationTarget } from './distillation-target.js';
import { distillationTimes, progressiveDistillation } from './progressive-distillation.js';

await tf.setBackend('cpu');
await tf.ready();

const process = new VpContinuousProcess(new CosineAlphaBar(), 1e-3);

/** out = x_t ⊙ a + b·t (t as the network sees it, /1000). */
function tinyNetwork(a0: number): Network {
  const a = tf.variable(tf.fill([1, 2], a0));
  const b = tf.variable(tf.fill([1, 2], 0.1));
  return {
    variables: new Map([
      ['a', a],
      ['b', b],
    ]),
    apply: (x, t) => tf.add(tf.mul(x, a), tf.mul(b, tf.reshape(tf.div(t, 1000), [-1, 1]))),
  };
}

describe('progressive distillation (Salimans & Ho)', () => {
  it('x̃: one DDIM step t → t″ with x̂0 = x̃ lands where two teacher steps t → t′ → t″ land', () => {
    const teacher = new GaussianPosterior(process, tinyNetwork(0.7), vParameterization);
    const rng = new SeededRng(1);
    const { t, tMid, tEnd } = distillationTimes(process, 4, 32, rng);
    const zt = randomNormal(rng, [32, 2]);
    const twoSteps = ddimMove(teacher, process, ddimMove(teacher, process, zt, t, tMid), tMid, tEnd);
    const x = distillationTarget(teacher, process, zt, t, tMid, tEnd);
    // The student's one step with x̂0 = x̃ and the ε̂ it implies at z_t: z_t″ = α_t″ x̃ + σ_t″ (z_t − α_t x̃)/σ_t.
    const oneStep = tf.tidy(() => {
      const eps = process.inverse(x, zt, t);
      return process.forward(x, eps, tEnd);
    });
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(oneStep, twoSteps))).dataSync()[0]!);
    expect(diff).toBeLessThan(1e-4);
    tf.dispose([zt, twoSteps, x, oneStep]);
    for (const v of teacher.network.variables.values()) v.dispose();
  });

  it('the training times lie on the student’s linspace grid, t″ = t − 1/N and t′ halfway', () => {
    const grid = new LinspaceGrid().times(process.time, 8);
    const { t, tMid, tEnd } = distillationTimes(process, 8, 200, new SeededRng(2));
    t.forEach((v, i) => {
      expect(grid.some((g) => Math.abs(g - v) < 1e-12)).toBe(true);
      expect(v - tEnd[i]!).toBeCloseTo(1 / 8, 12);
      expect(v - tMid[i]!).toBeCloseTo(1 / 16, 12);
    });
    expect(new Set(t).size).toBe(8);
  });

  it('rounds halve the steps; the student starts from the teacher and its one step matches two teacher steps; no leaks', async () => {
    const rng = new SeededRng(3);
    const x = Float32Array.from(rng.normals(512), (v) => 0.5 * v + 0.3);
    const teacher = new GaussianPosterior(process, tinyNetwork(0.4), vParameterization);
    const student = new GaussianPosterior(process, tinyNetwork(-3), vParameterization);
    const weighting = truncatedSnrWeighting.create({ kind: 'truncated-snr', space: 'x0' } as never, {
      process,
    }) as LossWeighting;
    const seen: { n: number; a: number }[] = [];
    // How far one DDIM step t → t″ of a model is from two teacher steps t → t′ → t″, on a fixed batch (N = 4).
    const probe = distillationTimes(process, 4, 256, new SeededRng(7));
    const z = randomNormal(new SeededRng(8), [256, 2]);
    const gap = (model: GaussianPosterior): number =>
      tf.tidy(() => {
        const two = ddimMove(
          teacher,
          process,
          ddimMove(teacher, process, z, probe.t, probe.tMid),
          probe.tMid,
          probe.tEnd,
        );
        return tf
          .mean(tf.squaredDifference(ddimMove(model, process, z, probe.t, probe.tEnd), two))
          .dataSync()[0]!;
      });
    const gapBefore = gap(teacher);
    let gapAfter = NaN;
    const before = tf.memory().numTensors;
    const rounds = await progressiveDistillation({
      teacher,
      student,
      process,
      data: new ArrayDataset(x, [2]),
      rng,
      batchSize: 64,
      steps: 60,
      teacherSteps: 8,
      rounds: 2,
      weighting,
      optimizer: () => tf.train.adam(0.02),
      onRound: (s) => {
        if (seen.length === 0) gapAfter = gap(student);
        seen.push({ n: s.studentSteps, a: student.network.variables.get('a')!.dataSync()[0]! });
      },
    });
    expect(rounds.map((r) => r.studentSteps)).toEqual([4, 2]);
    // Initialised from the teacher (0.4), not from its own −3.
    expect(Math.abs(seen[0]!.a - 0.4)).toBeLessThan(1);
    // The point of a round: the student's one step matches the teacher's two better than the teacher's one did.
    expect(gapAfter).toBeLessThan(0.5 * gapBefore);
    expect(teacher.network.variables.get('a')!.dataSync()[0]).toBe(seen[1]!.a);
    expect(tf.memory().numTensors).toBe(before);
    z.dispose();
    for (const m of [teacher, student]) for (const v of m.network.variables.values()) v.dispose();
  });

  it('refuses a discrete-time process and an odd step count', async () => {
    const { VpProcess } = await import('../process/vp-process.js');
    const discrete = new VpProcess(Float64Array.from([0.9, 0.5, 0.1]));
    const net = new GaussianPosterior(discrete, tinyNetwork(1), vParameterization);
    const w = truncatedSnrWeighting.create({ kind: 'truncated-snr', space: 'x0' } as never, {
      process: discrete,
    }) as LossWeighting;
    const common = {
      teacher: net,
      student: net,
      data: new ArrayDataset(new Float32Array(8), [2]),
      rng: new SeededRng(0),
      batchSize: 2,
      steps: 1,
      rounds: 1,
      weighting: w,
      optimizer: () => tf.train.sgd(0.1),
    };
    await expect(progressiveDistillation({ ...common, process: discrete, teacherSteps: 2 })).rejects.toThrow(
      /continuous-time/,
    );
    await expect(progressiveDistillation({ ...common, process, teacherSteps: 3 })).rejects.toThrow(/halved/);
    for (const v of net.network.variables.values()) v.dispose();
  });
});
