import { contribution, literal, Registry, required, struct } from '@udm/core';
import { epsilonParameterization } from './epsilon.js';
import { flowParameterization } from './flow.js';
import type { Parameterization } from './parameterization.js';
import { sampleParameterization } from './sample.js';
import { scoreParameterization } from './score.js';
import { vParameterization } from './v.js';

/** A parameterization as a contribution (`{ kind }`, no fields): what a plugin binds to `GAUSSIAN_CHOICES.Parameterization`. */
export function parameterizationContribution(p: Parameterization) {
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

/** The built-in parameterizations as contributions (bound to `GAUSSIAN_CHOICES.Parameterization`). */
export const parameterizationContributions = PARAMETERIZATIONS.map(parameterizationContribution);

/** The built-in parameterizations by kind (`epsilon`, `sample`, `v`, `score`, `flow`), for use without a container. */
export const parameterizationRegistry = new Registry<Parameterization, unknown>(
  'parameterization',
  parameterizationContributions,
);

/** Every parameterization a registry holds (each built from its `{ kind }`). */
export function parameterizationsIn(registry: Registry<Parameterization, unknown>): Parameterization[] {
  return registry.kinds.length === 0
    ? []
    : registry.entries.map((e) => registry.create({ kind: e.kind }, undefined));
}

/** The parameterization of a kind; fails naming the known kinds. */
export function parameterizationOf(kind: string): Parameterization {
  return parameterizationRegistry.create({ kind }, undefined);
}
