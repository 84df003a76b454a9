import { decodeOrThrow, type KindConfig, type Udm } from '@udm/core';

/** What the sampling form chose: the sampler, the conditional step (with η where the step has one), the steps. */
export interface SamplingChoice {
  readonly sampler: KindConfig;
  readonly step: KindConfig;
  readonly steps: number;
  /** η when the chosen step takes one (DDIM), else undefined. */
  readonly eta?: number;
}

/** Whether a step kind takes `eta`: its codec (strict, as for a config file) accepts the field. */
export function stepTakesEta(udm: Udm, kind: string): boolean {
  try {
    decodeOrThrow(udm.registries.steps.codec(), { kind, eta: 0 }, 'sample.step');
    return true;
  } catch {
    return false;
  }
}

/** The config's own settings of a kind when the form keeps that kind (e.g. a DDIM step's clipping), else none. */
function configured(kind: string, config: { readonly kind: string }): Record<string, unknown> {
  return kind === config.kind ? { ...config } : { kind };
}

/**
 * The form's fields as validated configs, by the registries' own codecs (errors name the field): the config's
 * settings of the chosen sampler and step are kept when the form keeps their kinds; `eta` is used only when the step
 * takes it; `steps` must be a positive integer.
 */
export function samplingChoice(
  udm: Udm,
  fields: { readonly sampler: string; readonly step: string; readonly steps: string; readonly eta: string },
): SamplingChoice {
  const r = udm.registries;
  const c = udm.config.sample;
  const sampler = decodeOrThrow(r.samplers.codec(), configured(fields.sampler, c.sampler), 'sampler');
  const step = configured(fields.step, c.step);
  const steps = Number(fields.steps);
  if (fields.steps.trim() === '' || !Number.isSafeInteger(steps) || steps < 1)
    throw new RangeError(`steps: expected a positive integer, got '${fields.steps}'`);
  if (!stepTakesEta(udm, fields.step)) {
    delete step['eta'];
    return { sampler, step: decodeOrThrow(r.steps.codec(), step, 'step'), steps };
  }
  const eta = Number(fields.eta);
  if (fields.eta.trim() === '' || !Number.isFinite(eta))
    throw new RangeError(`η: expected a number, got '${fields.eta}'`);
  return { sampler, step: decodeOrThrow(r.steps.codec(), { ...step, eta }, 'step'), steps, eta };
}

/** `DDIM η=0.5, 50 steps` or `heun (PF-ODE), 25 steps`, as the pages caption a run. */
export function describeChoice(udm: Udm, choice: SamplingChoice): string {
  const usesStep = udm.registries.samplers.create(choice.sampler, { process: udm.process }).usesStep;
  const prefix = choice.sampler.kind === 'ancestral' ? '' : `${choice.sampler.kind} with `;
  const what = usesStep
    ? `${prefix}${choice.step.kind.toUpperCase()}${choice.eta === undefined ? '' : ` η=${choice.eta}`}`
    : `${choice.sampler.kind} (PF-ODE)`;
  return `${what}, ${choice.steps} steps`;
}
