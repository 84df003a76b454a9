import * as tf from '@tensorflow/tfjs';
import type { BenchCase, Measurement } from './case.js';
import { bestOf, exampleUdm, networkPasses, samplerOverhead, timeOne } from './example-udm.js';

/** Images per batch in the forward and sampling cases (issue 7: "64 MNIST images"). */
const COUNT = 64;
/** DDPM-1000 is timed over this many steps of its grid and extrapolated to 1000 (the per-step work is the same). */
export const DDPM_TIMED_STEPS = Number(process.env['BENCH_DDPM_STEPS'] ?? 20);
const MNIST =
  'freshly initialised U-Net of examples/mnist-ddim/config.json (channels 16/32/32, class-conditional)';

/** Steps of the short runs that measure the sampler's overhead, and how many such runs (the fastest counts). */
const OVERHEAD_STEPS = 5;
const OVERHEAD_ROUNDS = 3;

/**
 * Sampling of COUNT images with `steps` moves of `step` on the example's grid through core `sample()` (one run after
 * a 2-step warm-up), and the sampler's overhead beyond the network's own forward passes: the fastest of
 * OVERHEAD_ROUNDS interleaved pairs of an OVERHEAD_STEPS-step sample and the network alone for the same times
 * (overhead = sample / network − 1; interleaved and fastest-of so that a shared machine's load cancels). Also the
 * sampler's own work alone (`samplerOwnSeconds`, the run with the network stubbed by a fixed output, fastest of 3)
 * and its share of the network's time for the same steps (`samplerOwnShare`).
 */
function timeSampling(step: { kind: string } & Record<string, unknown>, steps: number): Measurement {
  const udm = exampleUdm('mnist-ddim');
  udm.sample({ count: COUNT, steps: 2, step }).x0.dispose();
  const total = timeOne(() => udm.sample({ count: COUNT, steps, step }).x0.dispose());
  const times = udm.pairs(OVERHEAD_STEPS).map((p) => p.t);
  const x = tf.randomNormal([COUNT, 28, 28, 1]);
  const o = samplerOverhead(
    () => udm.sample({ count: COUNT, steps: OVERHEAD_STEPS, step }).x0.dispose(),
    () => networkPasses(udm.network, x, times),
    OVERHEAD_ROUNDS,
  );
  // The sampler's own work: the same run with the network replaced by a copy of a fixed output (no forward pass).
  const fixed = tf.mul(x, 0.1);
  (udm.network as { apply: unknown }).apply = () => tf.clone(fixed);
  const ownSeconds = bestOf(3, () => udm.sample({ count: COUNT, steps, step }).x0.dispose());
  const perPass = o.networkSeconds / OVERHEAD_STEPS;
  tf.dispose([x, fixed]);
  udm.dispose();
  return {
    value: total,
    details: {
      seconds: total,
      steps,
      overheadSteps: OVERHEAD_STEPS,
      ...o,
      samplerOwnSeconds: ownSeconds,
      samplerOwnShare: ownSeconds / (perPass * steps),
    },
  };
}

export const unetForward: BenchCase = {
  name: 'unet-forward-64',
  description: `U-Net forward pass at batch 64 (${MNIST}), seconds per pass (median of 5 after a warm-up)`,
  unit: 's',
  higherIsBetter: false,
  reference: { script: 'unet_forward.py', args: [String(COUNT), '5'] },
  readReference: (j) => ({ value: Number(j['seconds']), details: j }),
  async ours() {
    const udm = exampleUdm('mnist-ddim');
    const x = tf.randomNormal([COUNT, 28, 28, 1]);
    const once = (): number =>
      timeOne(() => tf.tidy(() => udm.network.apply(x, tf.fill([COUNT], 500) as tf.Tensor1D).dataSync()));
    once();
    const times = Array.from({ length: 5 }, once).sort((a, b) => a - b);
    x.dispose();
    udm.dispose();
    return { value: times[2]!, details: { times } };
  },
};

export const unetDdim50: BenchCase = {
  name: 'unet-ddim50-sample-64',
  description: `DDIM-50 (η = 0, clipped x̂0, trailing grid) sampling of 64 MNIST images, one run (${MNIST})`,
  unit: 's',
  higherIsBetter: false,
  reference: { script: 'unet_sample.py', args: ['ddim', '50', String(COUNT)] },
  readReference: (j) => ({ value: Number(j['seconds']), details: j }),
  ours: async () => timeSampling({ kind: 'ddim', eta: 0, clipSample: true }, 50),
};

export const unetDdpm1000: BenchCase = {
  name: 'unet-ddpm1000-sample-64',
  description: `DDPM-1000 (clipped x̂0) sampling of 64 MNIST images, EXTRAPOLATED: ${DDPM_TIMED_STEPS} DDPM steps timed, × 1000/${DDPM_TIMED_STEPS} (${MNIST})`,
  unit: 's',
  higherIsBetter: false,
  reference: { script: 'unet_sample.py', args: ['ddpm', String(DDPM_TIMED_STEPS), String(COUNT)] },
  readReference: (j) => {
    const m = Number(j['seconds']) * (1000 / DDPM_TIMED_STEPS);
    return { value: m, details: { ...j, extrapolatedSeconds: m } };
  },
  async ours() {
    const m = timeSampling({ kind: 'ddpm', clipSample: true }, DDPM_TIMED_STEPS);
    const value = m.value * (1000 / DDPM_TIMED_STEPS);
    return { value, details: { ...m.details, extrapolatedSeconds: value } };
  },
};
