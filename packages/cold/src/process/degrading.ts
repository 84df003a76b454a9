import type * as tf from '@tensorflow/tfjs';
import { capability, type DiscreteTime, type ForwardProcess, type Time } from '@udm/core';

/** A process x_t = D(x0, t) of a deterministic degradation on discrete time (seed 002, eq. 55–56). */
export interface DegradingForward extends ForwardProcess {
  readonly time: DiscreteTime;
  /** D(x, t), shared or per-sample t. */
  degrade(x: tf.Tensor, t: Time): tf.Tensor;
}

/** The capability of cold (deterministic-degradation) processes. */
export const DEGRADATION = capability<DegradingForward>({
  name: 'degradation',
  subject: 'process',
  description: 'a deterministic degradation D(x, t) on discrete time',
  providedBy: 'a cold process (ColdProcess of @udm/cold or one implementing DegradingForward)',
  has: (p): p is DegradingForward =>
    typeof (p as Partial<DegradingForward> | null)?.degrade === 'function' &&
    (p as ForwardProcess).time?.kind === 'discrete',
});
