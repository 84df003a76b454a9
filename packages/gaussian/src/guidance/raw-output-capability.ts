import { capability } from '@udm/core';
import type { RawOutputModel } from './classifier-free-guidance.js';

/** A posterior whose raw network output can be combined before it is read (classifier-free guidance needs it). */
export const RAW_OUTPUT = capability<RawOutputModel>({
  name: 'raw-output',
  subject: 'posterior',
  description: 'the raw network output NN_θ(x_t, t, y) and the parameterization that reads it',
  providedBy:
    'a Gaussian posterior of @udm/gaussian (posterior.kind of a parameterization, or learned-range)',
  has: (p): p is RawOutputModel => {
    const m = p as Partial<RawOutputModel> | null;
    return (
      typeof m?.output === 'function' &&
      typeof m.parameterization?.toPrediction === 'function' &&
      typeof m.process?.coefficients === 'function'
    );
  },
});
