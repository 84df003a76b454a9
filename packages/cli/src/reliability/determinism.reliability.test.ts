import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContainer, registriesOf, type Udm } from '@udm/core';
import { defaultModules } from '../api/default-modules.js';
import { composer, findBuildable, setPath } from './buildable.js';
import { tinyConfig } from './support.js';

/**
 * Same seed, same backend → bit-identical trained weights (θ and the EMA) and samples. Run for every registered
 * process and every registered conditional step (each on a combination that fits, found in the registries), plus the
 * configs listed in PLUGIN_CONFIGS — add a plugin's own config there with one line.
 */
const PLUGIN_CONFIGS: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  [
    'gaussian: vp, ε, DDPM ancestral',
    tinyConfig({ sample: { step: { kind: 'ddpm' }, steps: 20, count: 16 } }),
  ],
  [
    'gaussian: vp, ε, DDIM η = 0.5, trailing',
    tinyConfig({
      sample: { step: { kind: 'ddim', eta: 0.5 }, grid: { kind: 'trailing' }, steps: 8, count: 16 },
    }),
  ],
];
const TRAIN_STEPS = 3;

const modules = defaultModules();
const registries = registriesOf(createContainer(modules));
const compose = composer(modules);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Bytes of every weight, EMA weight and the samples of one independent build → train → sample. */
async function run(config: Record<string, unknown>): Promise<Record<string, number[]>> {
  const udm: Udm = compose(config);
  try {
    await udm.train({ steps: TRAIN_STEPS });
    const out: Record<string, number[]> = {};
    const bytes = (t: tf.Tensor): number[] => {
      const v = t.dataSync();
      return Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    };
    for (const [k, v] of udm.network.variables) out[`params.${k}`] = bytes(v);
    for (const [k, v] of udm.ema?.shadow ?? []) out[`ema.${k}`] = bytes(v);
    const { x0 } = udm.sample();
    out['samples'] = bytes(x0);
    x0.dispose();
    return out;
  } finally {
    udm.dispose();
  }
}

async function expectDeterministic(config: Record<string, unknown>): Promise<void> {
  const a = await run(structuredClone(config));
  const b = await run(structuredClone(config));
  expect(Object.keys(b)).toEqual(Object.keys(a));
  for (const k of Object.keys(a)) expect(b[k], k).toEqual(a[k]);
  // Not vacuous: another seed changes the result.
  const other = structuredClone(config);
  setPath(other, 'seed', (config['seed'] as number) + 1);
  const c = await run(other);
  expect(Object.keys(a).some((k) => JSON.stringify(c[k]) !== JSON.stringify(a[k]))).toBe(true);
}

const trainsAndSamples = async (udm: Udm): Promise<void> => {
  await udm.train({ steps: 1 });
  udm.sample({ steps: 2, count: 2 }).x0.dispose();
};

describe('same seed, same backend → bit-identical weights and samples', () => {
  for (const [label, config] of PLUGIN_CONFIGS) {
    it(label, async () => {
      await expectDeterministic(config);
    });
  }

  for (const [section, registry] of [
    ['process', registries.processes],
    ['sample.step', registries.steps],
  ] as const) {
    for (const { kind } of registry.entries) {
      it(`${section} "${kind}"`, async () => {
        const found = await findBuildable(modules, { section, kind }, trainsAndSamples, compose);
        expect(found, `no trainable combination for ${section} "${kind}"`).toBeDefined();
        await expectDeterministic(found!.config);
      });
    }
  }
});
