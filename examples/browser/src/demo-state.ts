/** What the sampling page exposes on `window.udmDemo` for scripts and the end-to-end test. */
export interface DemoState {
  /**
   * `loading` → `ready` → `sampling` → `done` (again `sampling` on the next click), or `error`; loading a run from
   * files goes through `loading` again, and back to `ready` (or `error`, keeping the model that was loaded before).
   */
  status: 'loading' | 'ready' | 'sampling' | 'done' | 'error';
  /** The active tfjs backend (`tf.getBackend()`). */
  backend?: string;
  error?: string;
  /** The checkpoint the page samples: the shipped one's URL, or the name of the file the user chose. */
  model?: string;
  /** How the last run sampled, e.g. `DDIM η=0, 50 steps`. */
  sampling?: string;
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
