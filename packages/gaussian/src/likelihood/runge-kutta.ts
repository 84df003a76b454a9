import * as tf from '@tensorflow/tfjs';
import type { IntegrationResult, OdeField, OdeIntegrator, OdeState } from './ode-integrator.js';

/** y + Σ_j c_j·k_j, element by element of the state. */
function combine(
  y: OdeState,
  ks: readonly (readonly tf.Tensor[])[],
  cs: readonly number[],
  h: number,
): tf.Tensor[] {
  return y.map((v, i) =>
    tf.tidy(() => {
      let out: tf.Tensor = v;
      cs.forEach((c, j) => {
        if (c !== 0) out = tf.add(out, tf.mul(ks[j]![i]!, c * h));
      });
      return out === v ? tf.clone(v) : out;
    }),
  );
}

/** Classic fourth-order Runge–Kutta with `steps` equal steps. */
export function rk4(steps: number): OdeIntegrator {
  if (!(Number.isInteger(steps) && steps >= 1))
    throw new RangeError(`steps: expected a positive integer, got ${steps}`);
  return {
    kind: 'rk4',
    description: `classic Runge–Kutta 4, ${steps} fixed steps`,
    integrate(f: OdeField, y0: OdeState, t0: number, t1: number): IntegrationResult {
      const h = (t1 - t0) / steps;
      let y = y0.map((v) => tf.clone(v));
      for (let n = 0; n < steps; n++) {
        const t = t0 + n * h;
        const k1 = f(t, y);
        const y2 = combine(y, [k1], [0.5], h);
        const k2 = f(t + h / 2, y2);
        const y3 = combine(y, [k2], [0.5], h);
        const k3 = f(t + h / 2, y3);
        const y4 = combine(y, [k3], [1], h);
        const k4 = f(t + h, y4);
        const next = combine(y, [k1, k2, k3, k4], [1 / 6, 1 / 3, 1 / 3, 1 / 6], h);
        tf.dispose([...y, ...k1, ...k2, ...k3, ...k4, ...y2, ...y3, ...y4]);
        y = next;
      }
      return { y, evaluations: 4 * steps, steps };
    },
  };
}

/** Options of {@link dormandPrince}. */
export interface AdaptiveOptions {
  /** Relative and absolute tolerances of the local error (score SDE uses 1e-5 for both). */
  readonly rtol: number;
  readonly atol: number;
  /** Give up after this many attempted steps. */
  readonly maxSteps?: number;
}

// Dormand–Prince 5(4) tableau.
const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A: number[][] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const B5 = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
const B4 = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];

/**
 * Dormand–Prince RK45 (the method of scipy's `RK45`, which score SDE's likelihood uses): fifth-order steps with an
 * embedded fourth-order error estimate, error norm the RMS of e/(atol + rtol·max(|y|, |y_new|)) over every entry
 * of the state, step size control h ← h·min(5, max(0.2, 0.9·err^{−1/5})), FSAL.
 */
export function dormandPrince(options: AdaptiveOptions): OdeIntegrator {
  const { rtol, atol } = options;
  const maxSteps = options.maxSteps ?? 10_000;
  if (!(rtol > 0 && atol > 0))
    throw new RangeError(`rtol, atol: expected numbers > 0, got ${rtol} and ${atol}`);
  return {
    kind: 'rk45',
    description: `Dormand–Prince RK45, adaptive (rtol ${rtol}, atol ${atol})`,
    integrate(f: OdeField, y0: OdeState, t0: number, t1: number): IntegrationResult {
      const direction = Math.sign(t1 - t0);
      let y = y0.map((v) => tf.clone(v));
      let t = t0;
      let h = direction * Math.min(Math.abs(t1 - t0), 0.01 * Math.abs(t1 - t0) + 1e-6);
      let k1 = f(t, y);
      let evaluations = 1;
      let accepted = 0;
      for (let attempt = 0; direction * (t1 - t) > 1e-12 * Math.abs(t1 - t0); attempt++) {
        if (attempt >= maxSteps) {
          tf.dispose([...y, ...k1]);
          throw new Error(`rk45: no convergence within ${maxSteps} steps (at t = ${t}); raise rtol/atol`);
        }
        if (direction * (t + h - t1) > 0) h = t1 - t;
        const ks: tf.Tensor[][] = [k1];
        for (let stage = 1; stage < 7; stage++) {
          const ys = combine(y, ks, A[stage]!, h);
          ks.push(f(t + C[stage]! * h, ys));
          evaluations++;
          tf.dispose(ys);
        }
        const next = combine(y, ks, B5, h);
        const err = tf.tidy(() => {
          let sum = tf.scalar(0);
          let count = 0;
          y.forEach((v, i) => {
            let e: tf.Tensor = tf.zerosLike(v);
            B5.forEach((b, j) => {
              if (b !== B4[j]) e = tf.add(e, tf.mul(ks[j]![i]!, (b - B4[j]!) * h));
            });
            const scale = tf.add(tf.mul(tf.maximum(tf.abs(v), tf.abs(next[i]!)), rtol), atol);
            sum = tf.add(sum, tf.sum(tf.square(tf.div(e, scale))));
            count += v.size;
          });
          return Math.sqrt((sum.dataSync()[0] ?? 0) / count);
        });
        if (!Number.isFinite(err)) {
          tf.dispose([...y, ...next, ...ks.flat()]);
          throw new Error(`rk45: the field is not finite near t = ${t}`);
        }
        if (err <= 1) {
          t += h;
          tf.dispose([...y, ...ks.slice(0, 6).flat()]);
          y = next;
          k1 = ks[6]!; // FSAL: the last stage is f(t + h, y_next)
          accepted++;
        } else {
          tf.dispose([...next, ...ks.slice(1).flat()]);
        }
        h *= Math.min(5, Math.max(0.2, 0.9 * (err === 0 ? 10 : err ** -0.2)));
      }
      tf.dispose(k1);
      return { y, evaluations, steps: accepted };
    },
  };
}
