import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, DECODABLE_DATA, SeededRng, type DataSplit } from '@udm/core';
import { Autoencoder } from './autoencoder.js';
import { gaussianKl, reconstructionError, trainAutoencoder } from './train-autoencoder.js';
import { fromLatent, latentSplit } from '../latent/latent-dataset.js';
import { encodedSplit } from '../latent/latent-decoder.js';

await tf.setBackend('cpu');
await tf.ready();

const small = () =>
  new Autoencoder({ itemShape: [12, 12, 1], channels: [4, 8, 8], latent: 6, groups: 2 }, new SeededRng(3));

/** Smooth random images in [−1, 1]: a few blobs, so that a tiny autoencoder can learn something. */
function images(n: number, seed: number): DataSplit['train'] {
  const rng = new SeededRng(seed);
  const x = new Float32Array(n * 144);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const [cy, cx] = rng.uniforms(2).map((u) => 2 + 8 * u);
    labels[i] = i % 3;
    for (let y = 0; y < 12; y++)
      for (let xx = 0; xx < 12; xx++)
        x[i * 144 + y * 12 + xx] = 2 * Math.exp(-((y - cy!) ** 2 + (xx - cx!) ** 2) / 6) - 1;
  }
  return new ArrayDataset(x, [12, 12, 1], labels, 3);
}

describe('Autoencoder', () => {
  it('encodes to [B, d], decodes to the image shape (odd sizes too) and names its weights', () => {
    const ae = small();
    const z = ae.encode(tf.zeros([5, 12, 12, 1]));
    expect(z.shape).toEqual([5, 6]);
    const x = ae.decode(z);
    expect(x.shape).toEqual([5, 12, 12, 1]);
    tf.dispose([z, x]);
    expect([...ae.variables.keys()]).toContain('encoder.stem.weight');
    expect([...ae.variables.keys()]).toContain('decoder.out.bias');
    ae.dispose();
    const odd = new Autoencoder(
      { itemShape: [7, 9, 2], channels: [4, 4, 4], latent: 3, groups: 2 },
      new SeededRng(1),
    );
    const y = tf.tidy(() => odd.reconstruct(tf.ones([2, 7, 9, 2])));
    expect(y.shape).toEqual([2, 7, 9, 2]);
    y.dispose();
    odd.dispose();
  });

  it('rejects bad options and inputs with messages naming the field', () => {
    const rng = new SeededRng(0);
    expect(
      () => new Autoencoder({ itemShape: [28, 28], channels: [4, 4, 4], latent: 2, groups: 2 }, rng),
    ).toThrow(/itemShape/);
    expect(
      () => new Autoencoder({ itemShape: [8, 8, 1], channels: [4, 6, 4], latent: 2, groups: 4 }, rng),
    ).toThrow(/groups/);
    expect(
      () => new Autoencoder({ itemShape: [8, 8, 1], channels: [4, 4, 4], latent: 0, groups: 2 }, rng),
    ).toThrow(/latent/);
    const ae = small();
    expect(() => ae.encode(tf.zeros([1, 28, 28, 1]))).toThrow(/encode: x: expected shape \[B, 12, 12, 1\]/);
    expect(() => ae.decode(tf.zeros([1, 5]))).toThrow(/decode: z/);
    ae.dispose();
  });

  it('passes a gradient to every weight', () => {
    const ae = small();
    const x = tf.randomNormal([3, 12, 12, 1], 0, 1, 'float32', 1);
    const vars = [...ae.variables.entries()];
    const { grads } = tf.variableGrads(
      () => tf.losses.meanSquaredError(x, ae.reconstruct(x)) as tf.Scalar,
      vars.map(([, v]) => v),
    );
    for (const [name, v] of vars) {
      const g = grads[v.name]!;
      expect(g.shape, name).toEqual(v.shape);
      expect(tf.sum(tf.abs(g)).dataSync()[0], name).toBeGreaterThan(0);
    }
    tf.dispose([x, ...Object.values(grads)]);
    ae.dispose();
  });

  it('trains (the reconstruction error falls) without leaking tensors', async () => {
    const data = images(64, 5);
    const ae = small();
    const before = tf.memory().numTensors;
    const errorBefore = reconstructionError(ae, data, 20);
    const summary = await trainAutoencoder(ae, data, {
      steps: 12,
      batchSize: 8,
      learningRate: 1e-2,
      rng: new SeededRng(2),
    });
    const errorAfter = reconstructionError(ae, data, 20);
    expect(tf.memory().numTensors).toBe(before);
    expect(summary.steps).toBe(12);
    expect(summary.lastLoss).toBeLessThan(summary.firstLoss);
    expect(errorAfter).toBeLessThan(0.7 * errorBefore);
    expect(() =>
      trainAutoencoder(ae, data, { steps: 0, batchSize: 4, learningRate: 1e-3, rng: new SeededRng(0) }),
    ).toThrow(/steps/);
    expect(() =>
      trainAutoencoder(ae, data, {
        steps: 1,
        batchSize: 4,
        learningRate: 1e-3,
        rng: new SeededRng(0),
        latentNoise: -1,
      }),
    ).toThrow(/latentNoise/);
    ae.dispose();
  });

  it('trains with latent noise and the latent penalty (the penalty is in the loss), without leaking tensors', async () => {
    const data = images(16, 5);
    const run = async (latentPenalty: number) => {
      const ae = small();
      const before = tf.memory().numTensors;
      const s = await trainAutoencoder(ae, data, {
        steps: 2,
        batchSize: 4,
        learningRate: 1e-3,
        rng: new SeededRng(2),
        latentNoise: 0.1,
        latentPenalty,
      });
      expect(tf.memory().numTensors).toBe(before);
      ae.dispose();
      return s.firstLoss;
    };
    // same weights, batch and noise: the first loss differs exactly by the penalty term, which is positive
    expect(await run(1)).toBeGreaterThan(await run(0));
  });
});

