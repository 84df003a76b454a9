import * as tf from '@tensorflow/tfjs';
import type { Conditioning, Network, Rng } from '@udm/core';
import { createDense, dense, type DenseWeights } from '../layers/dense.js';
import { sinusoidalEmbedding } from '../layers/sinusoidal-embedding.js';
import { gelu } from './gelu.js';
import { createLayerNorm, layerNorm, type LayerNormWeights } from './layer-norm.js';
import { rotaryTables, type RotaryTables } from './rotary.js';
import { createAttention, selfAttention, type AttentionWeights } from './self-attention.js';

export interface TransformerOptions {
  /** Sequence length L (learned position embeddings). */
  readonly length: number;
  /** Vocabulary size V: input ids in 0..V−1, output logits over V ids. */
  readonly categories: number;
  /** Width d (a multiple of `heads`). */
  readonly dModel: number;
  readonly heads: number;
  readonly layers: number;
  /** Hidden width of each MLP = mlpRatio·d. */
  readonly mlpRatio: number;
  /**
   * Add an embedding of the network time to every position. Optional for masked diffusion: the masking rate is
   * visible in x_t (MDLM), so the default is off.
   */
  readonly timeConditioning: boolean;
  /**
   * Rotary position embeddings (RoPE) in every attention layer, on top of the learned absolute ones: relative
   * positions (the neighbouring characters) become easy to attend to. Default on.
   */
  readonly rotary?: boolean;
  /**
   * Dropout rate on the output of every attention and MLP branch (before the residual sum), in training mode only
   * (`setTraining`); default 0: none, and no random numbers drawn.
   */
  readonly dropout?: number;
}

interface Block {
  readonly ln1: LayerNormWeights;
  readonly attention: AttentionWeights;
  readonly ln2: LayerNormWeights;
  readonly fc1: DenseWeights;
  readonly fc2: DenseWeights;
}

function normalVariable(rng: Rng, shape: [number, number], std: number): tf.Variable {
  const z = rng.normals(shape[0] * shape[1]);
  return tf.tidy(() =>
    tf.variable(
      tf.tensor2d(
        Float32Array.from(z, (v) => v * std),
        shape,
      ),
      true,
    ),
  );
}

/**
 * NN_θ(x_t, t) for token data: a small bidirectional (encoder-only, pre-LayerNorm) transformer. Input int32 ids
 * [B, L]; output logits [B, L, V]. Token and learned position embeddings (N(0, 0.02²)), `layers` blocks of
 * multi-head self-attention (with rotary position embeddings by default) and a GELU MLP with residual connections, a final LayerNorm and a linear head
 * (zero-initialised, so training starts from uniform predictions). All weights come from the injected RNG.
 */
export class Transformer implements Network {
  readonly variables: ReadonlyMap<string, tf.Variable>;
  private readonly tokenEmbedding: tf.Variable;
  private readonly positionEmbedding: tf.Variable;
  private readonly blocks: Block[];
  private readonly lnFinal: LayerNormWeights;
  private readonly head: DenseWeights;
  private readonly time: DenseWeights | undefined;
  private readonly rotary: RotaryTables | undefined;
  private trainingRng: Rng | undefined;

