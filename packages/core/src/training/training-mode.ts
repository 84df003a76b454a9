import type { Network } from '../contracts/network.js';
import type { Rng } from '../random/rng.js';

/** Runs `f` with the network in training mode (its stochastic layers drawing from `rng`), then leaves it. */
export function inTrainingMode<T>(network: Pick<Network, 'setTraining'>, rng: Rng, f: () => T): T {
  network.setTraining?.(rng);
  try {
    return f();
  } finally {
    network.setTraining?.(undefined);
  }
}
