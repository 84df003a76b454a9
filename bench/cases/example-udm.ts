import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { createUdm, type Network, type Udm } from '@udm/core';
import { defaultModules } from '@udm/cli';
import type { Measurement } from './case.js';

/** The config of `examples/<name>/config.json`, parsed. */
export function exampleConfig(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL(`../../examples/${name}/config.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
}

/** A freshly initialised model of an example's config (checkpoints off): speed does not depend on training. */
export function exampleUdm(name: string): Udm {
  const config = exampleConfig(name);
  return createUdm(
    { ...config, train: { ...(config['train'] as object), checkpointEvery: 1_000_000 } },
    defaultModules(),
  );
}

/** The fastest of `repeats` timed calls of `f` (after one warm-up call), in seconds. */
export function bestOf(repeats: number, f: () => void): number {
  f();
  let min = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    f();
    min = Math.min(min, (performance.now() - t0) / 1000);
  }
  return min;
}

/** Training steps/s of `udm` through core `train()`: 20 warm-up steps, then chunks of 50 for `seconds`. */
export async function timeUdmTraining(udm: Udm, seconds: number): Promise<Measurement> {
  await udm.train({ steps: 20 });
  const t0 = performance.now();
  let steps = 20;
  while (performance.now() - t0 < seconds * 1000) {
    steps += 50;
    await udm.train({ steps });
  }
  const elapsed = (performance.now() - t0) / 1000;
  return { value: (steps - 20) / elapsed, details: { steps: steps - 20, seconds: elapsed } };
}

/** A sampler run against the network's own forward passes for the same times. */
export interface SamplerOverhead {
  readonly sampleSeconds: number;
  readonly networkSeconds: number;
  /** sampleSeconds / networkSeconds − 1. */
  readonly overhead: number;
}

/**
 * The sampler's overhead beyond the network: the fastest of `rounds` interleaved pairs (a sampler run, then the
 * network alone on the same shapes and times), after one warm-up pair. Interleaving and taking the fastest cancel
 * most of a shared machine's load, which shifts over seconds.
 */
export function samplerOverhead(
  sampleRun: () => void,
  networkRun: () => void,
  rounds: number,
): SamplerOverhead {
  sampleRun();
  networkRun();
  let sampleSeconds = Infinity;
  let networkSeconds = Infinity;
  for (let r = 0; r < rounds; r++) {
    sampleSeconds = Math.min(sampleSeconds, timeOne(sampleRun));
    networkSeconds = Math.min(networkSeconds, timeOne(networkRun));
  }
  return { sampleSeconds, networkSeconds, overhead: sampleSeconds / networkSeconds - 1 };
}

/** Seconds of one call of `f`. */
export function timeOne(f: () => void): number {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
}

/**
 * The network's forward passes alone, one per time of `times`, on `x` — as the sampler runs them: no read-back
 * between passes (ops run synchronously on the CPU backends), the last output read back once at the end.
 */
export function networkPasses(network: Network, x: tf.Tensor, times: readonly number[]): void {
  const batch = x.shape[0]!;
  times.forEach((t, i) =>
    tf.tidy(() => {
      const out = network.apply(x, tf.fill([batch], t) as tf.Tensor1D);
      if (i === times.length - 1) out.dataSync();
    }),
  );
}
