import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createUdm } from '@udm/core';
import { isGaussianProcess } from '@udm/gaussian';
import { runUdm } from '../test-support/run-udm.js';
import { defaultModules } from './default-modules.js';
import { importDiffusers } from '../test-support/family-commands.js';

// The scheduler_config.json files of well-known checkpoints on the Hugging Face Hub, written out as published.
/** google/ddpm-cifar10-32 (Ho et al.'s CIFAR-10 DDPM). */
const ddpmCifar10 = {
  _class_name: 'DDPMScheduler',
  _diffusers_version: '0.1.1',
  beta_end: 0.02,
  beta_schedule: 'linear',
  beta_start: 0.0001,
  clip_sample: true,
  num_train_timesteps: 1000,
  trained_betas: null,
  variance_type: 'fixed_large',
};
/** runwayml/stable-diffusion-v1-5, scheduler/scheduler_config.json (a PNDM/PLMS scheduler). */
const sd15 = {
  _class_name: 'PNDMScheduler',
  _diffusers_version: '0.6.0',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  num_train_timesteps: 1000,
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  trained_betas: null,
  clip_sample: false,
};
/** stabilityai/stable-diffusion-2-1, scheduler/scheduler_config.json (v-prediction). */
const sd21 = {
  _class_name: 'DDIMScheduler',
  _diffusers_version: '0.8.0',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  num_train_timesteps: 1000,
  prediction_type: 'v_prediction',
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  trained_betas: null,
};
/** stabilityai/stable-diffusion-xl-base-1.0, scheduler/scheduler_config.json. */
const sdxl = {
  _class_name: 'EulerDiscreteScheduler',
  _diffusers_version: '0.19.0.dev0',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  interpolation_type: 'linear',
  num_train_timesteps: 1000,
  prediction_type: 'epsilon',
  sample_max_value: 1.0,
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  timestep_spacing: 'leading',
  trained_betas: null,
  use_karras_sigmas: false,
};
/** A DPM-Solver++(2M) Karras setup as commonly saved (DPMSolverMultistepScheduler.from_config(…, use_karras_sigmas=True)). */
const dpmKarras = {
  _class_name: 'DPMSolverMultistepScheduler',
  _diffusers_version: '0.21.0',
  algorithm_type: 'dpmsolver++',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  dynamic_thresholding_ratio: 0.995,
  lower_order_final: true,
  num_train_timesteps: 1000,
  prediction_type: 'epsilon',
  sample_max_value: 1.0,
  solver_order: 2,
  solver_type: 'midpoint',
  steps_offset: 1,
  thresholding: false,
  timestep_spacing: 'linspace',
  trained_betas: null,
  use_karras_sigmas: true,
};

/** diffusers' ᾱ for scaled_linear / linear β, in float64. */
function diffusersAlphaBar(
  kind: 'scaled_linear' | 'linear',
  start: number,
  end: number,
  T: number,
): number[] {
  const betas = Array.from({ length: T }, (_, i) =>
    kind === 'linear'
      ? start + ((end - start) * i) / (T - 1)
      : (Math.sqrt(start) + ((Math.sqrt(end) - Math.sqrt(start)) * i) / (T - 1)) ** 2,
  );
  let p = 1;
  return betas.map((b) => (p *= 1 - b));
}

function alphaBarOf(sections: Record<string, unknown>): (t: number) => number {
  const config = {
    ...sections,
    data: { kind: 'two-moons', n: 64, heldOut: 16 },
    network: { kind: 'mlp', hidden: [4], timeEmbedding: 4 },
    sample: { ...(sections['sample'] as object), steps: 10, count: 4 },
  };
  const udm = createUdm(config, defaultModules());
  const process = udm.process;
  udm.dispose();
  if (!isGaussianProcess(process)) throw new Error('not Gaussian');
  return (t) => process.alpha(t) ** 2;
}

