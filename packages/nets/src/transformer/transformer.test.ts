import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '@udm/core';
import { selectBackend } from '@udm/backend-tfjs';
import { createLayerNorm, layerNorm } from './layer-norm.js';
import { applyRotary, rotaryTables } from './rotary.js';
import { selfAttention } from './self-attention.js';
import { Transformer, type TransformerOptions } from './transformer.js';

await tf.setBackend('cpu');
await tf.ready();

const small: TransformerOptions = {
  length: 6,
  categories: 7,
  dModel: 16,
  heads: 2,
  layers: 2,
  mlpRatio: 2,
  timeConditioning: false,
};

function ids(rows: number[][]): tf.Tensor2D {
  return tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32');
}

function randomizeHead(net: Transformer, seed: number): void {
  const w = net.variables.get('head.weight')!;
  const z = new SeededRng(seed).normals(w.size);
  w.assign(tf.tensor(Float32Array.from(z), w.shape));
}

describe('Transformer', () => {
  it('maps ids [B, L] to logits [B, L, V] and names its weights', () => {
    const net = new Transformer(small, new SeededRng(1));
    const names = [...net.variables.keys()];
    expect(names.slice(0, 2)).toEqual(['tokenEmbedding', 'positionEmbedding']);
    expect(names).toContain('blocks.1.attention.query.weight');
    expect(names.at(-1)).toBe('head.bias');
    expect(net.variables.get('blocks.0.attention.value.weight')!.shape).toEqual([16, 16]);
    const y = net.apply(
      ids([
        [0, 1, 2, 3, 4, 5],
        [6, 6, 6, 6, 6, 6],
      ]),
      tf.tensor1d([0, 0]),
    );
    expect(y.shape).toEqual([2, 6, 7]);
    // The head starts at zero: uniform predictions.
    expect(Math.max(...Array.from(y.dataSync()).map(Math.abs))).toBe(0);
    y.dispose();
    tf.dispose([...net.variables.values()]);
  });

  it('is bidirectional: the first position sees the last token', () => {
    const net = new Transformer(small, new SeededRng(2));
    randomizeHead(net, 3);
    const t = tf.tensor1d([0]);
    const a = tf.tidy(() => net.apply(ids([[1, 2, 3, 4, 5, 0]]), t).arraySync() as number[][][]);
    const b = tf.tidy(() => net.apply(ids([[1, 2, 3, 4, 5, 6]]), t).arraySync() as number[][][]);
    expect(Math.max(...a[0]![0]!.map((v, i) => Math.abs(v - b[0]![0]![i]!)))).toBeGreaterThan(1e-4);
    tf.dispose([t, ...net.variables.values()]);
  });

  it('initialises identically from the same seed; time conditioning makes the output depend on t', () => {
    const a = new Transformer(small, new SeededRng(5));
    const b = new Transformer(small, new SeededRng(5));
    const w = (m: Transformer) => Array.from(m.variables.get('blocks.1.fc1.weight')!.dataSync());
    expect(w(a)).toEqual(w(b));
    const timed = new Transformer({ ...small, timeConditioning: true }, new SeededRng(5));
    randomizeHead(timed, 1);
    const x = ids([[1, 2, 3, 4, 5, 6]]);
    const y0 = tf.tidy(() => timed.apply(x, tf.tensor1d([0])).dataSync());
    const y1 = tf.tidy(() => timed.apply(x, tf.tensor1d([700])).dataSync());
    expect(Array.from(y0)).not.toEqual(Array.from(y1));
    tf.dispose([x, ...a.variables.values(), ...b.variables.values(), ...timed.variables.values()]);
  });

  it('rejects a width that is not a multiple of the heads, and wrong input shapes', () => {
    expect(() => new Transformer({ ...small, dModel: 15 }, new SeededRng(0))).toThrow(/multiple of heads/);
    const net = new Transformer(small, new SeededRng(0));
    expect(() => net.apply(ids([[1, 2, 3]]), tf.tensor1d([0]))).toThrow(/expected ids \[B, 6\]/);
    tf.dispose([...net.variables.values()]);
  });

  it('self-attention equals a float64 loop implementation of softmax(QKᵀ/√d_h)·V', () => {
    const [B, L, d, H] = [2, 3, 4, 2];
    const rng = new SeededRng(9);
    const h = Float32Array.from(rng.normals(B * L * d));
    const wqkv = Float32Array.from(rng.normals(d * 3 * d)); // [d, 3d]: query | key | value columns
    const wout = Float32Array.from(rng.normals(d * d));
    const layer = (w: Float32Array, i: number, o: number) => ({
      weight: tf.variable(tf.tensor2d(w, [i, o])),
      bias: tf.variable(tf.zeros([o])),
    });
    const columns = (from: number) =>
      Float32Array.from({ length: d * d }, (_, i) => wqkv[Math.floor(i / d) * 3 * d + from + (i % d)]!);
    const weights = {
      query: layer(columns(0), d, d),
      key: layer(columns(d), d, d),
      value: layer(columns(2 * d), d, d),
      out: layer(wout, d, d),
    };
    const got = tf.tidy(() => selfAttention(tf.tensor2d(h, [B * L, d]), B, L, H, weights).dataSync());
    // Reference.
    const mm = (a: ArrayLike<number>, rows: number, inner: number, w: ArrayLike<number>, cols: number) => {
      const r = new Float64Array(rows * cols);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++)
          for (let k = 0; k < inner; k++) r[i * cols + j]! += a[i * inner + k]! * w[k * cols + j]!;
      return r;
    };
    const proj = mm(h, B * L, d, wqkv, 3 * d);
    const dh = d / H;
    const ctx = new Float64Array(B * L * d);
    for (let b = 0; b < B; b++)
      for (let hd = 0; hd < H; hd++)
        for (let i = 0; i < L; i++) {
          const q = (l: number, c: number) => proj[(b * L + l) * 3 * d + hd * dh + c]!;
          const k = (l: number, c: number) => proj[(b * L + l) * 3 * d + d + hd * dh + c]!;
          const v = (l: number, c: number) => proj[(b * L + l) * 3 * d + 2 * d + hd * dh + c]!;
          const s = Array.from({ length: L }, (_, j) => {
            let dot = 0;
            for (let c = 0; c < dh; c++) dot += q(i, c) * k(j, c);
            return dot / Math.sqrt(dh);
          });
          const m = Math.max(...s);
          const e = s.map((x) => Math.exp(x - m));
          const z = e.reduce((a, x) => a + x, 0);
          for (let c = 0; c < dh; c++) {
            let acc = 0;
            for (let j = 0; j < L; j++) acc += (e[j]! / z) * v(j, c);
            ctx[(b * L + i) * d + hd * dh + c] = acc;
          }
        }
    const expected = mm(ctx, B * L, d, wout, d);
    expected.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
    tf.dispose(Object.values(weights).flatMap((w) => [w.weight, w.bias]));
  });

  it('gives the same loss and gradients on wasm (with the kernel fixes) as on cpu', async () => {
    const net = new Transformer({ ...small, timeConditioning: true }, new SeededRng(4));
    randomizeHead(net, 8);
    const vars = [...net.variables.values()];
    const run = () =>
      tf.tidy(() => {
        const x = ids([
          [1, 2, 3, 4, 5, 6],
          [0, 0, 3, 3, 6, 1],
        ]);
        const target = tf.oneHot(
          tf.tensor2d(
            [
              [2, 3, 4, 5, 6, 0],
              [1, 1, 1, 1, 1, 1],
            ],
            [2, 6],
            'int32',
          ),
          7,
        );
        const { value, grads } = tf.variableGrads(
          () => tf.losses.softmaxCrossEntropy(target, net.apply(x, tf.tensor1d([10, 900]))) as tf.Scalar,
          vars,
        );
        return [value, ...vars.map((v) => grads[v.name]!)].map((g) => Array.from(g.dataSync()));
      });
    const onCpu = run();
    await selectBackend({ prefer: 'wasm', log: () => {} });
    const onWasm = run();
    await tf.setBackend('cpu');
    onCpu.forEach((values, k) => {
      const scale = Math.max(1e-3, ...values.map(Math.abs));
      const err = Math.max(...values.map((v, i) => Math.abs(v - onWasm[k]![i]!)));
      expect(err / scale, `output ${k}`).toBeLessThan(1e-4);
    });
    tf.dispose(vars);
  });

  it('rotary embeddings: ⟨rot(q)_i, rot(k)_j⟩ depends only on i − j, and position 0 is not rotated', () => {
    const L = 7;
    const dh = 6;
    const rng = new SeededRng(12);
    const qv = Array.from(rng.normals(dh));
    const kv = Array.from(rng.normals(dh));
    const tables = rotaryTables(L, dh);
    const [q, k] = tf.tidy(() => [
      applyRotary(tf.tensor3d([Array.from({ length: L }, () => qv)]), tables).arraySync()[0]!,
      applyRotary(tf.tensor3d([Array.from({ length: L }, () => kv)]), tables).arraySync()[0]!,
    ]);
    const dot = (i: number, j: number) => q[i]!.reduce((a, v, c) => a + v * k[j]![c]!, 0);
    for (const [i, j, i2, j2] of [
      [3, 1, 5, 3],
      [0, 4, 2, 6],
      [6, 6, 0, 0],
    ] as const)
      expect(dot(i, j)).toBeCloseTo(dot(i2, j2), 4);
    expect(Math.abs(dot(3, 1) - dot(1, 3))).toBeGreaterThan(1e-3); // direction matters
    q[0]!.forEach((v, c) => expect(v).toBeCloseTo(qv[c]!, 6));
    expect(() => rotaryTables(4, 5)).toThrow(/even head width/);
  });

  it('applyRotary is x·cos + [−x2, x1]·sin exactly (the rotateHalf product), and rejects a wrong shape', () => {
    const [N, L, dh] = [3, 5, 8];
    const tables = rotaryTables(L, dh);
    const x = Float32Array.from(new SeededRng(4).normals(N * L * dh));
    const got = tf.tidy(() => applyRotary(tf.tensor3d(x, [N, L, dh]), tables).dataSync());
    const half = dh / 2;
    for (let n = 0; n < N; n++)
      for (let l = 0; l < L; l++)
        for (let j = 0; j < dh; j++) {
          const at = (c: number) => x[(n * L + l) * dh + c]!;
          const rot = j < half ? -at(j + half) : at(j - half);
          const want = Math.fround(at(j) * tables.cos[l * dh + j]!) + Math.fround(rot * tables.sin[l * dh + j]!);
          expect(got[(n * L + l) * dh + j]!).toBeCloseTo(want, 6);
        }
    expect(() => tf.tidy(() => applyRotary(tf.zeros([1, L, dh + 2]) as tf.Tensor3D, tables))).toThrow(/rotary: expected x/);
  });

  it('layerNorm matches tf.moments, value and gradients, over the last axis of a rank-3 input', () => {
    const rng = new SeededRng(8);
    const shape: [number, number, number] = [2, 3, 6];
    const x = tf.tensor3d(Float32Array.from(rng.normals(36), (v) => 3 * v + 1), shape);
    const w = createLayerNorm(6);
    w.gamma.assign(tf.tensor1d(Float32Array.from(rng.normals(6))));
    w.beta.assign(tf.tensor1d(Float32Array.from(rng.normals(6))));
    const probe = tf.tensor3d(Float32Array.from(rng.normals(36)), shape);
    const reference = (h: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(h, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
    };
    const ours = (h: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      layerNorm(h, { gamma: g, beta: b } as unknown as typeof w);
    const before = tf.memory().numTensors;
    const [a, ga] = tf.tidy(() => {
      const f = (h: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(ours(h, g, b), probe));
      const grads = tf.grads(f)([x, w.gamma, w.beta]);
      return [ours(x, w.gamma, w.beta).dataSync(), grads.map((t) => t.dataSync())];
    });
    const [r, gr] = tf.tidy(() => {
      const f = (h: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(reference(h, g, b), probe));
      const grads = tf.grads(f)([x, w.gamma, w.beta]);
      return [reference(x, w.gamma, w.beta).dataSync(), grads.map((t) => t.dataSync())];
    });
    expect(tf.memory().numTensors).toBe(before);
    a.forEach((v, i) => expect(v).toBeCloseTo(r[i]!, 4));
    ga.forEach((g, k) => g.forEach((v, i) => expect(v).toBeCloseTo(gr[k]![i]!, 3)));
    tf.dispose([x, probe, w.gamma, w.beta]);
  });
});
