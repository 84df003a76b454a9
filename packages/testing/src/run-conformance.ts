import { assertAllPassed, type CheckResult } from './check-result.js';
import { checkDeterminism } from './checks/determinism.js';
import { checkInvertibility } from './checks/invertibility.js';
import { checkMarginalConstraint } from './checks/marginal-constraint.js';
import { checkNoLeaks } from './checks/no-leaks.js';
import { checkOriginIdentity } from './checks/origin-identity.js';
import { checkShapes } from './checks/shapes.js';
import type { ConformanceSubject } from './subject.js';

/** Runs every conformance check on a plugin's process (and steps) and returns the results. */
export function runConformance(subject: ConformanceSubject): CheckResult[] {
  return [
    ...checkShapes(subject),
    ...checkOriginIdentity(subject),
    ...checkInvertibility(subject),
    ...checkDeterminism(subject),
    ...checkNoLeaks(subject),
    ...checkMarginalConstraint(subject),
  ];
}

/** Runs the conformance kit and throws one error listing the failed checks. Returns the results otherwise. */
export function expectConformance(subject: ConformanceSubject): CheckResult[] {
  const results = runConformance(subject);
  assertAllPassed(results);
  return results;
}
