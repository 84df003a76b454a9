import * as tf from '@tensorflow/tfjs';
import { decodeOrThrow, sample, SeededRng, stepPairs, type Udm } from '@udm/core';

/** Runs `fn` on consecutive chunks of `n` rows and concatenates the host results. */
function chunked(n: number, chunk: number, fn: (start: number, count: number) => Float32Array): Float32Array {
  const parts: Float32Array[] = [];
  for (let start = 0; start < n; start += chunk) parts.push(fn(start, Math.min(chunk, n - start)));
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface Reconstructions {
  /** The level the digits were blurred to. */
  readonly level: number;
  /** x_t = D(x0, t) for that level t, the blurred input. */
  readonly blurred: Float32Array;
  /** x̂0 = G_t(x_t) in one step (the "direct" reconstruction of the paper). */
  readonly direct: Float32Array;
  /** The sampler's x0 after all steps, by step kind. */
  readonly byStep: ReadonlyMap<string, Float32Array>;
  /** Wall-clock seconds of each sampler, by step kind. */
  readonly seconds: ReadonlyMap<string, number>;
}

/**
 * Deblurs `x0` (row-major images of the data's shape): x_t = D(x0, level), then each step config (e.g.
 * `{ kind: 'fresh-noise' }`, `{ kind: 'cold-improved' }`) samples back to t = −1 one level at a time
 * (level → level − 1 → … → −1), starting from that same x_t.
 */
export function reconstruct(
  udm: Udm,
  x0: Float32Array,
  level: number,
  stepConfigs: readonly unknown[],
  chunk = 250,
): Reconstructions {
  const itemShape = udm.data.train.itemShape;
  const pixels = itemShape.reduce((a, b) => a * b, 1);
  const n = x0.length / pixels;
  const tMax = level;
  udm.process.time.check(level, 'level');
  const pairs = stepPairs(
    udm.process.time,
    Array.from({ length: level + 1 }, (_, k) => level - k),
  );
  const slice = (start: number, count: number) =>
    tf.tensor(x0.subarray(start * pixels, (start + count) * pixels), [count, ...itemShape]);
  const blurred = chunked(n, chunk, (start, count) =>
    tf.tidy(() => {
      const x = slice(start, count);
      return udm.process
        .forward(x, udm.process.sampleNoise(x, new SeededRng(0)), tMax)
        .dataSync() as Float32Array;
    }),
  );
  const asTensor = (start: number, count: number) =>
    tf.tensor(blurred.subarray(start * pixels, (start + count) * pixels), [count, ...itemShape]);
  const direct = chunked(n, chunk, (start, count) =>
    tf.tidy(() => {
      const prediction = udm.posterior.predict(asTensor(start, count), tMax) as { x0: tf.Tensor };
      return prediction.x0.dataSync() as Float32Array;
    }),
  );
  const byStep = new Map<string, Float32Array>();
  const seconds = new Map<string, number>();
  for (const config of stepConfigs) {
    const began = performance.now();
    const decoded = decodeOrThrow(udm.registries.steps.codec(), config, 'step');
    const step = udm.registries.steps.create(decoded, { process: udm.process });
    const out = chunked(n, chunk, (start, count) => {
      const xT = asTensor(start, count);
      const result = sample({
        process: udm.process,
        predictor: udm.posterior,
        step,
        pairs,
        shape: xT.shape,
        rng: new SeededRng(0),
        xT,
      });
      const v = result.x0.dataSync() as Float32Array;
      tf.dispose([xT, result.x0]);
      return v;
    });
    byStep.set(decoded.kind, out);
    seconds.set(decoded.kind, (performance.now() - began) / 1000);
  }
  return { level, blurred, direct, byStep, seconds };
}
