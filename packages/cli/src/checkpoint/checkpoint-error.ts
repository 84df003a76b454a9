/** A checkpoint file that cannot be used (wrong format, inconsistent metadata, tensors that do not fit the model). */
export class CheckpointError extends Error {
  constructor(
    readonly path: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${detail}`, options);
    this.name = 'CheckpointError';
  }
}
