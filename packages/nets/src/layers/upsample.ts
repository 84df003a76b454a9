import * as tf from '@tensorflow/tfjs';

/**
 * Nearest-neighbour upsampling of NHWC input by 2, cropped to `[height, width]` (so that odd sizes halved with
 * rounding up come back to their original size). Written with broadcasting, whose gradient is a sum, so it works
 * on every backend.
 */
export function upsampleNearest2x(x: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    if (height > 2 * h || width > 2 * w) {
      throw new RangeError(`upsample: cannot reach ${height}×${width} from ${h}×${w}`);
    }
    const spread = tf.mul(tf.reshape(x, [b, h, 1, w, 1, c]), tf.ones([1, 1, 2, 1, 2, 1]));
    const up = tf.reshape(spread, [b, 2 * h, 2 * w, c]) as tf.Tensor4D;
    return height === 2 * h && width === 2 * w ? up : tf.slice(up, [0, 0, 0, 0], [b, height, width, c]);
  });
}
