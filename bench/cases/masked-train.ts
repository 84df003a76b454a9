import { SECONDS, type BenchCase } from './case.js';
import { exampleUdm, timeUdmTraining } from './example-udm.js';

/**
 * The masked-diffusion transformer of examples/names-masked, trained through core `train()`; the reference
 * (bench/reference/masked_train.py) is the same model, objective, optimizer, clipping and EMA in PyTorch.
 */
export const maskedTrain: BenchCase = {
  name: 'masked-transformer-train',
  description:
    'names-masked training step through core train(): transformer d 64, 4 heads, 3 layers, rotary, length 16, SUBS NELBO, AdamW, clip 1, EMA, batch 64',
  unit: 'steps/s',
  higherIsBetter: true,
  reference: { script: 'masked_train.py', args: [String(SECONDS)] },
  readReference: (j) => ({ value: Number(j['stepsPerSecond']), details: j }),
  async ours() {
    const udm = exampleUdm('names-masked');
    const measured = await timeUdmTraining(udm, SECONDS);
    udm.dispose();
    return measured;
  },
};
