import * as tf from '@tensorflow/tfjs';

/** A per-sample host scalar as a float32 [B, 1, 1] tensor (computed in float64, rounded once). */
function column(values: ArrayLike<number>): tf.Tensor {
  return tf.tensor3d(Float32Array.from(values), [values.length, 1, 1]);
}

/** log x where x > 0 and 0 elsewhere; for tensors that carry no gradient (`tf.greater` has none). */
function safeLog(x: tf.Tensor): tf.Tensor {
  const positive = tf.greater(x, 0);
  return tf.where(positive, tf.log(tf.where(positive, x, tf.onesLike(x))), tf.zerosLike(x));
}

/**
 * The continuous-time NELBO integrand of each token, float32 [B, L], in nats (D3PM-uniform in continuous time;
 * the CTMC form of Campbell et al. 2022 / SEDD's diffusion-weighted denoising score entropy). The forward rates
 * are R_t(y → x) = β_t/K (x ≠ y), β_t = −α′_t/α_t; the model's reverse rates R^θ_t(x → y) = R_t(y → x)·r_θ(y) with
 * r_θ(y) = Σ_z p̂_z q(y | z)/q(x | z), the true ones (given x0) r(y) = q(y | x0)/q(x | x0), x = x_t; then
 *   NELBO = ∫₀¹ E_{x_t ~ q(·|x0)} Σ_{y ≠ x_t} (β_t/K)·[r_θ − r − r·log(r_θ/r)] dt + KL(q(x_1 | x0) ‖ Uniform).
 * Scaled by u = (1 − α_t)/K (so every quantity is O(1) even where α_t → 1):
 *   ρ_θ(y) = u·r_θ(y) = p̂_x·u²/(α + u) + (1 − p̂_x)·u + α·p̂_y,    ρ(y) = u·q(y | x0)/q(x | x0),
 *   integrand = β_t/(1 − α_t) · Σ_{y ≠ x} [ρ_θ − ρ − ρ·log(ρ_θ/ρ)].
 * `alpha`, `u` and `weight` = β_t/(1 − α_t) are per sample, computed in float64 by the caller.
 */
export function continuousNelboTerms(
  logProbs: tf.Tensor,
  xt: tf.Tensor,
  x0: tf.Tensor,
  alpha: ArrayLike<number>,
  u: ArrayLike<number>,
  weight: ArrayLike<number>,
): tf.Tensor {
  return tf.tidy(() => {
    const K = logProbs.shape[2]!;
    const a = column(alpha);
    const uu = column(u);
    const p = tf.exp(logProbs);
    const X = tf.oneHot(tf.cast(xt, 'int32'), K);
    const H = tf.oneHot(tf.cast(x0, 'int32'), K);
    const px = tf.sum(tf.mul(p, X), -1, true);
    const rhoTheta = tf.add(
      tf.add(tf.mul(px, tf.div(tf.square(uu), tf.add(a, uu))), tf.mul(tf.sub(1, px), uu)),
      tf.mul(a, p),
    );
    const q0 = tf.add(tf.mul(a, H), uu); // q(y | x0)
    const qx = tf.sum(tf.mul(q0, X), -1, true); // q(x_t | x0)
    const rho = tf.div(tf.mul(uu, q0), qx);
    // ρ_θ > 0 analytically; the floor only guards float32 underflow (1e-30 ≪ u² for any time the estimators draw).
    const logRhoTheta = tf.log(tf.maximum(rhoTheta, 1e-30));
    const divergence = tf.sub(tf.sub(rhoTheta, rho), tf.mul(rho, tf.sub(logRhoTheta, safeLog(rho))));
    const offDiagonal = tf.sub(1, X);
    return tf.mul(tf.sum(tf.mul(divergence, offDiagonal), -1), tf.reshape(column(weight), [-1, 1]));
  });
}

/**
 * KL(q(x_s | x_t, x0) ‖ p_θ(x_s | x_t)) of each token for one step s < t, float32 [B, L], in nats (the D3PM
 * T-step NELBO term): q(x_s = v | x_t, x0) ∝ q(x_t | x_s = v)·q(x_s = v | x0) and
 * p_θ(x_s = v | x_t) = q(x_t | x_s = v)·(α_s·w_v + (1 − α_s)/K·Σ_z w_z), w_z = p̂_z/q(x_t | z). At s = origin
 * (α_s = 1) it is −log p̂(x0 | x_t). `alphaT`, `alphaS` per sample (float64 on the host).
 */
export function stepKlTerms(
  logProbs: tf.Tensor,
  xt: tf.Tensor,
  x0: tf.Tensor,
  alphaT: ArrayLike<number>,
  alphaS: ArrayLike<number>,
): tf.Tensor {
  return tf.tidy(() => {
    const K = logProbs.shape[2]!;
    const n = alphaT.length;
    const ats = Float64Array.from({ length: n }, (_, i) => (alphaS[i]! === 0 ? 0 : alphaT[i]! / alphaS[i]!));
    const X = tf.oneHot(tf.cast(xt, 'int32'), K);
    const H = tf.oneHot(tf.cast(x0, 'int32'), K);
    const aT = column(alphaT);
    const aS = column(alphaS);
    const cT = column(Float64Array.from(alphaT, (v) => (1 - v) / K));
    const cS = column(Float64Array.from(alphaS, (v) => (1 - v) / K));
    const A = tf.add(tf.mul(column(ats), X), column(Float64Array.from(ats, (v) => (1 - v) / K))); // q(x_t | x_s = v)
    const logC = tf.log(tf.add(tf.mul(aT, X), cT)); // log q(x_t | x0 = z)
    const w = tf.exp(tf.sub(logProbs, logC));
    const sumW = tf.sum(w, -1, true);
    // log(α_s·w_v + c_s·Σw) in log space: exact where w_v underflows, and no log 0 where c_s = 0 (α_s = 1).
    const logCS = column(Float64Array.from(alphaS, (v) => (v < 1 ? Math.log((1 - v) / K) : -1e30)));
    const logInner = tf.logSumExp(
      tf.stack([
        tf.add(
          column(Float64Array.from(alphaS, (v) => (v > 0 ? Math.log(v) : -1e30))),
          tf.sub(logProbs, logC),
        ),
        tf.add(logCS, tf.broadcastTo(tf.log(sumW), logProbs.shape)),
      ]),
      0,
    );
    const logModel = tf.add(tf.log(A), logInner);
    const joint = tf.mul(A, tf.add(tf.mul(aS, H), cS));
    const posterior = tf.div(joint, tf.sum(joint, -1, true));
    const terms = tf.mul(posterior, tf.sub(safeLog(posterior), logModel));
    return tf.sum(tf.where(tf.greater(posterior, 0), terms, tf.zerosLike(terms)), -1);
  });
}
