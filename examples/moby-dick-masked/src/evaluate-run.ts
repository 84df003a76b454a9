import { runMain, scoreRunMain } from '@udm/example-text-kit';

/**
 * Scores a trained run (e.g. `udm train --config examples/moby-dick-masked/config.long.json`) on the held-out
 * chapters exactly as the example does: the count estimator, 4 draws per window (--times=N), the EMA weights.
 *   npx tsx src/evaluate-run.ts <run directory> [--raw] [--times=N] [--train]
 *   (--raw: the trained weights θ instead of the EMA θ̄; --train: score the training windows instead)
 */
runMain('evaluate-run', () => scoreRunMain(process.argv.slice(2), { unit: 'windows', timesPerSequence: 4 }));