describe('variational autoencoder', () => {
  const vae = () =>
    new Autoencoder(
      { itemShape: [12, 12, 1], channels: [4, 8, 8], latent: 6, groups: 2, variational: true },
      new SeededRng(3),
    );

  it('outputs the mean and log-variance of q(z | x); encode gives the mean', () => {
    const ae = vae();
    const x = tf.randomNormal([4, 12, 12, 1], 0, 1, 'float32', 2);
    const q = ae.encodeDistribution(x);
    const z = ae.encode(x);
    expect(q.mean.shape).toEqual([4, 6]);
    expect(q.logVariance.shape).toEqual([4, 6]);
    expect(Array.from(z.dataSync())).toEqual(Array.from(q.mean.dataSync()));
    expect(ae.variables.get('encoder.out.weight')!.shape[1]).toBe(12);
    tf.dispose([x, q.mean, q.logVariance, z]);
    ae.dispose();
    const plain = small();
    expect(() => plain.encodeDistribution(tf.zeros([1, 12, 12, 1]))).toThrow(/not variational/);
    plain.dispose();
  });

  it('computes KL(N(μ, σ²) ‖ N(0, 1)) summed over the latent, averaged over the batch', () => {
    const mean = tf.tensor2d([
      [1, 0],
      [0, 2],
    ]);
    const logVariance = tf.tensor2d([
      [0, Math.log(2)],
      [0, 0],
    ]);
    const kl = gaussianKl(mean, logVariance);
    // item 1: ½(1 + 0) + ½(2 − 1 − ln 2); item 2: ½·4
    const expected = (0.5 + 0.5 * (1 - Math.log(2)) + 2) / 2;
    expect(kl.dataSync()[0]).toBeCloseTo(expected, 5);
    tf.dispose([mean, logVariance, kl]);
  });

  it('trains with the KL term (β in the loss) without leaking tensors, and needs a variational encoder', async () => {
    const data = images(16, 5);
    const run = async (klWeight: number) => {
      const ae = vae();
      const before = tf.memory().numTensors;
      const s = await trainAutoencoder(ae, data, {
        steps: 3,
        batchSize: 4,
        learningRate: 1e-3,
        rng: new SeededRng(2),
        klWeight,
      });
      expect(tf.memory().numTensors).toBe(before);
      ae.dispose();
      return s.firstLoss;
    };
    // same weights, batch and ε: a larger β adds a larger (positive) KL term to the first loss
    expect(await run(1)).toBeGreaterThan(await run(0.001));
    const plain = small();
    expect(() =>
      trainAutoencoder(plain, data, {
        steps: 1,
        batchSize: 4,
        learningRate: 1e-3,
        rng: new SeededRng(0),
        klWeight: 1,
      }),
    ).toThrow(/klWeight: needs a variational autoencoder/);
    plain.dispose();
  });
});

