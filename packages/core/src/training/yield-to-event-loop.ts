/** How often a long loop lets the event loop run (signal handlers, progress redraws, timers). */
export const YIELD_INTERVAL_MS = 20;

function macrotask(): Promise<void> {
  // setImmediate (Node) lets pending I/O and signal callbacks run first; setTimeout elsewhere (browsers).
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * A function to await once per iteration of a long synchronous-heavy loop (a training step): at most every
 * `intervalMs` it yields to the event loop for one macrotask, so that a SIGINT/SIGTERM handler can abort the loop's
 * signal and progress output can redraw; otherwise it returns at once (a step costs nothing extra).
 */
export function eventLoopYielder(intervalMs = YIELD_INTERVAL_MS): () => Promise<void> {
  let last = performance.now();
  return async () => {
    const now = performance.now();
    if (now - last < intervalMs) return;
    await macrotask();
    last = performance.now();
  };
}
