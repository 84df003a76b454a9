import * as tf from '@tensorflow/tfjs';
import { CumulativeBlur, degradeEach, PADDINGS, type Degradation, type PaddingName } from '@udm/cold';
import type { BenchCase } from './case.js';
import { exampleConfig } from './example-udm.js';

const BATCH = 32;

/** examples/mnist-cold-blur's degradation (T levels, kernelSize taps, constant std, padding). */
function mnistBlur(): { T: number; kernelSize: number; std: number; padding: string } {
  const d = (exampleConfig('mnist-cold-blur')['process'] as { degradation: Record<string, unknown> })
    .degradation;
  return {
    T: Number(d['T']),
    kernelSize: Number(d['kernelSize']),
    std: Number((d['std'] as { value: number }).value),
    padding: String(d['padding']),
  };
}

const setting = mnistBlur();

/** The blur operator of cold diffusion at the MNIST setting: D(x, T − 1) (all T passes) on a training batch. */
export const coldBlur: BenchCase = {
  name: 'cold-blur-32',
  description: `@udm/cold CumulativeBlur at examples/mnist-cold-blur's setting (${setting.T} passes of a ${setting.kernelSize}-tap separable Gaussian, std ${setting.std}, ${setting.padding} padding): D(x, T − 1) on ${BATCH} × 28×28×1, seconds (median of 5)`,
  unit: 's',
  higherIsBetter: false,
  reference: {
    script: 'cold_blur.py',
    args: [String(BATCH), String(setting.T), String(setting.kernelSize), String(setting.std), '5'],
  },
  readReference: (j) => ({ value: Number(j['seconds']), details: j }),
  async ours() {
    if (setting.padding !== 'reflect')
      throw new Error(`cold-blur: the reference pads 'reflect', the example '${setting.padding}'`);
    const stds = new Float64Array(setting.T).fill(setting.std);
    const blur = new CumulativeBlur(stds, setting.kernelSize, PADDINGS[setting.padding as PaddingName]);
    const x = tf.randomNormal([BATCH, 28, 28, 1]) as tf.Tensor4D;
    const time = (f: () => tf.Tensor): number => {
      const t0 = performance.now();
      const y = f();
      y.dataSync();
      y.dispose();
      return (performance.now() - t0) / 1000;
    };
    const last = setting.T - 1;
    // The A/B of the linear-operator form, interleaved: two matrix products (degrade) against the 2·T depthwise
    // convolutions of the pass-by-pass path, and the training batch's per-sample levels in one batched product
    // against degradeEach's grouping by level over the pass-by-pass path.
    const levels = Float64Array.from({ length: BATCH }, (_, i) => i % setting.T);
    const byPasses: Degradation = {
      kind: blur.kind,
      levels: blur.levels,
      degrade: (v, t) => blur.continueByPasses(v, -1, t),
    };
    const arms = {
      matrix: () => blur.degrade(x, last),
      passes: () => blur.continueByPasses(x, -1, last),
      perSampleMatrix: () => degradeEach(blur, x, levels),
      perSamplePasses: () => degradeEach(byPasses, x, levels),
    };
    const firstCall = time(arms.matrix);
    for (const f of Object.values(arms)) time(f);
    const times: Record<keyof typeof arms, number[]> = {
      matrix: [],
      passes: [],
      perSampleMatrix: [],
      perSamplePasses: [],
    };
    for (let r = 0; r < 5; r++)
      for (const [name, f] of Object.entries(arms)) times[name as keyof typeof arms].push(time(f));
    x.dispose();
    const med = (v: number[]): number => [...v].sort((a, b) => a - b)[2]!;
    return {
      value: med(times.matrix),
      details: {
        times: times.matrix,
        firstCall,
        passes: med(times.passes),
        perSampleMatrix: med(times.perSampleMatrix),
        perSamplePasses: med(times.perSamplePasses),
        runs: times,
      },
    };
  },
};
