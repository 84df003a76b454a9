import { loadavg } from 'node:os';
import { selectBackend } from '@udm/backend-tfjs';
import { modelFromCheckpoint } from '@udm/cli';
import { deriveSeed, SeededRng, type Udm } from '@udm/core';
import { tokenSplit } from '@udm/data';
import { countEstimator, evaluateNelbo, isSubsPosterior } from '@udm/masked';

export interface ScoreRunOptions {
  /** What one sequence is called in the printed line ("names", "windows"). */
  readonly unit: string;
  /** Draws of the count estimator per sequence when `--times=N` is not given. */
  readonly timesPerSequence: number;
  /** More output after the score (e.g. sample statistics), given the model and the arguments. */
  readonly after?: (udm: Udm, argv: readonly string[]) => void | Promise<void>;
}

/**
 * The body of an example's `evaluate-run.ts`: scores a finished masked-diffusion run on the held-out split exactly as
 * the example does (count estimator, seed `eval`, EMA weights θ̄).
 *   evaluate-run.ts <run directory or checkpoint> [--raw] [--times=N] [--train]
 * `--raw`: the trained weights θ instead of θ̄; `--train`: score the training split instead.
 */
export async function scoreRunMain(argv: readonly string[], options: ScoreRunOptions): Promise<void> {
  const run = argv[0];
  if (!run || run.startsWith('--'))
    throw new Error('usage: evaluate-run.ts <run directory or checkpoint> [--raw] [--times=N] [--train]');
  const times = argv.find((a) => a.startsWith('--times='))?.slice(8);
  const timesPerSequence = times === undefined ? options.timesPerSequence : Number(times);
  if (!(Number.isSafeInteger(timesPerSequence) && timesPerSequence >= 1))
    throw new RangeError(`--times: expected a positive integer, got ${times}`);
  const raw = argv.includes('--raw');
  const onTrain = argv.includes('--train');
  await selectBackend({});
  const { udm, step } = await modelFromCheckpoint(run, { useEma: !raw });
  try {
    if (!isSubsPosterior(udm.posterior))
      throw new Error(`${run}: posterior.kind: expected the masked (SUBS) posterior`);
    const split = tokenSplit(udm);
    const scored = onTrain ? split.train : split.heldOut;
    const began = performance.now();
    const r = evaluateNelbo(udm.posterior, scored, {
      rng: new SeededRng(deriveSeed(udm.config.seed, 'eval')),
      timesPerSequence,
      padId: scored.tokenizer.padId,
      estimator: countEstimator,
    });
    console.log(
      `${run}: step ${step} (${raw ? 'trained' : 'EMA'} weights): ${onTrain ? 'training-set' : 'held-out'} NELBO ` +
        `${r.bitsPerChar.toFixed(3)} ± ${r.bitsPerCharStdError.toFixed(3)} bits/char over ${r.sequences} ${options.unit}, ` +
        `${r.characters} characters (${timesPerSequence} draws each; ${((performance.now() - began) / 1000).toFixed(0)} s; ` +
        `load average ${loadavg()
          .map((v) => v.toFixed(1))
          .join(', ')})`,
    );
    await options.after?.(udm, argv);
  } finally {
    udm.dispose();
  }
}
