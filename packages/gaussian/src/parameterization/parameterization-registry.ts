import { contribution, literal, Registry, required, struct } from '@udm/core';
import { epsilonParameterization } from './epsilon.js';
import { flowParameterization } from './flow.js';
import type { Parameterization } from './parameterization.js';
import { sampleParameterization } from './sample.js';
import { scoreParameterization } from './score.js';
import { vParameterization } from './v.js';

function entry(p: Parameterization) {
  return contribution({
    kind: p.kind,
    description: p.description,
    codec: struct(`${p.kind} parameterization`, { kind: required(literal(p.kind)) }),
    create: () => p,
  });
}

/** Every parameterization, one object each: ε, x0 (`sample`), v, score and flow-matching velocity. */
export const PARAMETERIZATIONS: readonly Parameterization[] = [
  epsilonParameterization,
  sampleParameterization,
  vParameterization,
  scoreParameterization,
  flowParameterization,
];

/** The parameterizations by kind (`epsilon`, `sample`, `v`, `score`, `flow`). */
export const parameterizationRegistry = new Registry<Parameterization, unknown>(
  'parameterization',
  PARAMETERIZATIONS.map(entry),
);

/** The parameterization of a kind; fails naming the known kinds. */
export function parameterizationOf(kind: string): Parameterization {
  return parameterizationRegistry.create({ kind }, undefined);
}
