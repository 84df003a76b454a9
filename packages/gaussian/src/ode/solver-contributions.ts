import { contribution, literal, Registry, required, struct } from '@udm/core';
import { dpmSolverPp2m } from './dpm-solver-pp-2m.js';
import { eulerSolver } from './euler.js';
import { heunSolver } from './heun.js';
import type { OdeSolver } from './ode-solver.js';

/** An ODE solver as a contribution (`{ kind }`): what a plugin binds to `GAUSSIAN_CHOICES.OdeSolver`. */
export function odeSolverContribution(s: OdeSolver) {
  return contribution({
    kind: s.kind,
    description: s.description,
    codec: struct(`${s.kind} solver`, { kind: required(literal(s.kind)) }),
    create: () => s,
  });
}

/** The built-in PF-ODE solvers as contributions (bound to `GAUSSIAN_CHOICES.OdeSolver`). */
export const odeSolverContributions = [eulerSolver, heunSolver, dpmSolverPp2m].map(odeSolverContribution);

/** The built-in PF-ODE solvers by kind: `euler`, `heun`, `dpmpp-2m`, for use without a container. */
export const odeSolverRegistry = new Registry<OdeSolver, unknown>('solver', odeSolverContributions);
