/** The outcome of one conformance check. */
export interface CheckResult {
  readonly name: string;
  readonly passed: boolean;
  /** What was measured, e.g. `max |ε − F⁻¹(x0, F(x0, ε))| = 3e-7 at t = 999`. */
  readonly detail: string;
}

/** Throws one error listing every failed check (does nothing when all passed). */
export function assertAllPassed(results: readonly CheckResult[]): void {
  const failed = results.filter((r) => !r.passed);
  if (failed.length > 0) {
    throw new Error(`conformance failed:\n${failed.map((r) => `  ✗ ${r.name}: ${r.detail}`).join('\n')}`);
  }
}