describe('udm import-diffusers', () => {
  it('DDPM on CIFAR-10: linear β, ε-prediction, DDPM step with fixed_large variance and clipping', () => {
    const { config, notes } = importDiffusers(ddpmCifar10);
    expect(config).toMatchObject({
      process: { kind: 'vp', T: 1000, schedule: { kind: 'linear', betaStart: 0.0001, betaEnd: 0.02 } },
      posterior: { kind: 'epsilon' },
      sample: {
        sampler: { kind: 'ancestral' },
        step: { kind: 'ddpm', variance: 'fixed_large', clipSample: true, clipSampleRange: 1 },
        grid: { kind: 'leading', stepsOffset: 0 },
      },
    });
    expect(notes).toEqual([]);
    const abar = alphaBarOf(config);
    const reference = diffusersAlphaBar('linear', 0.0001, 0.02, 1000);
    for (const t of [0, 250, 999]) expect(abar(t)).toBeCloseTo(reference[t]!, 12);
  });

  it('Stable Diffusion 2.1: scaled_linear, v-prediction, DDIM without set_alpha_to_one, leading + offset 1', () => {
    const { config } = importDiffusers(sd21);
    expect(config).toMatchObject({
      process: { schedule: { kind: 'scaled_linear', betaStart: 0.00085, betaEnd: 0.012 } },
      posterior: { kind: 'v' },
      sample: {
        sampler: { kind: 'ancestral' },
        step: { kind: 'ddim', eta: 0, setAlphaToOne: false, clipSample: false },
        grid: { kind: 'leading', stepsOffset: 1 },
      },
    });
    const abar = alphaBarOf(config);
    const reference = diffusersAlphaBar('scaled_linear', 0.00085, 0.012, 1000);
    for (const t of [0, 500, 999]) expect(abar(t)).toBeCloseTo(reference[t]!, 12);
  });

  it('SDXL: Euler discrete → the euler PF-ODE sampler on the leading grid', () => {
    const { config, notes } = importDiffusers(sdxl);
    expect(config).toMatchObject({
      posterior: { kind: 'epsilon' },
      sample: { sampler: { kind: 'euler' }, grid: { kind: 'leading', stepsOffset: 1 } },
    });
    expect(notes).toEqual([]);
  });

  it('DPM-Solver++(2M) with Karras σ: dpmpp-2m on the karras grid; unmapped fields are named', () => {
    const { config, notes } = importDiffusers(dpmKarras);
    expect(config).toMatchObject({
      sample: { sampler: { kind: 'dpmpp-2m' }, grid: { kind: 'karras', rho: 7 } },
    });
    expect(notes).toContain('lower_order_final: no equivalent; ignored');
    expect(notes).toContain('solver_type: no equivalent; ignored');
    expect(() => importDiffusers({ ...dpmKarras, solver_order: 3 })).toThrow(/solver_order: only 2/);
    expect(importDiffusers({ ...dpmKarras, algorithm_type: 'sde-dpmsolver++' }).config).toMatchObject({
      sample: { sampler: { kind: 'dpmpp-2m-sde' } },
    });
  });

  it('Stable Diffusion 1.5 (PNDM) names the classes it knows; --as reads it as one of them', () => {
    expect(() => importDiffusers(sd15)).toThrow(
      /_class_name: expected one of .*"DDIMScheduler".* got "PNDMScheduler" \(read it as one of them with --as/,
    );
    const { config, notes } = importDiffusers(sd15, { asClass: 'DDIMScheduler' });
    expect(config).toMatchObject({
      process: { schedule: { kind: 'scaled_linear' } },
      sample: { step: { kind: 'ddim', setAlphaToOne: false }, grid: { kind: 'leading', stepsOffset: 1 } },
    });
    expect(notes[0]).toBe('read as DDIMScheduler (the file says PNDMScheduler)');
  });

  it('trained_betas becomes an ᾱ table (float64); bad values are errors naming the field', () => {
    const betas = [0.1, 0.2, 0.3];
    const { config } = importDiffusers({
      _class_name: 'DDPMScheduler',
      num_train_timesteps: 3,
      trained_betas: betas,
    });
    const values = (config['process'] as { schedule: { values: number[] } }).schedule.values;
    expect(values[2]).toBeCloseTo(0.9 * 0.8 * 0.7, 15);
    expect(() => importDiffusers({ _class_name: 'DDPMScheduler', trained_betas: betas })).toThrow(
      /trained_betas: has 3 values, num_train_timesteps is 1000/,
    );
    expect(() => importDiffusers({ ...ddpmCifar10, beta_schedule: 'sigmoid' })).toThrow(
      /beta_schedule: expected one of "linear", "scaled_linear", "squaredcos_cap_v2", got "sigmoid"/,
    );
    expect(() => importDiffusers({ ...ddpmCifar10, prediction_type: 'x0' })).toThrow(
      /prediction_type: expected one of/,
    );
    expect(() => importDiffusers({ ...ddpmCifar10, beta_start: 2 })).toThrow(/process\.schedule\.betaStart/);
    expect(
      () => importDiffusers({ ...sd21, rescale_betas_zero_snr: true, timestep_spacing: 'trailing' }).config,
    ).not.toThrow();
  });
});

describe('udm import-diffusers (command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'udm-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the sections, or merges them into a config that then trains', async () => {
    const file = join(dir, 'scheduler_config.json');
    writeFileSync(file, JSON.stringify(sd21));
    const printed = JSON.parse((await runUdm('import-diffusers', file)).stdout) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(['process', 'posterior', 'sample']);
    const base = join(dir, 'base.json');
    writeFileSync(
      base,
      JSON.stringify({
        data: { kind: 'two-moons', n: 64, heldOut: 16 },
        process: { kind: 'vp' },
        network: { kind: 'mlp', hidden: [4], timeEmbedding: 4 },
        posterior: { kind: 'epsilon' },
        train: { steps: 2, batchSize: 8 },
        sample: { step: { kind: 'ddpm' }, steps: 3, count: 5 },
      }),
    );
    const out = join(dir, 'merged.json');
    const { stderr } = await runUdm('import-diffusers', file, '--config', base, '-o', out);
    expect(stderr).toContain(`wrote ${out}`);
    const merged = JSON.parse(readFileSync(out, 'utf8')) as {
      posterior: unknown;
      sample: Record<string, unknown>;
    };
    expect(merged.posterior).toEqual({ kind: 'v' });
    expect(merged.sample).toMatchObject({ steps: 3, count: 5, step: { kind: 'ddim' } });
    const trained = await runUdm('--backend', 'cpu', '--quiet', 'train', '-c', out, '-o', dir);
    expect(trained.stdout.trim()).toContain(dir);
  });
});
