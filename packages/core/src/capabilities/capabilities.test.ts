import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AFFINE_GAUSSIAN,
  capability,
  checkRequirements,
  ConfigError,
  contribution,
  createUdm,
  DECODABLE_DATA,
  DISCRETE_TIME,
  hasAffineGaussian,
  INVERTIBLE,
  literal,
  required,
  requireCapability,
  satisfiesDeclared,
  struct,
  TOKEN_DATA,
  TOKENS,
  type ForwardProcess,
  type PosteriorDeps,
} from '../index.js';
import { LinearProcess, ShrinkProcess, toyModule, X0Posterior } from '../test-support/toy-plugin.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A capability a user's plugin defines for its own parts: "the process shrinks x0 towards 0". */
const SHRINKS = capability<ShrinkProcess>({
  name: 'toy-shrinks',
  subject: 'process',
  description: 'a shrinking forward map',
  providedBy: 'a process extending ShrinkProcess',
  has: (p): p is ShrinkProcess => p instanceof ShrinkProcess,
});

const shrinkOnlyPosterior = contribution({
  kind: 'toy-shrink-x0',
  description: 'x0 prediction that only works on shrinking processes',
  codec: struct('toy-shrink-x0 posterior', { kind: required(literal('toy-shrink-x0')) }),
  requires: [SHRINKS],
  create: (_c, deps: PosteriorDeps) => new X0Posterior(deps.network, deps.process),
});

/** Declares invertibility but builds a process without F_t⁻¹: a broken declaration. */
const lyingProcess = contribution({
  kind: 'toy-lying',
  description: 'declares a capability it lacks',
  codec: struct('toy-lying process', { kind: required(literal('toy-lying')) }),
  provides: [INVERTIBLE],
  create: () => new ShrinkProcess(10),
});

const extraModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.PosteriorModel).toConstantValue(shrinkOnlyPosterior);
  bind(TOKENS.ForwardProcess).toConstantValue(lyingProcess);
});

function config(process: string, posterior: string): Record<string, unknown> {
  return {
    seed: 1,
    data: { kind: 'toy-points' },
    process: { kind: process },
    network: { kind: 'toy-affine' },
    posterior: { kind: posterior },
    sample: { step: { kind: 'fresh-noise' }, steps: 3, count: 2 },
  };
}

describe('capabilities', () => {
  it('guards check the built part, not its class', () => {
    const linear: ForwardProcess = new LinearProcess(1);
    expect(INVERTIBLE.has(linear)).toBe(true);
    expect(INVERTIBLE.has(new ShrinkProcess(5))).toBe(false);
    expect(DISCRETE_TIME.has(new ShrinkProcess(5))).toBe(true);
    expect(DISCRETE_TIME.has(linear)).toBe(false);
    expect(hasAffineGaussian(linear)).toBe(false);
    expect(AFFINE_GAUSSIAN.has(null)).toBe(false);
    const tokens = { categories: 4, tokenizer: { vocabularySize: 4, decode: () => 'ab' } };
    expect(TOKEN_DATA.has({ train: tokens, heldOut: tokens })).toBe(true);
    expect(TOKEN_DATA.has({ train: { categories: 4 }, heldOut: { categories: 4 } })).toBe(false);
    expect(DECODABLE_DATA.has({ train: tokens, heldOut: tokens })).toBe(false);
  });

  it('requireCapability narrows or names the capability and what provides it', () => {
    const p = new LinearProcess(1);
    expect(requireCapability(INVERTIBLE, p, 'x')).toBe(p);
    expect(() => requireCapability(AFFINE_GAUSSIAN, p, 'posterior.kind: "epsilon"')).toThrow(ConfigError);
    expect(() => requireCapability(AFFINE_GAUSSIAN, p, 'posterior.kind: "epsilon"')).toThrow(
      /posterior\.kind: "epsilon" needs affine Gaussian coefficients α_t, σ_t .*capability "affine-gaussian", provided by a Gaussian process/,
    );
    expect(() => checkRequirements('w', [INVERTIBLE, DISCRETE_TIME], { process: p })).toThrow(
      /capability "discrete-time"/,
    );
    // Parts not built yet are not checked.
    expect(() => checkRequirements('w', [TOKEN_DATA], { process: p })).not.toThrow();
  });

  it('declarations alone tell which parts fit (by capability name)', () => {
    expect(satisfiesDeclared([INVERTIBLE], 'process', [INVERTIBLE])).toBe(true);
    expect(satisfiesDeclared([INVERTIBLE], 'process', [])).toBe(false);
    expect(satisfiesDeclared([INVERTIBLE], 'data', [])).toBe(true);
    expect(satisfiesDeclared([{ ...INVERTIBLE }], 'process', [INVERTIBLE])).toBe(true);
  });

  it('the composition root checks a plugin’s own capability before building the part', () => {
    const ok = createUdm(config('toy-shrink', 'toy-shrink-x0'), [toyModule, extraModule]);
    ok.dispose();
    let issues: readonly string[] = [];
    try {
      createUdm(config('toy-linear', 'toy-shrink-x0'), [toyModule, extraModule]);
    } catch (e) {
      issues = (e as ConfigError).issues;
    }
    expect(issues).toEqual([
      'posterior.kind: "toy-shrink-x0" needs a shrinking forward map (capability "toy-shrinks", provided by a ' +
        'process extending ShrinkProcess); process "toy-linear" does not provide it',
    ]);
  });

  it('a part that lacks a capability its contribution declares is an error', () => {
    expect(() => createUdm(config('toy-lying', 'toy-x0'), [toyModule, extraModule])).toThrow(
      /process\.kind: "toy-lying" declares capability "invertible" but the part it built lacks it/,
    );
  });

  it('builds and disposes without leaking tensors', () => {
    const before = tf.memory().numTensors;
    createUdm(config('toy-shrink', 'toy-shrink-x0'), [toyModule, extraModule]).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
