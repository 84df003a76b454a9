import { readFileSync } from 'node:fs';
import { loadSafetensorsFile } from '@udm/backend-tfjs';

/**
 * A tiny Gaussian run (two-moons, a 16-wide MLP): fast enough to train and checkpoint many times in a test.
 * `patch` is merged per section.
 */
export function tinyConfig(patch: { train?: Record<string, unknown>; [k: string]: unknown } = {}) {
  const { train, ...rest } = patch;
  return {
    seed: 11,
    data: { kind: 'two-moons', n: 256, heldOut: 64 },
    process: { kind: 'vp', T: 100 },
    network: { kind: 'mlp', hidden: [16], timeEmbedding: 4 },
    posterior: { kind: 'epsilon' },
    train: { steps: 40, batchSize: 16, checkpointEvery: 20, ema: 0.9, ...train },
    sample: { step: { kind: 'ddim' }, steps: 10, count: 32 },
    ...rest,
  };
}

/** A checkpoint's tensors as raw bytes (by name) and its training state: what "bit for bit" compares. */
export async function checkpointContents(path: string): Promise<{
  tensors: Record<string, number[]>;
  /** Step, RNG state and EMA count; optimizer slot names are left out (tfjs names them by variable id). */
  state: { step: number; rng: unknown; emaUpdates?: number; slots: number };
}> {
  const { tensors, metadata } = await loadSafetensorsFile(path);
  const bytes: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(tensors))
    bytes[name] = Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  const meta = JSON.parse(metadata['udm.state']!) as {
    step: number;
    rng: unknown;
    emaUpdates?: number;
    optimizerSlots?: string[];
  };
  return {
    tensors: bytes,
    state: {
      step: meta.step,
      rng: meta.rng,
      ...(meta.emaUpdates !== undefined ? { emaUpdates: meta.emaUpdates } : {}),
      slots: meta.optimizerSlots?.length ?? 0,
    },
  };
}

/** metrics.jsonl without the timing column (the only thing two identical runs may differ in). */
export function metricsOf(runDir: string): Array<{ step: number; loss: number; gradNorm: number }> {
  return readFileSync(`${runDir}/metrics.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const { step, loss, gradNorm } = JSON.parse(l) as { step: number; loss: number; gradNorm: number };
      return { step, loss, gradNorm };
    });
}
