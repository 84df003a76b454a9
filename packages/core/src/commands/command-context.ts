import type { ContainerModule } from 'inversify';
import type { Udm, TrainingSnapshot } from '../di/udm.js';
import type { TrainingState } from '../training/training-state.js';

/**
 * How a long job reports progress: a bar on a terminal (plain lines when stderr is a pipe), JSON lines (`--json`) or
 * nothing (`--quiet`).
 */
export type ProgressMode = 'bar' | 'json' | 'quiet';

/** Progress of a long job on stderr, in the invocation's `ProgressMode`. */
export interface ProgressReporter {
  start(total: number, label: string): void;
  update(value: number, fields: Record<string, number>): void;
  stop(): void;
  /** A result or info line (JSON object in json mode, text otherwise; silent when quiet). */
  info(message: string, data?: Record<string, unknown>): void;
}

/** A model built from a checkpoint's config with its weights restored. The caller disposes `udm`. */
export interface CheckpointModel {
  readonly udm: Udm;
  /** The checkpoint file read. */
  readonly file: string;
  /** Its run directory (the file's directory). */
  readonly dir: string;
  /** Optimizer steps the checkpoint had trained. */
  readonly step: number;
  /** Whether the EMA weights θ̄ were loaded. */
  readonly ema: boolean;
}

/** A checkpoint file as read (untrusted input, checked by the reader): its config and training state. */
export interface StoredCheckpoint {
  readonly config: unknown;
  readonly snapshot: TrainingSnapshot;
  /** Frees the snapshot's tensors. */
  dispose(): void;
}

/**
 * What a contributed command (`CLI_COMMAND`) gets from the command line: the modules of the invocation, its output
 * mode, and the generic helpers every command shares (checkpoints, files, progress, the tensor backend). A command
 * computes; the context presents and stores.
 */
export interface CommandContext {
  /** The bundled modules and every `--plugin`: build models with these (`createUdm(config, context.modules)`). */
  readonly modules: readonly ContainerModule[];
  /** `--json` → `json`, `--quiet` → `quiet`, else `bar`. */
  readonly progress: ProgressMode;
  /** The run named by `[run]`, `-k` or `-r` (commands with `takesRun`; an error is reported when none is given). */
  readonly run: string | undefined;
  /** Loads the tensor backend chosen by `--backend` (or the default order); call once before tensor work. */
  selectBackend(): Promise<void>;
  /** A progress reporter on stderr in the invocation's mode. */
  reporter(): ProgressReporter;
  /** Writes the command's result to stdout: `{"event":"result", ...value}` with `--json`, `text` otherwise. */
  result(value: object, text: string): void;
  /** A note on stderr (an `info` JSON line with `--json`; nothing with `--quiet`). */
  note(message: string): void;
  /** Runs `job` with a signal that SIGINT / SIGTERM abort (stop after the current step, write a checkpoint). */
  withStopSignal<T>(job: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Reads a JSON file; errors name `what` (e.g. `--config`) and the path. */
  readJson(path: string, what: string): unknown;
  /** Writes a file atomically (temporary file and rename), creating its directory. */
  writeFile(path: string, contents: Uint8Array | string): Promise<void>;
  /** Whether a file exists. */
  exists(path: string): boolean;
  /** Joins path segments as the host does. */
  joinPath(...parts: string[]): string;
  /**
   * Builds the model a checkpoint (a file or a run directory) holds with `modules` and restores its weights (EMA
   * weights when `useEma`, default the config's `sample.useEma`); the optimizer state is not restored.
   */
  loadModel(path: string, options?: { readonly useEma?: boolean }): Promise<CheckpointModel>;
  /** Reads a checkpoint file's config and full training state (for resuming). */
  readCheckpoint(path: string): Promise<StoredCheckpoint>;
  /** Writes a training state and its config as a checkpoint file (atomically), as `udm train` does. */
  saveCheckpoint(path: string, state: TrainingState, config: unknown): Promise<void>;
  /** Bytes a run can still allocate (for `checkMemory`). */
  availableMemoryBytes(): number;
  /**
   * A PNG grid of the first samples when one item of shape `itemShape` is an image ([h, w] or [h, w, c] with 1 or 3
   * channels), drawn on the value range of `reference` (real data); undefined for other shapes.
   */
  samplesPng(
    samples: Float32Array,
    itemShape: readonly number[],
    reference: Float32Array,
  ): Uint8Array | undefined;
}
