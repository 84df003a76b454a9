import { distillTable, type DistillRunResult } from '@udm/gaussian';

/**
 * The rows of `udm distill` on MNIST as a Markdown table: the digit classifier's Fréchet distance, confidence and
 * class entropy per model; the last row scores real training digits (the floor).
 */
export function mnistDistillTable(result: Pick<DistillRunResult, 'rows' | 'reference'>): string {
  return distillTable(result, [
    { key: 'frechet', title: 'Fréchet distance', digits: 1 },
    { key: 'confidence', title: 'classifier confidence', digits: 3 },
    { key: 'classEntropy', title: 'class entropy (bits)', digits: 2 },
  ]);
}
