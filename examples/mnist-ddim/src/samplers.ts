/**
 * A sampler of the comparison: a `sample.sampler` config (default the ancestral loop) with a conditional step (a
 * `sample.step` config, unused by the ODE samplers) on the trailing grid with `steps` moves.
 */
export interface SamplerSpec {
  /** File-name friendly id, e.g. `ddim-50`. */
  readonly id: string;
  readonly name: string;
  /** The `sample.sampler` config (default `{ kind: 'ancestral' }`: one `step` per move). */
  readonly sampler?: { readonly kind: string; readonly [field: string]: unknown };
  /** The `sample.step` config of the ancestral loop (default: the config's `sample.step`). */
  readonly step?: { readonly kind: string; readonly [field: string]: unknown };
  readonly steps: number;
  /** The `sample.grid` config (default: the config's, `trailing`). */
  readonly grid?: { readonly kind: string; readonly [field: string]: unknown };
  /** The conditioning ids to draw (default: all of `conditioningModes`); the long samplers draw fewer. */
  readonly modes?: readonly string[];
}

/**
 * DDIM with η = 0 on 50 and on 10 of the T = 1000 times, DDPM's ancestral step (β̃ variance) strided over 100 times
 * and on all 1,000 (unconditional only: 1,000 network passes per set), all clipping x̂0 to the data range [−1, 1]
 * (diffusers' `clip_sample`), and Heun's 2nd-order solver of the probability-flow ODE (no clipping) on 25 times
 * of the Karras grid (σ_t/α_t from 80 down, EDM's range; rounded to the discrete times, so repeats near t = 0 drop
 * out). Heun is not run on the trailing grid: it starts at t = 999 where the cosine schedule's σ/α is ~10^4, and
 * the trapezoid correction, scaled by α_s·σ_t/α_t, turns the network's small ε̂ differences into noise.
 */
export const SAMPLERS: readonly SamplerSpec[] = [
  { id: 'ddim-50', name: 'DDIM-50 (η = 0)', step: { kind: 'ddim', eta: 0, clipSample: true }, steps: 50 },
  { id: 'ddim-10', name: 'DDIM-10 (η = 0)', step: { kind: 'ddim', eta: 0, clipSample: true }, steps: 10 },
  { id: 'ddpm-100', name: 'DDPM-100 (strided)', step: { kind: 'ddpm', clipSample: true }, steps: 100 },
  {
    id: 'heun-25',
    name: 'Heun-25 (PF-ODE, Karras grid)',
    sampler: { kind: 'heun' },
    grid: { kind: 'karras' },
    steps: 25,
  },
  {
    id: 'ddpm-1000',
    name: 'DDPM-1000',
    step: { kind: 'ddpm', clipSample: true },
    steps: 1000,
    modes: ['unconditional'],
  },
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

/** The conditioning modes `sampler` draws. */
export function modesOf(sampler: SamplerSpec, guidanceScale: number): ConditioningMode[] {
  const all = conditioningModes(guidanceScale);
  return sampler.modes ? all.filter((m) => sampler.modes!.includes(m.id)) : all;
}

/** The samplers named in a comma-separated list of ids (e.g. `--samplers=ddim-10,heun-25`). */
export function selectSamplers(ids: string): SamplerSpec[] {
  return ids.split(',').map((id) => {
    const s = SAMPLERS.find((x) => x.id === id.trim());
    if (!s)
      throw new RangeError(
        `--samplers: expected ids among ${SAMPLERS.map((x) => x.id).join(', ')}, got "${id}"`,
      );
    return s;
  });
}
