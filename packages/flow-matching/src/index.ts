export { flowMatchingModule, otCfmProcess, midpointSampler, COUPLINGS } from './flow-matching-module.js';
export { linearAssignment } from './assignment/linear-assignment.js';
export type { MinibatchCoupling } from './coupling/minibatch-coupling.js';
export { exactOtCoupling, independentCoupling, squaredDistances } from './coupling/minibatch-coupling.js';
export { CoupledFlowProcess } from './process/coupled-flow-process.js';
export { midpointSolver, velocity } from './solver/midpoint.js';
