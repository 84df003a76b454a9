import { ContainerModule } from 'inversify';
import {
  AFFINE_GAUSSIAN,
  COEFFICIENT_RATES,
  contribution,
  INVERTIBLE,
  literal,
  numberIn,
  oneOf,
  required,
  struct,
  TOKENS,
  withDefault,
} from '@udm/core';
import { odeSamplerContribution } from '@udm/gaussian';
import {
  exactOtCoupling,
  independentCoupling,
  type MinibatchCoupling,
} from './coupling/minibatch-coupling.js';
import { CoupledFlowProcess } from './process/coupled-flow-process.js';
import { midpointSolver } from './solver/midpoint.js';

/** The couplings by kind (`process.coupling`). */
export const COUPLINGS: Readonly<Record<string, MinibatchCoupling>> = Object.freeze(
  Object.fromEntries([exactOtCoupling, independentCoupling].map((c) => [c.kind, c])),
);

/** `process.kind: "ot-cfm"`: the conditional OT path with a minibatch coupling of noise and data. */
export const otCfmProcess = contribution({
  kind: 'ot-cfm',
  description:
    'flow matching on the conditional OT path x_t = (1 − t) x0 + t ε with minibatch OT coupling (exact assignment) of the training noise',
  codec: struct('ot-cfm process', {
    kind: required(literal('ot-cfm')),
    coupling: withDefault(oneOf(Object.keys(COUPLINGS)), 'exact-ot'),
    tMin: withDefault(numberIn(0, 1, { hi: true }), 0),
  }),
  provides: [AFFINE_GAUSSIAN, INVERTIBLE, COEFFICIENT_RATES],
  create: (c) => new CoupledFlowProcess(COUPLINGS[c.coupling]!, c.tMin),
});

/** `sample.sampler.kind: "midpoint"`. */
export const midpointSampler = odeSamplerContribution(midpointSolver);

/** Binds the OT-CFM process and the midpoint sampler. Load it with `udm … --plugin` or next to `defaultModules()`. */
export const flowMatchingModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.ForwardProcess).toConstantValue(otCfmProcess);
  bind(TOKENS.Sampler).toConstantValue(midpointSampler);
});
