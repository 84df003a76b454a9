/** The discounts (D₁, D₂, D₃₊) of one order of a modified Kneser-Ney model: subtracted from counts 1, 2 and ≥ 3. */
export type KnDiscounts = readonly [number, number, number];

export interface KneserNeyOptions {
  /** n: the model conditions on the previous n − 1 ids (1: a unigram model). */
  readonly order: number;
  /** Sequence length L (ids are row-major [rows, L]); each row is coded on its own, from a start state. */
  readonly length: number;
  /** The ids 0..categories−1 the model predicts over, less `exclude`. */
  readonly categories: number;
  /** Ids never predicted (e.g. [MASK]); they get probability 0. */
  readonly exclude?: readonly number[];
  /**
   * Discounts per order, index 0 = unigrams … n − 1 = the full order (default: Chen & Goodman's estimates from
   * the count-of-counts, D_k = k − (k + 1)·Y·n_{k+1}/n_k with Y = n₁/(n₁ + 2n₂)).
   */
  readonly discounts?: readonly KnDiscounts[];
}

interface ContextStats {
  /** Σ of the (raw or continuation) counts in this context. */
  total: number;
  /** Number of distinct ids with count 1, 2, ≥ 3. */
  readonly n: [number, number, number];
  readonly counts: Map<number, number>;
}

/**
 * Interpolated modified Kneser-Ney (Chen & Goodman 1998) over the rows of a token set: the full order uses raw
 * counts, lower orders continuation counts N₁₊(• h w), and every order interpolates with the one below,
 *   p_m(w | h) = max(c(h w) − D_m(c), 0)/c(h) + γ(h)·p_{m−1}(w | h'),  γ(h) = Σ_k D_m,k·N_k(h •)/c(h),
 * down to the uniform distribution over the predicted ids. A context never seen backs off to p_{m−1} directly.
 * Each row starts after n − 1 start symbols, so the first ids of a row are coded with no context. Probabilities
 * are float64 and sum to 1 over the predicted ids for every context.
 */
export class KneserNey {
  readonly order: number;
  discounts: readonly KnDiscounts[]; // set once (constructor or withDiscounts)
  /** The predicted ids (all of 0..categories−1 but the excluded ones). */
  readonly vocabulary: readonly number[];
  private readonly base: number;
  private readonly start: number;
  private readonly tables: Map<number, ContextStats>[];
  private readonly excluded: Set<number>;

  constructor(
    rows: ArrayLike<number>,
    readonly options: KneserNeyOptions,
  ) {
    const { order: n, length: L, categories: V } = options;
    if (!(Number.isSafeInteger(n) && n >= 1 && n <= 8))
      throw new RangeError(`order: expected an integer in [1, 8], got ${n}`);
    if (!(Number.isSafeInteger(L) && L >= 1))
      throw new RangeError(`length: expected a positive integer, got ${L}`);
    if (!(Number.isSafeInteger(V) && V >= 1 && (V + 1) ** n < 2 ** 53))
      throw new RangeError(
        `categories: expected a positive integer with (categories + 1)^order < 2^53, got ${V}`,
      );
    if (rows.length % L !== 0)
      throw new RangeError(`rows: expected a multiple of length = ${L} ids, got ${rows.length}`);
    this.order = n;
    this.excluded = new Set(options.exclude ?? []);
    this.vocabulary = Array.from({ length: V }, (_, v) => v).filter((v) => !this.excluded.has(v));
    this.start = V;
    this.base = V + 1;
    // Raw counts of every m-gram (m = 1..n), keyed by Σ id_i·base^i with the predicted id at i = 0.
    const raw = Array.from({ length: n }, () => new Map<number, number>());
    for (let r = 0; r < rows.length; r += L) {
      for (let l = 0; l < L; l++) {
        const w = rows[r + l]!;
        if (!(Number.isInteger(w) && w >= 0 && w < V) || this.excluded.has(w))
          throw new RangeError(`rows[${r + l}]: expected a predicted id, got ${w}`);
        let key = w;
        let scale = this.base;
        for (let m = 1; m <= n; m++) {
          raw[m - 1]!.set(key, (raw[m - 1]!.get(key) ?? 0) + 1);
          const prev = l - m >= 0 ? rows[r + l - m]! : this.start;
          key += prev * scale;
          scale *= this.base;
        }
      }
    }
    // Order n: raw counts; order m < n: the number of distinct ids preceding each m-gram.
    const counted: Map<number, number>[] = raw.map((m, i) => (i === n - 1 ? m : new Map<number, number>()));
    for (let m = 1; m < n; m++) {
      const modulus = this.base ** m;
      const cont = counted[m - 1]!;
      for (const key of raw[m]!.keys()) {
        const suffix = key % modulus;
        cont.set(suffix, (cont.get(suffix) ?? 0) + 1);
      }
    }
    this.discounts = options.discounts ?? counted.map(estimateDiscounts);
    if (this.discounts.length !== n)
      throw new RangeError(`discounts: expected ${n} triples (one per order), got ${this.discounts.length}`);
    this.discounts.forEach((d, i) => {
      if (!d.every((x, k) => Number.isFinite(x) && x >= 0 && x <= k + 1))
        throw new RangeError(
          `discounts[${i}]: expected D_k in [0, k] for k = 1, 2, 3, got [${d.join(', ')}]`,
        );
    });
    this.tables = counted.map((grams) => {
      const byContext = new Map<number, ContextStats>();
      for (const [key, c] of grams) {
        const w = key % this.base;
        const ctx = Math.floor(key / this.base);
        let s = byContext.get(ctx);
        if (!s) byContext.set(ctx, (s = { total: 0, n: [0, 0, 0], counts: new Map() }));
        s.total += c;
        s.n[Math.min(c, 3) - 1]!++;
        s.counts.set(w, c);
      }
      return byContext;
    });
  }

