/** A sampler of the comparison: a conditional step (a `sample.step` config) on the trailing grid with `steps` moves. */
export interface SamplerSpec {
  /** File-name friendly id, e.g. `ddim-50`. */
  readonly id: string;
  readonly name: string;
  readonly step: { readonly kind: string; readonly [field: string]: unknown };
  readonly steps: number;
}

/**
 * DDIM with η = 0 on 50 of the T = 1000 times, and DDPM's ancestral step (β̃ variance) strided over 100 times; both
 * clip x̂0 to the data range [−1, 1] (diffusers' `clip_sample`).
 */
export const SAMPLERS: readonly SamplerSpec[] = [
  { id: 'ddim-50', name: 'DDIM-50 (η = 0)', step: { kind: 'ddim', eta: 0, clipSample: true }, steps: 50 },
  { id: 'ddpm-100', name: 'DDPM-100 (strided)', step: { kind: 'ddpm', clipSample: true }, steps: 100 },
];

/** How the class label is used: not at all (the null class), as is, or with classifier-free guidance of scale w. */
export interface ConditioningMode {
  readonly id: string;
  readonly name: string;
  readonly conditional: boolean;
  /** Guidance scale w (absent: no guidance, one network pass per step). */
  readonly guidanceScale?: number;
}

export function conditioningModes(guidanceScale: number): ConditioningMode[] {
  return [
    { id: 'unconditional', name: 'unconditional (null label)', conditional: false },
    { id: 'conditional', name: 'conditional, w = 1', conditional: true },
    { id: `cfg-${guidanceScale}`, name: `CFG, w = ${guidanceScale}`, conditional: true, guidanceScale },
  ];
}
