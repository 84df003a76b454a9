import * as tf from '@tensorflow/tfjs';
import { padAxis, type Padding } from './padding.js';

/**
 * One Gaussian blur pass on NHWC images as a separable depthwise convolution: pad the width by r = ⌊k/2⌋ with the
 * chosen padding and convolve with the 1-D kernel as a [1, k] filter, then the same along the height with a [k, 1]
 * filter. Equal to a 2-D convolution with the outer-product kernel on the image padded in 2-D, because every
 * padding here acts on each axis separately.
 */
export class SeparableBlur {
  readonly radius: number;

  constructor(
    readonly kernel: Float64Array,
    readonly padding: Padding,
  ) {
    if (kernel.length % 2 !== 1)
      throw new RangeError(`blur kernel: expected an odd length, got ${kernel.length}`);
    this.radius = (kernel.length - 1) / 2;
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const c = x.shape[3];
      const k = this.kernel.length;
      const taps = Float32Array.from(this.kernel);
      const rowFilter = tf.tile(tf.tensor4d(taps, [1, k, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
      const colFilter = tf.tile(tf.tensor4d(taps, [k, 1, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
      const rows = tf.depthwiseConv2d(padAxis(x, 2, this.radius, this.padding), rowFilter, 1, 'valid');
      return tf.depthwiseConv2d(padAxis(rows, 1, this.radius, this.padding), colFilter, 1, 'valid');
    });
  }
}
