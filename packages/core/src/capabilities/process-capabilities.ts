import { isInvertible, type ForwardProcess, type InvertibleForward } from '../contracts/forward-process.js';
import type { DiscreteTime } from '../time/time-domain.js';
import { capability } from './capability.js';

/** A process whose F_t is invertible in ε (seed 002, the derivation of eq. 12). */
export const INVERTIBLE = capability<InvertibleForward>({
  name: 'invertible',
  subject: 'process',
  description: 'an invertible process (F_t⁻¹: ε recovered from x0 and x_t)',
  providedBy: 'a process implementing InvertibleForward (invertible: true, inverse), e.g. every Gaussian process',
  has: (p): p is InvertibleForward => isInvertible(p as ForwardProcess),
});

/** A process on discrete time t = 0..T−1. */
export interface DiscreteTimeForward extends ForwardProcess {
  readonly time: DiscreteTime;
}

/** A process on integer times 0..T−1 (sums over t, learned variances, importance sampling of t need them). */
export const DISCRETE_TIME = capability<DiscreteTimeForward>({
  name: 'discrete-time',
  subject: 'process',
  description: 'discrete time t = 0..T−1',
  providedBy: 'a process whose time domain is DiscreteTime',
  has: (p): p is DiscreteTimeForward => (p as ForwardProcess | null)?.time?.kind === 'discrete',
});