  /** The same counts with other discounts (no recount: for tuning). */
  withDiscounts(discounts: readonly KnDiscounts[]): KneserNey {
    const copy = Object.create(KneserNey.prototype) as KneserNey;
    Object.assign(copy, this);
    copy.discounts = checkDiscounts(discounts, this.order);
    return copy;
  }

  /**
   * p(w | context): `context` holds the ids before w in its row, oldest first (fewer than n − 1 at a row's start;
   * only the last n − 1 are read).
   */
  probability(context: ArrayLike<number>, w: number): number {
    if (this.excluded.has(w) || !(w >= 0 && w < this.start)) return 0;
    const n = this.order;
    // ctxKeys[m] = the key of the last m ids (start symbols before the row), most recent at i = 0.
    let p = 1 / this.vocabulary.length;
    let key = 0;
    let scale = 1;
    const keys = [0];
    for (let m = 1; m < n; m++) {
      const i = context.length - m;
      key += (i >= 0 ? context[i]! : this.start) * scale;
      scale *= this.base;
      keys.push(key);
    }
    for (let m = 1; m <= n; m++) {
      const s = this.tables[m - 1]!.get(keys[m - 1]!);
      if (!s) continue;
      const c = s.counts.get(w) ?? 0;
      const D = this.discounts[m - 1]!;
      const gamma = (D[0] * s.n[0] + D[1] * s.n[1] + D[2] * s.n[2]) / s.total;
      p = Math.max(c - (c > 0 ? D[Math.min(c, 3) - 1]! : 0), 0) / s.total + gamma * p;
    }
    return p;
  }

  /** −Σ log₂ p over every position of every row (each row from its start state), in bits. */
  codeLength(rows: ArrayLike<number>): number {
    const L = this.options.length;
    if (rows.length % L !== 0)
      throw new RangeError(`rows: expected a multiple of length = ${L} ids, got ${rows.length}`);
    let bits = 0;
    const context: number[] = [];
    for (let r = 0; r < rows.length; r += L) {
      context.length = 0;
      for (let l = 0; l < L; l++) {
        const w = rows[r + l]!;
        bits -= Math.log2(this.probability(context, w));
        context.push(w);
        if (context.length >= this.order) context.shift();
      }
    }
    return bits;
  }
}

function checkDiscounts(discounts: readonly KnDiscounts[], n: number): readonly KnDiscounts[] {
  if (discounts.length !== n)
    throw new RangeError(`discounts: expected ${n} triples (one per order), got ${discounts.length}`);
  discounts.forEach((d, i) => {
    if (!(d.length === 3 && d.every((x, k) => Number.isFinite(x) && x >= 0 && x <= k + 1)))
      throw new RangeError(`discounts[${i}]: expected D_k in [0, k] for k = 1, 2, 3, got [${d.join(', ')}]`);
  });
  return discounts;
}

/** Chen & Goodman's discount estimates from the count-of-counts n₁…n₄ of one order (clamped to [0, k]). */
function estimateDiscounts(grams: Map<number, number>): KnDiscounts {
  const nk = [0, 0, 0, 0];
  for (const c of grams.values()) if (c <= 4) nk[c - 1]!++;
  const [n1, n2, n3, n4] = nk as [number, number, number, number];
  if (n1 === 0 || n2 === 0) return [0.5, 1, 1.5];
  const Y = n1 / (n1 + 2 * n2);
  const d = (k: number, a: number, b: number) =>
    a > 0 ? Math.min(k, Math.max(0, k - (k + 1) * Y * (b / a))) : Math.min(k, 0.5 * k);
  return [d(1, n1, n2), d(2, n2, n3), d(3, n3, n4)];
}
