// The browser-safe part of @udm/cli (`@udm/cli/browser`): reading a checkpoint from bytes and restoring it into a
// model, without Node's file system. The file-based API (loadCheckpoint, sampleRun, …) stays in the main entry.
export { decodeCheckpoint, CHECKPOINT_FORMAT } from './checkpoint/decode-checkpoint.js';
export type { LoadedCheckpoint, CheckpointMeta } from './checkpoint/decode-checkpoint.js';
export { CheckpointError } from './checkpoint/checkpoint-error.js';
export { restoreCheckpoint, createFromCheckpoint } from './checkpoint/restore-checkpoint.js';
