/** What the training page exposes on `window.udmTrain` for scripts and the end-to-end test. */
export interface TrainState {
  /** `loading` → `ready` → `training` → `done` (or `stopped`), again `training` on the next start; or `error`. */
  status: 'loading' | 'ready' | 'training' | 'done' | 'stopped' | 'error';
  backend?: string;
  error?: string;
  /** Optimizer steps done in the current (or last) run. */
  step: number;
  /** Every step's loss in the current (or last) run. */
  losses: number[];
  /** Previews drawn in the current run, and the last one's samples (row-major [count, 2]). */
  previews: number;
  previewStep?: number;
  previewWeights?: 'current' | 'EMA';
  previewPoints: number[];
  /** The first preview's samples in the current run (to see that training changed them). */
  firstPreviewPoints: number[];
  stepsPerSecond?: number;
  /** Live tensors after the last run (`tf.memory().numTensors`, with the trained model kept for download). */
  numTensors?: number;
}

declare global {
  interface Window {
    udmTrain: TrainState;
  }
}
