import { runMain, scoreRunMain } from '@udm/example-text-kit';
import { sampleNames } from './run-names.js';

/**
 * Scores a trained run (e.g. `udm train --config examples/names-masked/config.json`) on the held-out
 * names exactly as the example does: the count estimator, 16 draws per name (--times=N), the EMA weights.
 *   npx tsx src/evaluate-run.ts <run directory> [--raw] [--times=N] [--train] [--samples=N]
 *   (--raw: the trained weights θ instead of the EMA θ̄; --train: score the training names instead;
 *   --samples=N: also draw N names per sampler and print the example's sample statistics)
 */
runMain('evaluate-run', () =>
  scoreRunMain(process.argv.slice(2), {
    unit: 'names',
    timesPerSequence: 16,
    after: (udm, argv) => {
      const samples = argv.find((a) => a.startsWith('--samples='));
      if (!samples) return;
      const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
      for (const r of sampleNames(udm, Number(samples.slice(10))))
        console.log(
          `${r.step.kind} (${r.steps} steps, ${r.seconds.toFixed(1)} s): ${pct(r.novel)} novel, ${pct(r.inHeldOut)} held-out names, ` +
            `${pct(r.distinct)} distinct, ${pct(r.malformed)} malformed, unigram TV ${r.unigramTv.toFixed(3)}, bigram TV ${r.bigramTv.toFixed(3)}\n  ${r.shown.join(', ')}`,
        );
    },
  }),
);
