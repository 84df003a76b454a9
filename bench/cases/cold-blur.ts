import * as tf from '@tensorflow/tfjs';
import { CumulativeBlur, PADDINGS, type PaddingName } from '@udm/cold';
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
    const once = (): number => {
      const t0 = performance.now();
      const y = blur.degrade(x, setting.T - 1);
      y.dataSync();
      y.dispose();
      return (performance.now() - t0) / 1000;
    };
    once();
    const times = Array.from({ length: 5 }, once).sort((a, b) => a - b);
    x.dispose();
    return { value: times[2]!, details: { times } };
  },
};
