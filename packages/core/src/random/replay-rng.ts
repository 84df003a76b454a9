import type { Rng, RngState } from './rng.js';

/**
 * An `Rng` that hands out caller-supplied normal draws, in order, for parity tests against another
 * implementation (e.g. feeding the exact noise PyTorch drew). Uniform draws are delegated to `fallback`
 * when given, and are an error otherwise, so a test notices when a code path draws something unexpected.
 */
export class ReplayRng implements Rng {
  private queue: Float64Array[];
  private offset = 0;

  constructor(
    normals: ReadonlyArray<ArrayLike<number>>,
    private readonly fallback?: Rng,
  ) {
    this.queue = normals.map((a) => Float64Array.from(a));
  }

  normals(n: number): Float64Array {
    const head = this.queue[0];
    if (head === undefined) {
      throw new Error(`ReplayRng: asked for ${n} normals but the supplied noise is exhausted`);
    }
    if (head.length - this.offset < n) {
      throw new Error(
        `ReplayRng: asked for ${n} normals but the next supplied array has ${head.length - this.offset} left`,
      );
    }
    const out = head.slice(this.offset, this.offset + n);
    this.offset += n;
    if (this.offset === head.length) {
      this.queue.shift();
      this.offset = 0;
    }
    return out;
  }

  /** How many supplied arrays are not yet fully consumed. */
  get remaining(): number {
    return this.queue.length;
  }

  uniform(): number {
    return this.need().uniform();
  }

  uniforms(n: number): Float64Array {
    return this.need().uniforms(n);
  }

  int(n: number): number {
    return this.need().int(n);
  }

  getState(): RngState {
    return this.need().getState();
  }

  setState(state: RngState): void {
    this.need().setState(state);
  }

  private need(): Rng {
    if (!this.fallback)
      throw new Error('ReplayRng: a uniform draw was requested but no fallback Rng was given');
    return this.fallback;
  }
}
