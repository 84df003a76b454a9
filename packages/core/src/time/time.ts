/**
 * Diffusion time t. A single number is one time shared by the whole batch (sampling); a Float64Array holds one
 * time per sample (training). Times are host-side float64 values so that schedule tables are read in float64.
 */
export type Time = number | Float64Array;

/** One time per sample: broadcasts a shared time to `batch` entries, or checks the per-sample length. */
export function timesPerSample(t: Time, batch: number): Float64Array {
  if (typeof t === 'number') return new Float64Array(batch).fill(t);
  if (t.length !== batch) {
    throw new RangeError(`t: expected ${batch} per-sample times, got ${t.length}`);
  }
  return t;
}

/** Applies `f` to a shared time or to each per-sample time, keeping the form (number stays number). */
export function mapTime(t: Time, f: (v: number) => number): Time {
  return typeof t === 'number' ? f(t) : t.map(f);
}
