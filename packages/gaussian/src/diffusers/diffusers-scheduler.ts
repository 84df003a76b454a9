import { ConfigError, type KindConfig } from '@udm/core';

/** The UDM-TS config sections a diffusers `scheduler_config.json` stands for. */
export interface DiffusersSchedulerSections {
  /** `{ kind: 'vp', T, schedule, rescaleZeroTerminalSnr }` (the training-time forward process). */
  readonly process: KindConfig & Record<string, unknown>;
  /** The parameterization (`epsilon`, `v`, `sample`), or `learned-range` over it. */
  readonly posterior: KindConfig & Record<string, unknown>;
  /** `sampler`, `step` and `grid` of the diffusers class (the step is a placeholder for PF-ODE samplers). */
  readonly sample: {
    readonly sampler: KindConfig & Record<string, unknown>;
    readonly step: KindConfig & Record<string, unknown>;
    readonly grid: KindConfig & Record<string, unknown>;
  };
  /** Fields read but without an equivalent, and choices the reader should know about. */
  readonly notes: readonly string[];
}

type Json = Record<string, unknown>;

/** Per-class defaults of the fields that differ between diffusers schedulers (diffusers ≥ 0.21). */
const CLASS_DEFAULTS: Readonly<Record<string, Json>> = {
  DDPMScheduler: { clip_sample: true, timestep_spacing: 'leading', variance_type: 'fixed_small' },
  DDIMScheduler: { clip_sample: true, timestep_spacing: 'leading', set_alpha_to_one: true },
  EulerDiscreteScheduler: { timestep_spacing: 'linspace', use_karras_sigmas: false },
  EulerAncestralDiscreteScheduler: { timestep_spacing: 'linspace' },
  DPMSolverMultistepScheduler: {
    timestep_spacing: 'linspace',
    use_karras_sigmas: false,
    algorithm_type: 'dpmsolver++',
    solver_order: 2,
  },
};

/** The samplers by diffusers class: ancestral with a DDPM / DDIM step, or a PF-ODE / SDE solver. */
const CLASS_SAMPLING: Readonly<Record<string, (c: Json) => { sampler: string; step: string }>> = {
  DDPMScheduler: () => ({ sampler: 'ancestral', step: 'ddpm' }),
  DDIMScheduler: () => ({ sampler: 'ancestral', step: 'ddim' }),
  EulerDiscreteScheduler: () => ({ sampler: 'euler', step: 'ddim' }),
  EulerAncestralDiscreteScheduler: () => ({ sampler: 'euler-ancestral', step: 'ddim' }),
  DPMSolverMultistepScheduler: (c) => {
    const algorithm = c['algorithm_type'];
    const order = c['solver_order'];
    if (order !== 2)
      throw new ConfigError([
        `solver_order: only 2 (DPM-Solver++(2M)) has an equivalent, got ${JSON.stringify(order)}`,
      ]);
    const sampler = DPM_ALGORITHMS[String(algorithm)];
    if (sampler === undefined)
      throw new ConfigError([
        `algorithm_type: expected one of ${Object.keys(DPM_ALGORITHMS)
          .map((k) => `"${k}"`)
          .join(', ')}, got ${JSON.stringify(algorithm)}`,
      ]);
    return { sampler, step: 'ddim' };
  },
};

const DPM_ALGORITHMS: Readonly<Record<string, string>> = {
  'dpmsolver++': 'dpmpp-2m',
  'sde-dpmsolver++': 'dpmpp-2m-sde',
};

const PREDICTIONS: Readonly<Record<string, string>> = {
  epsilon: 'epsilon',
  v_prediction: 'v',
  sample: 'sample',
};
const SCHEDULES = ['linear', 'scaled_linear', 'squaredcos_cap_v2'];
const SPACINGS = ['leading', 'trailing', 'linspace'];
const VARIANCES: Readonly<Record<string, string>> = {
  fixed_small: 'fixed_small',
  fixed_small_log: 'fixed_small',
  fixed_large: 'fixed_large',
  fixed_large_log: 'fixed_large',
  learned_range: 'learned_range',
};

/** Fields that only describe the file or a diffusers implementation detail without effect here. */
const INFORMATIONAL = new Set(['_class_name', '_diffusers_version', 'skip_prk_steps', 'interpolation_type']);

/** The fields this reader maps (anything else is reported in `notes` as ignored). */
const MAPPED = new Set([
  'num_train_timesteps',
  'beta_start',
  'beta_end',
  'beta_schedule',
  'trained_betas',
  'prediction_type',
  'timestep_spacing',
  'steps_offset',
  'clip_sample',
  'clip_sample_range',
  'thresholding',
  'dynamic_thresholding_ratio',
  'sample_max_value',
  'set_alpha_to_one',
  'rescale_betas_zero_snr',
  'use_karras_sigmas',
  'variance_type',
  'algorithm_type',
  'solver_order',
]);

