import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createUdm } from '@udm/core';
import { selectBackend } from '@udm/backend-tfjs';
import { defaultModules } from './default-modules.js';

interface NativeModule {
  loadAddon(): { ok: true } | { ok: false; reason: string };
  setNativeLever(name: string, on: boolean): void;
  uninstallNativeWasmKernels(): void;
}

// As the backend loader does: the built package, through Node's resolution.
const native = await import('@udm/backend-native').then(
  (m) => m as unknown as NativeModule,
  () => undefined,
);
const built = native !== undefined && native.loadAddon().ok;

afterAll(async () => {
  if (built) native.uninstallNativeWasmKernels();
  await tf.setBackend('cpu');
});

/** The trainer's fused kernels of @udm/backend-native (issue 17), each switchable. */
const LEVERS = ['sinusoidal-embedding', 'fused-ema', 'fused-grad-norm'] as const;

const config = {
  seed: 3,
  data: { kind: 'two-moons', n: 300, heldOut: 50 },
  process: { kind: 'vp', T: 100 },
  network: { kind: 'mlp', hidden: [16, 16], timeEmbedding: 8 },
  posterior: { kind: 'epsilon' },
  train: { steps: 12, batchSize: 32, ema: 0.9, checkpointEvery: 1000 },
  sample: { step: { kind: 'ddim' }, steps: 5, count: 16 },
};

interface Run {
  readonly losses: number[];
  readonly norms: number[];
  readonly weights: Float32Array[];
  readonly ema: Float32Array[];
  readonly samples: Float32Array;
  readonly tensorsGrew: number;
}

/** Trains and samples the small model with the levers of `off` switched off (the others on). */
async function run(off: readonly string[]): Promise<Run> {
  for (const l of LEVERS) native!.setNativeLever(l, !off.includes(l));
  const udm = createUdm(config, defaultModules());
  const losses: number[] = [];
  const norms: number[] = [];
  await udm.train({ steps: 2 });
  const before = tf.memory().numTensors;
  await udm.train({
    onStep: (p) => {
      losses.push(p.loss);
      norms.push(p.gradNorm);
    },
  });
  const tensorsGrew = tf.memory().numTensors - before;
  const weights = [...udm.network.variables.values()].map((v) => v.dataSync() as Float32Array);
  const ema = [...udm.ema!.shadow.values()].map((v) => v.dataSync() as Float32Array);
  const x0 = udm.sample({ count: 16 }).x0;
  const samples = (await x0.data()) as Float32Array;
  x0.dispose();
  udm.dispose();
  return { losses, norms, weights, ema, samples, tensorsGrew };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
};

describe.skipIf(!built)(
  'the native trainer levers against the composed path (skipped without the addon)',
  () => {
    it('EMA and gradient-norm kernels: same losses, weights, EMA and samples bit for bit, norms within rounding', async () => {
      await selectBackend({ prefer: 'native', log: () => undefined });
      const fused = await run([]);
      const composed = await run(['fused-ema', 'fused-grad-norm']);
      expect(fused.losses).toEqual(composed.losses);
      fused.weights.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(composed.weights[i]!)));
      fused.ema.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(composed.ema[i]!)));
      expect(Array.from(fused.samples)).toEqual(Array.from(composed.samples));
      // Σ g² in float64 versus float32 partial sums: the reported norm differs in the last digits only.
      fused.norms.forEach((n, i) =>
        expect(Math.abs(n - composed.norms[i]!) / composed.norms[i]!).toBeLessThan(1e-5),
      );
      expect(fused.tensorsGrew).toBe(0);
      expect(composed.tensorsGrew).toBe(0);
    }, 60_000);

    it('the embedding kernel: same training and samples within float rounding; same seed, same samples', async () => {
      await selectBackend({ prefer: 'native', log: () => undefined });
      const fused = await run([]);
      const again = await run([]);
      const composed = await run(['sinusoidal-embedding']);
      expect(Array.from(again.samples)).toEqual(Array.from(fused.samples));
      fused.losses.forEach((l, i) => expect(Math.abs(l - composed.losses[i]!)).toBeLessThan(1e-4));
      fused.weights.forEach((w, i) => expect(maxAbsDiff(w, composed.weights[i]!)).toBeLessThan(1e-4));
      expect(maxAbsDiff(fused.samples, composed.samples)).toBeLessThan(1e-3);
    }, 60_000);
  },
);
