/** What the page exposes on `window.udmDemo` for scripts and the end-to-end test. */
export interface DemoState {
  /** `loading` → `ready` → `sampling` → `done` (again `sampling` on the next click), or `error`. */
  status: 'loading' | 'ready' | 'sampling' | 'done' | 'error';
  /** The active tfjs backend (`tf.getBackend()`). */
  backend?: string;
  error?: string;
  /** Chain states drawn in the last run (x_T and one per step). */
  framesDrawn: number;
  /** The last run's x0, row-major [count, 2]. */
  points: number[];
  /** Wall time of the last live run: sampling, reading every step back and drawing it. */
  liveSeconds?: number;
  /** Live tensors after the last run (`tf.memory().numTensors`); stays put from run to run. */
  numTensors?: number;
  /** Times `udm.sample()` in one go (no drawing, no reads between steps) and returns seconds. */
  timeSampling?: (count: number, steps: number) => Promise<number>;
}

declare global {
  interface Window {
    udmDemo: DemoState;
  }
}
