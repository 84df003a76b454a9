import { contribution, literal, Registry, required, struct } from '@udm/core';
import { dpmSolverPp2m } from './dpm-solver-pp-2m.js';
import { eulerSolver } from './euler.js';
import { heunSolver } from './heun.js';
import type { OdeSolver } from './ode-solver.js';

function entry(s: OdeSolver) {
  return contribution({
    kind: s.kind,
    description: s.description,
    codec: struct(`${s.kind} solver`, { kind: required(literal(s.kind)) }),
    create: () => s,
  });
}

/** The PF-ODE solvers by kind: `euler`, `heun`, `dpmpp-2m`. */
export const odeSolverRegistry = new Registry<OdeSolver, unknown>(
  'solver',
  [eulerSolver, heunSolver, dpmSolverPp2m].map(entry),
);
