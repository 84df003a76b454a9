import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { unetNetwork } from './unet-contribution.js';
import { UNet } from './unet.js';

await tf.setBackend('cpu');
await tf.ready();

describe('unet contribution', () => {
  const decode = (raw: unknown) => {
    const r = unetNetwork.codec.decode(raw);
    if (r._tag !== 'Right') throw new Error('decode failed');
    return r.right;
  };

  it('has small image defaults and builds a UNet', () => {
    const c = decode({ kind: 'unet' });
    expect(c).toEqual({
      kind: 'unet',
      channels: [32, 64, 64],
      resBlocks: 1,
      timeEmbedding: 32,
      groups: 8,
      classConditional: false,
    });
    const net = unetNetwork.create(decode({ kind: 'unet', channels: [8], groups: 4 }), {
      itemShape: [4, 4, 1],
      classes: 10,
      rng: new SeededRng(0),
    });
    expect(net).toBeInstanceOf(UNet);
    expect(net.variables.has('class.embedding')).toBe(false);
    tf.dispose([...net.variables.values()]);
  });

  it('is class-conditional only on request, and only with labelled data', () => {
    const cfg = decode({ kind: 'unet', channels: [8], groups: 4, classConditional: true });
    const net = unetNetwork.create(cfg, { itemShape: [4, 4, 1], classes: 10, rng: new SeededRng(0) });
    expect(net.variables.get('class.embedding')!.shape).toEqual([11, 32]);
    tf.dispose([...net.variables.values()]);
    expect(() =>
      unetNetwork.create(cfg, { itemShape: [4, 4, 1], classes: undefined, rng: new SeededRng(0) }),
    ).toThrow(/network.classConditional: the data set has no class labels/);
  });
});
