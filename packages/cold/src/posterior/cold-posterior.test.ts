import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Network } from '@udm/core';
import { CumulativeBlur } from '../degradations/cumulative-blur.js';
import { PADDINGS } from '../degradations/padding.js';
import { ColdProcess } from '../process/cold-process.js';
import { ColdPosterior } from './cold-posterior.js';
import { l1Loss, l2Loss } from './point-loss.js';

await tf.setBackend('cpu');
await tf.ready();

/** NN(x, t) = x + t (broadcast per sample): records the time inputs it saw. */
class ShiftNet implements Network {
  readonly variables = new Map<string, tf.Variable>();
  seen: number[][] = [];
  apply(x: tf.Tensor, t: tf.Tensor1D): tf.Tensor {
    this.seen.push(Array.from(t.dataSync()));
    return tf.add(x, tf.reshape(t, [-1, 1, 1, 1]));
  }
}

const process = new ColdProcess(new CumulativeBlur(new Float64Array(10).fill(1), 3, PADDINGS.reflect));

describe('ColdPosterior', () => {
  it('predicts x̂0 = NN(x_t, t) with the level as the network time', () => {
    const net = new ShiftNet();
    const post = new ColdPosterior(process, net, l2Loss);
    const xt = tf.zeros([2, 4, 4, 1]);
    const { x0 } = post.predict(xt, 7);
    expect(net.seen).toEqual([[7, 7]]);
    expect(Array.from(x0.dataSync()).every((v) => v === 7)).toBe(true);
    tf.dispose([xt, x0]);
  });

  it('L2 loss is mean (x0 − x̂0)², L1 loss mean |x0 − x̂0|, per-sample times', () => {
    const x0 = tf.fill([2, 4, 4, 1], 1);
    const xt = tf.zeros([2, 4, 4, 1]);
    const eps = tf.zeros([2, 4, 4, 1]);
    const t = Float64Array.from([3, 0]);
    // NN output = 3 and 0: errors 2 and −1 → L2 = (4 + 1)/2, L1 = (2 + 1)/2
    const net = new ShiftNet();
    const l2 = new ColdPosterior(process, net, l2Loss).loss({ x0, eps, xt, t });
    const l1 = new ColdPosterior(process, net, l1Loss).loss({ x0, eps, xt, t });
    expect(l2.dataSync()[0]).toBeCloseTo(2.5, 6);
    expect(l1.dataSync()[0]).toBeCloseTo(1.5, 6);
    expect(net.seen[0]).toEqual([3, 0]);
    tf.dispose([x0, xt, eps, l2, l1]);
  });
});
