import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { UNet, type UNetOptions } from './unet.js';

await tf.setBackend('cpu');
await tf.ready();

const small: UNetOptions = {
  itemShape: [8, 8, 1],
  channels: [8, 16],
  resBlocks: 1,
  timeEmbedding: 8,
  groups: 4,
};
const dispose = (n: UNet) => tf.dispose([...n.variables.values()]);

describe('UNet', () => {
  it('maps [B, H, W, C] to the same shape and names its weights stably', () => {
    const net = new UNet(small, new SeededRng(1));
    const names = [...net.variables.keys()];
    expect(names.slice(0, 6)).toEqual([
      'time.0.weight',
      'time.0.bias',
      'time.1.weight',
      'time.1.bias',
      'conv_in.weight',
      'conv_in.bias',
    ]);
    expect(names).toContain('down.0.0.conv1.weight');
    expect(names).toContain('down.0.sample.weight');
    expect(names).toContain('mid.conv2.weight');
    expect(names).toContain('up.1.sample.weight');
    expect(names.at(-1)).toBe('conv_out.bias');
    expect(new Set(names).size).toBe(names.length);
    expect(net.variables.get('down.0.sample.weight')!.shape).toEqual([3, 3, 8, 16]);
    expect(net.variables.get('up.1.sample.weight')!.shape).toEqual([3, 3, 16, 8]);
    const y = tf.tidy(() => net.apply(tf.ones([3, 8, 8, 1]), tf.tensor1d([0, 5, 19])));
    expect(y.shape).toEqual([3, 8, 8, 1]);
    y.dispose();
    dispose(net);
  });

  it('starts at zero output (zero-initialised conv_out) and is reproducible from the seed', () => {
    const a = new UNet(small, new SeededRng(7));
    const b = new UNet(small, new SeededRng(7));
    const c = new UNet(small, new SeededRng(8));
    const w = (n: UNet) => Array.from(n.variables.get('down.0.0.conv1.weight')!.dataSync());
    expect(w(a)).toEqual(w(b));
    expect(w(a)).not.toEqual(w(c));
    const y = tf.tidy(() => a.apply(tf.ones([1, 8, 8, 1]), tf.tensor1d([3])));
    expect(Array.from(y.dataSync()).every((v) => v === 0)).toBe(true);
    tf.dispose(y);
    [a, b, c].forEach(dispose);
  });

  it('every weight gets a gradient once the zero-initialised layers are perturbed; t and odd sizes matter', () => {
    const net = new UNet({ ...small, itemShape: [7, 9, 2], channels: [4, 8, 8] }, new SeededRng(2));
    const rng = new SeededRng(3);
    for (const [name, v] of net.variables) {
      if (name.endsWith('conv2.weight') || name === 'conv_out.weight') {
        v.assign(
          tf.tensor(
            Float32Array.from(rng.normals(v.size), (z) => 0.1 * z),
            v.shape,
          ),
        );
      }
    }
    const x = tf.tensor4d(Float32Array.from(rng.normals(2 * 7 * 9 * 2)), [2, 7, 9, 2]);
    const t = tf.tensor1d([1, 12]);
    const { grads, value } = tf.variableGrads(
      () => tf.sum(tf.square(net.apply(x, t))) as tf.Scalar,
      [...net.variables.values()],
    );
    for (const [name, v] of net.variables) {
      const g = grads[v.name]!;
      expect(tf.max(tf.abs(g)).dataSync()[0], name).toBeGreaterThan(0);
    }
    const y1 = net.apply(x, tf.tensor1d([1, 1]));
    const y2 = net.apply(x, tf.tensor1d([15, 15]));
    expect(y1.shape).toEqual([2, 7, 9, 2]);
    expect(Array.from(y1.dataSync())).not.toEqual(Array.from(y2.dataSync()));
    tf.dispose([x, t, value, y1, y2, ...Object.values(grads)]);
    dispose(net);
  });

  it('a class-conditional net depends on the label; no label (or −1) means the null class', () => {
    const net = new UNet({ ...small, classes: 10 }, new SeededRng(4));
    expect(net.variables.get('class.embedding')!.shape).toEqual([11, 32]);
    // The embedding reaches the output through the zero-initialised convolutions: perturb them.
    const rng = new SeededRng(9);
    for (const [name, v] of net.variables) {
      if (name.endsWith('conv2.weight') || name === 'conv_out.weight') {
        v.assign(
          tf.tensor(
            Float32Array.from(rng.normals(v.size), (z) => 0.1 * z),
            v.shape,
          ),
        );
      }
    }
    const x = tf.ones([2, 8, 8, 1]);
    const t = tf.tensor1d([3, 3]);
    const run = (labels?: number[]) =>
      tf.tidy(() =>
        Array.from(net.apply(x, t, labels ? { labels: tf.tensor1d(labels, 'int32') } : undefined).dataSync()),
      );
    expect(run([1, 1])).not.toEqual(run([2, 2]));
    expect(run()).toEqual(run([10, 10]));
    expect(run()).toEqual(run([-1, -1]));
    tf.dispose([x, t]);
    dispose(net);
  });

  it('does not leak tensors and checks its input', () => {
    const net = new UNet(small, new SeededRng(5));
    const x = tf.ones([2, 8, 8, 1]);
    const t = tf.tensor1d([0, 1]);
    net.apply(x, t).dispose();
    const before = tf.memory().numTensors;
    net.apply(x, t).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => net.apply(tf.ones([2, 8, 8]), t)).toThrow(/expected input \[B, 8, 8, 1\], got \[2, 8, 8\]/);
    expect(() => new UNet({ ...small, groups: 3 }, new SeededRng(0))).toThrow(
      /3 groups do not divide 8 channels/,
    );
    tf.dispose([x, t]);
    dispose(net);
  });
});
