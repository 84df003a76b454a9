import * as tf from '@tensorflow/tfjs';
import type { Network } from '@udm/core';

/** A tensor with the same values and no link to the tape: stopgrad(x), for targets computed inside a gradient. */
export function stopGradient(x: tf.Tensor): tf.Tensor {
  return tf.tensor(x.dataSync(), x.shape, x.dtype);
}

/**
 * The target network θ⁻ of the consistency objectives: θ⁻ ← stopgrad(μθ⁻ + (1 − μ)θ) after each optimizer step
 * (Song et al. 2023). μ = 0 makes θ⁻ = θ (Song & Dhariwal 2023's improved consistency training) and keeps no copy.
 * `evaluate` runs a function of the network with θ⁻ loaded into its variables and returns its result cut from the
 * tape; θ is restored before the caller's own (differentiated) forward pass.
 */
export class TargetNetwork {
  private weights: Map<string, tf.Tensor> | undefined;

  constructor(private readonly network: Network) {}

  /** θ⁻ ← θ when no copy is kept yet and μ > 0 (the initialisation θ⁻ = θ before the first step). */
  ensure(mu: number): void {
    if (mu > 0 && !this.weights)
      this.weights = new Map([...this.network.variables].map(([name, v]) => [name, tf.keep(tf.clone(v))]));
  }

  /** Replaces θ⁻ by copies of `tensors` (a checkpoint's), after checking names and shapes against θ. */
  restore(tensors: ReadonlyMap<string, tf.Tensor> | undefined): void {
    if (!tensors || tensors.size === 0) {
      this.dispose();
      return;
    }
    for (const [name, v] of this.network.variables) {
      const t = tensors.get(name);
      if (!t) throw new Error(`objective state: the target network θ⁻ has no weight ${name}`);
      if (!tf.util.arraysEqual(t.shape, v.shape))
        throw new Error(
          `objective state: θ⁻ weight ${name} is [${t.shape.join(', ')}], the network's is [${v.shape.join(', ')}]`,
        );
    }
    for (const name of tensors.keys())
      if (!this.network.variables.has(name))
        throw new Error(`objective state: θ⁻ weight ${name} is not a weight of the network`);
    this.dispose();
    this.weights = new Map(
      [...this.network.variables.keys()].map((name) => [
        name,
        tf.keep(tf.cast(tensors.get(name)!, 'float32')),
      ]),
    );
  }

  /** θ⁻ ← μθ⁻ + (1 − μ)θ (the first call copies θ). */
  update(mu: number): void {
    if (!(mu >= 0 && mu < 1)) throw new RangeError(`target decay μ: expected a number in [0, 1), got ${mu}`);
    if (mu === 0) {
      this.dispose();
      return;
    }
    const next = new Map<string, tf.Tensor>();
    for (const [name, v] of this.network.variables) {
      const old = this.weights?.get(name);
      next.set(name, tf.keep(old ? tf.tidy(() => tf.add(tf.mul(old, mu), tf.mul(v, 1 - mu))) : tf.clone(v)));
    }
    this.dispose();
    this.weights = next;
  }

  /** f with θ⁻ (θ when no copy is kept), as a tensor outside the tape. */
  evaluate(f: () => tf.Tensor): tf.Tensor {
    const weights = this.weights;
    if (!weights) return tf.tidy(() => stopGradient(f()));
    const saved = new Map<string, tf.Tensor>();
    for (const [name, v] of this.network.variables) {
      saved.set(name, tf.keep(tf.clone(v)));
      v.assign(weights.get(name)!);
    }
    try {
      return tf.tidy(() => stopGradient(f()));
    } finally {
      for (const [name, v] of this.network.variables) v.assign(saved.get(name)!);
      tf.dispose([...saved.values()]);
    }
  }

  /** The tensors of θ⁻ (none when μ = 0). */
  get tensors(): ReadonlyMap<string, tf.Tensor> | undefined {
    return this.weights;
  }

  dispose(): void {
    if (this.weights) tf.dispose([...this.weights.values()]);
    this.weights = undefined;
  }
}
