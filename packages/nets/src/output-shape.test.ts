import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ConfigError, SeededRng, type NetworkDeps } from '@udm/core';
import { mlpNetwork } from './mlp/mlp-contribution.js';
import { unetNetwork } from './unet/unet-contribution.js';

await tf.setBackend('cpu');
await tf.ready();

const deps = (itemShape: number[], outputShape?: number[]): NetworkDeps => ({
  itemShape,
  classes: undefined,
  rng: new SeededRng(0),
  ...(outputShape ? { outputShape } : {}),
});

describe('NetworkDeps.outputShape (e.g. a learned variance: 2× the last axis)', () => {
  it('the mlp outputs [B, ...outputShape], or the input’s shape without it', () => {
    for (const [out, expected] of [
      [undefined, [3, 2]],
      [[4], [3, 4]],
    ] as const) {
      const cfg = { kind: 'mlp', hidden: [8], timeEmbedding: 4, labelEmbedding: 0 };
      const net = mlpNetwork.create(cfg, deps([2], out ? [...out] : undefined));
      const y = tf.tidy(() => net.apply(tf.ones([3, 2]), tf.zeros([3])));
      expect(y.shape).toEqual(expected);
      y.dispose();
      for (const v of net.variables.values()) v.dispose();
    }
  });

  it('the unet changes its output channels; another height or width is a config error', () => {
    const cfg = {
      kind: 'unet',
      channels: [8],
      resBlocks: 1,
      timeEmbedding: 8,
      groups: 4,
      classConditional: false,
    };
    const net = unetNetwork.create(cfg, deps([8, 8, 1], [8, 8, 2]));
    const y = tf.tidy(() => net.apply(tf.ones([2, 8, 8, 1]), tf.zeros([2])));
    expect(y.shape).toEqual([2, 8, 8, 2]);
    y.dispose();
    for (const v of net.variables.values()) v.dispose();
    expect(() => unetNetwork.create(cfg, deps([8, 8, 1], [8, 16, 1]))).toThrow(ConfigError);
    expect(() => unetNetwork.create(cfg, deps([8, 8, 1], [8, 16, 1]))).toThrow(
      /network: the unet can only change the output's channels/,
    );
  });
});
