import * as tf from '@tensorflow/tfjs';
import { SeededRng, type Dataset, type Rng } from '@udm/core';
import type { Degradation } from '../degradations/degradation.js';
import type { ColdPrior } from './cold-prior.js';
import { GaussianMixture } from './gaussian-mixture.js';

export interface DegradedPriorOptions {
  /** Mixture components K. */
  readonly components: number;
  /** Standard deviation of the extra N(0, noise²) added to every x_T (the paper's symmetry-breaking noise). */
  readonly noise: number;
  /** At most this many training images (evenly spaced through the set) are degraded and fitted. */
  readonly fitSize: number;
  /** Covariance ridge relative to the mean per-pixel variance. */
  readonly jitter: number;
  /** Seeds the k-means++ initialisation (the fit is otherwise deterministic). */
  readonly seed: number;
}

/**
 * p(x_T) for a deterministic degradation (Bansal et al., §5): the fully degraded training images D(x0, T−1) are
 * fitted with a Gaussian mixture, and x_T = a draw from it plus a little N(0, noise²). Without the mixture every
 * generation run would start from the same few blurred images and collapse to the same digits. The fit runs once, on
 * the first draw.
 */
export class DegradedDataPrior implements ColdPrior {
  private mixture?: GaussianMixture;

  constructor(
    readonly degradation: Degradation,
    readonly data: Dataset,
    readonly options: DegradedPriorOptions,
  ) {
    if (data.itemShape.length !== 3) {
      throw new RangeError(
        `prior: expected images [height, width, channels], got [${data.itemShape.join(', ')}]`,
      );
    }
  }

  /** The fitted mixture (fitting it on first use). */
  fitted(): GaussianMixture {
    if (!this.mixture) this.mixture = this.fit();
    return this.mixture;
  }

  private fit(): GaussianMixture {
    const d = this.data.itemShape.reduce((a, b) => a * b, 1);
    const n = Math.min(this.options.fitSize, this.data.size);
    const x = new Float64Array(n * d);
    const last = this.degradation.levels - 1;
    const chunk = 256;
    for (let start = 0; start < n; start += chunk) {
      const idx = Int32Array.from({ length: Math.min(chunk, n - start) }, (_, i) =>
        Math.floor(((start + i) * this.data.size) / n),
      );
      const batch = this.data.gather(idx);
      const degraded = tf.tidy(() => this.degradation.degrade(batch.x0 as tf.Tensor4D, last).dataSync());
      batch.x0.dispose();
      batch.labels?.dispose();
      x.set(degraded, start * d);
    }
    return GaussianMixture.fit(x, n, d, {
      components: Math.min(this.options.components, n),
      jitter: this.options.jitter,
      rng: new SeededRng(this.options.seed),
    });
  }

  sample(shape: readonly number[], rng: Rng): tf.Tensor {
    const mixture = this.fitted();
    const [count, ...item] = shape;
    const d = item.reduce((a, b) => a * b, 1);
    if (count === undefined || d !== mixture.dim) {
      throw new RangeError(
        `prior: expected a shape [B, ${this.data.itemShape.join(', ')}], got [${shape.join(', ')}]`,
      );
    }
    const draws = mixture.sample(count, rng);
    if (this.options.noise > 0) {
      const eps = rng.normals(draws.length);
      for (let i = 0; i < draws.length; i++) draws[i] = draws[i]! + this.options.noise * eps[i]!;
    }
    return tf.tensor(Float32Array.from(draws), [...shape], 'float32');
  }
}
