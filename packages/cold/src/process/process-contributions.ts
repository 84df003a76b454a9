import {
  DISCRETE_TIME,
  IMAGE_DATA,
  ConfigError,
  contribution,
  literal,
  nonNegativeInt,
  numberIn,
  positiveInt,
  required,
  struct,
  withDefault,
  type ProcessDeps,
  type Registry,
} from '@udm/core';
import { degradationRegistry, type DegradationDeps } from '../degradations/degradation-contributions.js';
import type { Degradation } from '../degradations/degradation.js';
import { DegradedDataPrior } from '../prior/degraded-data-prior.js';
import { ColdProcess } from './cold-process.js';
import { DEGRADATION } from './degrading.js';

const priorCodec = struct('cold prior', {
  components: withDefault(positiveInt, 1),
  noise: withDefault(numberIn(0, 10), 0.002),
  fitSize: withDefault(positiveInt, 4096),
  jitter: withDefault(numberIn(0, 1, { lo: true }), 1e-4),
  seed: withDefault(nonNegativeInt, 0),
});

/** The `cold` process contribution choosing `process.degradation` among `degradations`' kinds. */
export function coldProcessWith(degradations: Registry<Degradation, DegradationDeps>) {
  return contribution({
    kind: 'cold',
    description:
      'cold diffusion x_t = D(x0, t) for a deterministic degradation (blur, pixelation); prior fitted to D(data, T)',
    codec: struct('cold process', {
      kind: required(literal('cold')),
      degradation: withDefault(degradations.codec(), { kind: 'gaussian-blur' }),
      prior: withDefault(priorCodec, {}),
    }),
    provides: [DEGRADATION, DISCRETE_TIME],
    requires: [IMAGE_DATA],
    create: (c, deps: ProcessDeps) => {
      if (deps.itemShape.length !== 3) {
        throw new ConfigError([
          `process.kind: "cold" needs image data [height, width, channels], got items of shape [${deps.itemShape.join(', ')}]`,
        ]);
      }
      const degradation = degradations.create(c.degradation, { itemShape: deps.itemShape });
      const prior = deps.data ? new DegradedDataPrior(degradation, deps.data, c.prior) : undefined;
      return new ColdProcess(degradation, prior);
    },
  });
}

/** `cold` with the built-in degradations (`coldModule` binds it over the container's). */
export const coldProcess = coldProcessWith(degradationRegistry);