function field<T>(c: Json, name: string, check: (v: unknown) => v is T, expected: string): T | undefined {
  const v = c[name];
  if (v === undefined || v === null) return undefined;
  if (!check(v)) throw new ConfigError([`${name}: expected ${expected}, got ${JSON.stringify(v)}`]);
  return v;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every(isNumber);

function oneOf(c: Json, name: string, allowed: readonly string[]): string | undefined {
  const v = field(c, name, isString, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  if (v !== undefined && !allowed.includes(v))
    throw new ConfigError([
      `${name}: expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got "${v}"`,
    ]);
  return v;
}

/** ᾱ_t = ∏_{s ≤ t} (1 − β_s) in float64, from diffusers' `trained_betas`. */
function alphasCumprodOf(betas: readonly number[]): number[] {
  let product = 1;
  return betas.map((b, i) => {
    if (!(b > 0 && b < 1))
      throw new ConfigError([`trained_betas[${i}]: expected a number in (0, 1), got ${b}`]);
    product *= 1 - b;
    return product;
  });
}

/**
 * Reads a diffusers scheduler config (`scheduler_config.json` of DDPMScheduler, DDIMScheduler, EulerDiscreteScheduler,
 * EulerAncestralDiscreteScheduler, DPMSolverMultistepScheduler) into our `process`, `posterior` and `sample` sections,
 * with diffusers' per-class defaults for absent fields. `asClass` reads the file as another class (for a class
 * without an equivalent, such as PNDMScheduler: its training fields are shared by all schedulers). A field with a
 * value we cannot represent is a ConfigError naming it; fields without an equivalent are listed in `notes`.
 */
export function fromDiffusersScheduler(raw: unknown, asClass?: string): DiffusersSchedulerSections {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError([`scheduler config: expected a JSON object, got ${JSON.stringify(raw)}`]);
  const given = raw as Json;
  const notes: string[] = [];
  const fileClass = field(given, '_class_name', isString, 'a diffusers class name');
  const className = asClass ?? fileClass;
  const known = Object.keys(CLASS_SAMPLING);
  if (className === undefined || CLASS_SAMPLING[className] === undefined)
    throw new ConfigError([
      `${asClass !== undefined ? 'as' : '_class_name'}: expected one of ${known.map((k) => `"${k}"`).join(', ')}, ` +
        `got ${JSON.stringify(className)}` +
        (asClass === undefined ? ' (read it as one of them with --as, e.g. --as DDIMScheduler)' : ''),
    ]);
  if (asClass !== undefined && fileClass !== asClass)
    notes.push(`read as ${asClass} (the file says ${fileClass ?? 'no class'})`);
  const c: Json = {
    ...CLASS_DEFAULTS[className],
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== null)),
  };

  const T =
    field(
      c,
      'num_train_timesteps',
      (v): v is number => Number.isSafeInteger(v) && (v as number) > 0,
      'a positive integer',
    ) ?? 1000;
  const trained = field(c, 'trained_betas', isNumbers, 'a non-empty list of numbers');
  let schedule: Json;
  if (trained !== undefined) {
    if (trained.length !== T)
      throw new ConfigError([`trained_betas: has ${trained.length} values, num_train_timesteps is ${T}`]);
    schedule = { kind: 'alphas_cumprod', values: alphasCumprodOf(trained) };
  } else {
    const kind = oneOf(c, 'beta_schedule', SCHEDULES) ?? 'linear';
    schedule =
      kind === 'squaredcos_cap_v2'
        ? { kind }
        : {
            kind,
            betaStart: field(c, 'beta_start', isNumber, 'a number') ?? 0.0001,
            betaEnd: field(c, 'beta_end', isNumber, 'a number') ?? 0.02,
          };
  }
  const process = {
    kind: 'vp',
    T,
    schedule,
    rescaleZeroTerminalSnr: field(c, 'rescale_betas_zero_snr', isBool, 'true or false') ?? false,
  };

  const prediction = PREDICTIONS[oneOf(c, 'prediction_type', Object.keys(PREDICTIONS)) ?? 'epsilon']!;
  const variance = VARIANCES[oneOf(c, 'variance_type', Object.keys(VARIANCES)) ?? 'fixed_small']!;
  const posterior =
    variance === 'learned_range'
      ? { kind: 'learned-range', prediction: { kind: prediction } }
      : { kind: prediction };

  const { sampler, step: stepKind } = CLASS_SAMPLING[className]!(c);
  const x0 = {
    clipSample: field(c, 'clip_sample', isBool, 'true or false') ?? false,
    clipSampleRange: field(c, 'clip_sample_range', isNumber, 'a number') ?? 1,
    thresholding: field(c, 'thresholding', isBool, 'true or false') ?? false,
    dynamicThresholdingRatio: field(c, 'dynamic_thresholding_ratio', isNumber, 'a number') ?? 0.995,
    sampleMaxValue: field(c, 'sample_max_value', isNumber, 'a number') ?? 1,
  };
  const step =
    stepKind === 'ddpm'
      ? { kind: 'ddpm', variance, ...x0 }
      : {
          kind: 'ddim',
          eta: 0,
          setAlphaToOne: field(c, 'set_alpha_to_one', isBool, 'true or false') ?? true,
          ...x0,
        };
  if (sampler !== 'ancestral' && (x0.clipSample || x0.thresholding))
    notes.push(
      `clip_sample / thresholding: ${className} does not process x̂0; the ${sampler} sampler does not either`,
    );

  const spacing = oneOf(c, 'timestep_spacing', SPACINGS) ?? 'leading';
  const stepsOffset =
    field(
      c,
      'steps_offset',
      (v): v is number => Number.isSafeInteger(v) && (v as number) >= 0,
      'a non-negative integer',
    ) ?? 0;
  const karras = field(c, 'use_karras_sigmas', isBool, 'true or false') ?? false;
  const grid = karras
    ? { kind: 'karras' }
    : spacing === 'leading'
      ? { kind: 'leading', stepsOffset }
      : { kind: spacing };
  if (karras) notes.push('use_karras_sigmas: the Karras σ grid replaces timestep_spacing, as in diffusers');
  else if (spacing !== 'leading' && stepsOffset !== 0)
    notes.push(`steps_offset: diffusers adds it to "leading" spacing only; ignored with "${spacing}"`);

  for (const name of Object.keys(given))
    if (!MAPPED.has(name) && !INFORMATIONAL.has(name)) notes.push(`${name}: no equivalent; ignored`);
  return { process, posterior, sample: { sampler: { kind: sampler }, step, grid }, notes };
}