describe('spatial latent', () => {
  it('encodes to [B, ⌈H/4⌉, ⌈W/4⌉, c], decodes back, normalises per coordinate and inverts', () => {
    const ae = new Autoencoder(
      {
        itemShape: [12, 12, 1],
        channels: [4, 8, 8],
        latent: 2,
        groups: 2,
        spatialLatent: true,
        variational: true,
      },
      new SeededRng(4),
    );
    expect(ae.latentShape).toEqual([3, 3, 2]);
    expect(ae.latentSize).toBe(18);
    const before = tf.memory().numTensors;
    const data = images(10, 6);
    const x = data.gather(Int32Array.from({ length: 10 }, (_, i) => i));
    const z = ae.encode(x.x0);
    expect(z.shape).toEqual([10, 3, 3, 2]);
    const q = ae.encodeDistribution(x.x0);
    expect(q.logVariance.shape).toEqual([10, 3, 3, 2]);
    const kl = gaussianKl(q.mean, q.logVariance);
    expect(kl.dataSync()[0]).toBeGreaterThan(0);
    const decoded = ae.decode(z);
    expect(decoded.shape).toEqual([10, 12, 12, 1]);
    const latent = latentSplit(ae, { train: data, heldOut: images(4, 7) });
    expect(latent.split.train.itemShape).toEqual([3, 3, 2]);
    const normalised = tf.tensor(latent.split.train.toArray(), [10, 3, 3, 2]);
    const back = fromLatent(normalised, latent.scaling);
    expect(back.shape).toEqual([10, 3, 3, 2]);
    const err = tf.tidy(() => tf.max(tf.abs(tf.sub(back, z))).dataSync()[0]!);
    expect(err).toBeLessThan(1e-4);
    tf.dispose([x.x0, x.labels!, z, q.mean, q.logVariance, kl, decoded, normalised, back]);
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
  });
});

describe('latentSplit', () => {
  it('encodes every example, keeps labels, normalises to zero mean and unit variance, and inverts', () => {
    const ae = small();
    const data = { train: images(30, 1), heldOut: images(10, 2) };
    const before = tf.memory().numTensors;
    const { split, scaling } = latentSplit(ae, data, 7);
    expect(tf.memory().numTensors).toBe(before);
    expect(split.train.itemShape).toEqual([6]);
    expect(split.train.size).toBe(30);
    expect(split.heldOut.size).toBe(10);
    expect(split.train.classes).toBe(3);
    const z = split.train.toArray();
    for (let i = 0; i < 6; i++) {
      const col = z.filter((_, j) => j % 6 === i);
      const mean = col.reduce((a, b) => a + b, 0) / col.length;
      const variance = col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length;
      expect(mean).toBeCloseTo(0, 5);
      expect(variance).toBeCloseTo(1, 4);
    }
    expect(scaling.scale).toHaveLength(6);
    expect(() => fromLatent(tf.zeros([1, 5]), scaling)).toThrow(/fromLatent: expected latents of size 6/);
    // fromLatent undoes the normalisation: the first training latent equals E(x_0)
    const first = split.train.gather(new Int32Array([0]));
    const x0 = data.train.gather(new Int32Array([0]));
    const direct = ae.encode(x0.x0);
    const back = fromLatent(first.x0, scaling);
    expect(Array.from(back.dataSync())).toEqual(
      Array.from(direct.dataSync()).map((v) => expect.closeTo(v, 4) as unknown as number),
    );
    expect(first.labels!.dataSync()[0]).toBe(0);
    tf.dispose([first.x0, first.labels!, x0.x0, x0.labels!, direct, back]);
    ae.dispose();
  });

  it('encodedSplit: the latent split with a decoder back to the source space (core DECODABLE_DATA)', () => {
    const ae = small();
    const source = { train: images(8, 1), heldOut: images(4, 2) };
    const before = tf.memory().numTensors;
    const split = encodedSplit(ae, source, [-1, 1], 3);
    expect(DECODABLE_DATA.has(split)).toBe(true);
    expect(split.decoder.itemShape).toEqual([12, 12, 1]);
    const first = split.train.gather(Int32Array.of(0));
    const decoded = split.decoder.decode(first.x0);
    const x = source.train.gather(Int32Array.of(0));
    const direct = tf.tidy(() => ae.decode(ae.encode(x.x0)));
    tf.dispose([x.x0, x.labels!]);
    expect(decoded.shape).toEqual([1, 12, 12, 1]);
    // D(scale·z̃ + shift) = D(E(x)): the decoder undoes the normalisation
    expect(Array.from(decoded.dataSync())).toEqual(
      Array.from(direct.dataSync()).map((v) => expect.closeTo(v, 4) as unknown as number),
    );
    tf.dispose([first.x0, first.labels!, decoded, direct]);
    expect(tf.memory().numTensors).toBe(before);
    ae.dispose();
  });
});
