/** A stratum of integer times: start, …, end − 1. */
export interface TimeStratum {
  readonly start: number;
  readonly end: number;
}

/**
 * `count` strata of the indices a, …, b − 1 cut at the indices nearest to equally spaced quantiles of their mass
 * (`cumulative[i]` = mass of the indices before i), each at least one index wide.
 */
function quantileCuts(cumulative: Float64Array, a: number, b: number, count: number): number[] {
  const cuts = [a];
  const total = cumulative[b]! - cumulative[a]!;
  let i = a;
  for (let j = 1; j < count; j++) {
    const q = cumulative[a]! + (j / count) * total;
    while (i + 1 < b && cumulative[i + 1]! <= q) i++;
    const nearest = i + 1 <= b && cumulative[i + 1]! - q < q - cumulative[i]! ? i + 1 : i;
    cuts.push(Math.min(Math.max(nearest, cuts[j - 1]! + 1), b - (count - j)));
  }
  cuts.push(b);
  return cuts;
}

/** How many of `total` strata each run gets: ∝ its mass, at least 1, at most its length (largest remainders). */
function allocate(runs: ReadonlyArray<{ length: number; mass: number }>, total: number): number[] {
  const mass = runs.reduce((a, r) => a + r.mass, 0);
  const ideal = runs.map((r) => (total * r.mass) / mass);
  const out = runs.map((r, k) => Math.min(r.length, Math.max(1, Math.floor(ideal[k]!))));
  let left = total - out.reduce((a, v) => a + v, 0);
  while (left > 0) {
    let k = -1;
    for (let r = 0; r < runs.length; r++)
      if (out[r]! < runs[r]!.length && (k < 0 || ideal[r]! - out[r]! > ideal[k]! - out[k]!)) k = r;
    if (k < 0) break;
    out[k]!++;
    left--;
  }
  while (left < 0) {
    let k = -1;
    for (let r = 0; r < runs.length; r++)
      if (out[r]! > 1 && (k < 0 || out[r]! - ideal[r]! > out[k]! - ideal[k]!)) k = r;
    if (k < 0) break;
    out[k]!--;
    left++;
  }
  return out;
}

/**
 * Splits the integer times first, …, first + mass.length − 1 into `count` strata of about equal total `mass`
 * (mass[i] > 0 belongs to time first + i), each at least one time wide. A time heavier than a stratum's share
 * becomes a stratum of its own; the runs of times between such times share the other strata in proportion to
 * their mass, each cut at equally spaced quantiles of its mass. With `count` ≥ mass.length every time is its own
 * stratum.
 */
export function equalMassStrata(mass: ArrayLike<number>, first: number, count: number): TimeStratum[] {
  if (!(Number.isInteger(first) && first >= 0))
    throw new RangeError(`first: expected an integer ≥ 0, got ${first}`);
  if (mass.length < 1) throw new RangeError('mass: expected at least one time');
  if (!(Number.isInteger(count) && count >= 1))
    throw new RangeError(`count: expected a positive integer, got ${count}`);
  const size = mass.length;
  const cumulative = new Float64Array(size + 1);
  for (let i = 0; i < size; i++) {
    const m = mass[i]!;
    if (!(m > 0 && Number.isFinite(m)))
      throw new RangeError(`mass[${i}]: expected a finite number > 0, got ${m}`);
    cumulative[i + 1] = cumulative[i]! + m;
  }
  const n = Math.min(count, size);

  // The heavy times: heavier than the share of the strata left once the heavier ones have their own.
  const heavy = new Set<number>();
  for (;;) {
    let light = 0;
    for (let i = 0; i < size; i++) if (!heavy.has(i)) light += mass[i]!;
    const share = light / (n - heavy.size);
    const more: number[] = [];
    for (let i = 0; i < size; i++) if (!heavy.has(i) && mass[i]! > share) more.push(i);
    if (more.length === 0 || heavy.size + more.length >= n) break;
    for (const i of more) heavy.add(i);
  }
  const runsOf = () => {
    const runs: Array<{ start: number; end: number; length: number; mass: number }> = [];
    let start = 0;
    for (let i = 0; i <= size; i++) {
      if (i < size && !heavy.has(i)) continue;
      if (i > start)
        runs.push({ start, end: i, length: i - start, mass: cumulative[i]! - cumulative[start]! });
      start = i + 1;
    }
    return runs;
  };
  let runs = runsOf();
  // Each run needs a stratum: give up the lightest heavy times while there are too few strata for that.
  while (heavy.size + runs.length > n) {
    const lightest = [...heavy].reduce((a, i) => (mass[i]! < mass[a]! ? i : a));
    heavy.delete(lightest);
    runs = runsOf();
  }

  const counts = allocate(runs, n - heavy.size);
  const cuts = new Set<number>([0, size, ...[...heavy].flatMap((i) => [i, i + 1])]);
  runs.forEach((r, k) => quantileCuts(cumulative, r.start, r.end, counts[k]!).forEach((c) => cuts.add(c)));
  const sorted = [...cuts].sort((a, b) => a - b);
  return sorted.slice(0, -1).map((c, k) => ({ start: first + c, end: first + sorted[k + 1]! }));
}
