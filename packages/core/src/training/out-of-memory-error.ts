/** A run needs more memory than the backend can give: raised before allocating (estimate) or on the failure. */
export class OutOfMemoryError extends Error {
  constructor(
    message: string,
    /** Estimated bytes needed, when known. */
    readonly neededBytes?: number,
    /** Bytes available, when known. */
    readonly availableBytes?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutOfMemoryError';
  }
}

/**
 * What backends throw when an allocation fails: V8 (`Array buffer allocation failed`, `Invalid typed array length`),
 * wasm (`Cannot enlarge memory arrays`, `OOM`), WebGL (`Requested texture size … greater than WebGL maximum`) and
 * TensorFlow (`OOM when allocating tensor`, `ResourceExhausted`).
 */
const ALLOCATION_FAILURE =
  /allocation failed|invalid (typed )?array( buffer)? length|out of memory|\bOOM\b|cannot enlarge memory|greater than (the )?WebGL maximum|resource ?exhausted/i;

/** Whether `error` is a backend's (or the JS engine's) failure to allocate memory. */
export function isAllocationFailure(error: unknown): boolean {
  if (error instanceof OutOfMemoryError) return true;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return ALLOCATION_FAILURE.test(message);
}

/** Bytes as a short readable string: 512 B, 3.1 MB, 12.4 GB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${units[u]}`;
}