  constructor(
    readonly options: TransformerOptions,
    rng: Rng,
  ) {
    const { length, categories, dModel: d, heads, layers, mlpRatio } = options;
    for (const [name, v] of Object.entries({ length, categories, dModel: d, heads, layers, mlpRatio })) {
      if (!(Number.isSafeInteger(v) && v >= 1))
        throw new RangeError(`${name}: expected a positive integer, got ${v}`);
    }
    const dropout = options.dropout ?? 0;
    if (!(dropout >= 0 && dropout < 1))
      throw new RangeError(`dropout: expected a number in [0, 1), got ${dropout}`);
    if (d % heads !== 0) throw new RangeError(`dModel: expected a multiple of heads = ${heads}, got ${d}`);
    if ((options.rotary ?? true) && (d / heads) % 2 !== 0)
      throw new RangeError(
        `dModel: rotary embeddings need an even head width dModel/heads, got ${d / heads}`,
      );
    this.rotary = (options.rotary ?? true) ? rotaryTables(length, d / heads) : undefined;
    if (options.timeConditioning && d % 2 !== 0)
      throw new RangeError(`dModel: time conditioning needs an even width, got ${d}`);
    const vars = new Map<string, tf.Variable>();
    const add = <T extends object>(prefix: string, w: T): T => {
      for (const [k, v] of Object.entries(w)) vars.set(`${prefix}.${k}`, v as tf.Variable);
      return w;
    };
    this.tokenEmbedding = normalVariable(rng, [categories, d], 0.02);
    const addAttention = (prefix: string, w: AttentionWeights): AttentionWeights => {
      for (const [k, v] of Object.entries(w)) add(`${prefix}.${k}`, v as DenseWeights);
      return w;
    };
    this.positionEmbedding = normalVariable(rng, [length, d], 0.02);
    vars.set('tokenEmbedding', this.tokenEmbedding);
    vars.set('positionEmbedding', this.positionEmbedding);
    this.time = options.timeConditioning ? add('time', createDense(d, d, rng)) : undefined;
    this.blocks = Array.from({ length: layers }, (_, i) => ({
      ln1: add(`blocks.${i}.ln1`, createLayerNorm(d)),
      attention: addAttention(`blocks.${i}.attention`, createAttention(d, rng)),
      ln2: add(`blocks.${i}.ln2`, createLayerNorm(d)),
      fc1: add(`blocks.${i}.fc1`, createDense(d, mlpRatio * d, rng)),
      fc2: add(`blocks.${i}.fc2`, createDense(mlpRatio * d, d, rng)),
    }));
    this.lnFinal = add('lnFinal', createLayerNorm(d));
    this.head = add('head', {
      weight: tf.tidy(() => tf.variable(tf.zeros([d, categories]), true)),
      bias: tf.tidy(() => tf.variable(tf.zeros([categories]), true)),
    });
    this.variables = vars;
  }

  setTraining(rng: Rng | undefined): void {
    this.trainingRng = rng;
  }

  apply(x: tf.Tensor, t: tf.Tensor1D, _cond?: Conditioning): tf.Tensor {
    const { length: L, dModel: d, heads, categories: V } = this.options;
    const rate = this.options.dropout ?? 0;
    // One seed per call from the trainer's RNG (so a resumed run draws the same masks), one stream per branch.
    const seed = rate > 0 && this.trainingRng ? this.trainingRng.int(2 ** 31 - 1) : undefined;
    let branch = 0;
    const drop = (h: tf.Tensor): tf.Tensor =>
      seed === undefined ? h : tf.dropout(h, rate, undefined, seed + 7919 * branch++);
    if (x.rank !== 2 || x.shape[1] !== L)
      throw new RangeError(`transformer: expected ids [B, ${L}], got [${x.shape.join(', ')}]`);
    const B = x.shape[0]!;
    return tf.tidy(() => {
      const ids = tf.reshape(x.dtype === 'int32' ? x : tf.cast(x, 'int32'), [B * L]);
      let h = tf.reshape(
        tf.add(tf.reshape(tf.gather(this.tokenEmbedding, ids), [B, L, d]), this.positionEmbedding),
        [B * L, d],
      ) as tf.Tensor2D;
      if (this.time) {
        const emb = dense(sinusoidalEmbedding(t, d), this.time);
        const silu = tf.mul(emb, tf.sigmoid(emb));
        h = tf.reshape(tf.add(tf.reshape(h, [B, L, d]), tf.expandDims(silu, 1)), [B * L, d]) as tf.Tensor2D;
      }
      for (const b of this.blocks) {
        h = tf.add(h, drop(selfAttention(layerNorm(h, b.ln1), B, L, heads, b.attention, this.rotary)));
        h = tf.add(h, drop(dense(gelu(dense(layerNorm(h, b.ln2), b.fc1)), b.fc2)));
      }
      return tf.reshape(dense(layerNorm(h, this.lnFinal), this.head), [B, L, V]);
    });
  }
}
