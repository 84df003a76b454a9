/** One benchmark case: our measurement and, optionally, the PyTorch reference doing the same work. */
export interface BenchCase {
  readonly name: string;
  readonly description: string;
  /** The unit of `value` and whether higher is better. */
  readonly unit: 'steps/s' | 's';
  readonly higherIsBetter: boolean;
  ours(): Promise<Measurement>;
  /** The reference script under bench/reference and its arguments (the thread count is appended). */
  readonly reference?: { readonly script: string; readonly args: readonly string[] };
  /** Reads the reference's JSON output into a measurement. */
  readReference?(json: Record<string, unknown>): Measurement;
}

export interface Measurement {
  readonly value: number;
  readonly details?: Record<string, unknown>;
}

export const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
