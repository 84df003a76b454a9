import { loadavg } from 'node:os';
import { selectBackend } from '@udm/backend-tfjs';
import { modelFromCheckpoint } from '@udm/cli';
import { deriveSeed, SeededRng } from '@udm/core';
import { tokenSplit } from '@udm/data';
import { countEstimator, evaluateNelbo, type SubsPosterior } from '@udm/masked';
import { sampleNames } from './run-names.js';

/**
 * Scores a trained run (e.g. `udm train --config examples/names-masked/config.json`) on the held-out
 * names exactly as the example does: the count estimator, 16 draws per name (--times=N), the EMA weights.
 *   npx tsx src/evaluate-run.ts <run directory> [--raw] [--times=N] [--train] [--samples=N]
 *   (--raw: the trained weights θ instead of the EMA θ̄; --train: score the training names instead;
 *   --samples=N: also draw N names per sampler and print the example's sample statistics)
 */
async function main(): Promise<void> {
  const run = process.argv[2];
  if (!run) throw new Error('usage: evaluate-run.ts <run directory or checkpoint>');
  await selectBackend({});
  const raw = process.argv.includes('--raw');
  const { udm, step } = await modelFromCheckpoint(run, { useEma: !raw });
  try {
    const split = tokenSplit(udm);
    const heldOut = process.argv.includes('--train') ? split.train : split.heldOut;
    const began = performance.now();
    const r = evaluateNelbo(udm.posterior as SubsPosterior, heldOut, {
      rng: new SeededRng(deriveSeed(udm.config.seed, 'eval')),
      timesPerSequence: Number(process.argv.find((a) => a.startsWith('--times='))?.slice(8) ?? 16),
      padId: heldOut.tokenizer.padId,
      estimator: countEstimator,
    });
    console.log(
      `${run}: step ${step} (${raw ? 'trained' : 'EMA'} weights): ${process.argv.includes('--train') ? 'training-set' : 'held-out'} NELBO ${r.bitsPerChar.toFixed(3)} ± ` +
        `${r.bitsPerCharStdError.toFixed(3)} bits/char over ${r.sequences} names, ${r.characters} characters ` +
        `(${((performance.now() - began) / 1000).toFixed(0)} s; load average ${loadavg()
          .map((v) => v.toFixed(1))
          .join(', ')})`,
    );
    const samples = process.argv.find((a) => a.startsWith('--samples='));
    if (samples) {
      for (const r of sampleNames(udm, Number(samples.slice(10)))) {
        const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
        console.log(
          `${r.step.kind} (${r.steps} steps, ${r.seconds.toFixed(1)} s): ${pct(r.novel)} novel, ${pct(r.inHeldOut)} held-out names, ` +
            `${pct(r.distinct)} distinct, ${pct(r.malformed)} malformed, unigram TV ${r.unigramTv.toFixed(3)}, bigram TV ${r.bigramTv.toFixed(3)}\n  ${r.shown.join(', ')}`,
        );
      }
    }
  } finally {
    udm.dispose();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
