import { SECONDS, type BenchCase } from './case.js';
import { exampleUdm, timeUdmTraining } from './example-udm.js';

/**
 * The masked-diffusion transformer of examples/names-masked, trained through core `train()`. No PyTorch reference:
 * ours only (a faithful one needs the SUBS/NELBO objective and the rotary transformer re-written in PyTorch).
 */
export const maskedTrain: BenchCase = {
  name: 'masked-transformer-train',
  description:
    'names-masked training step through core train(): transformer d 64, 4 heads, 3 layers, rotary, length 16, SUBS NELBO, Adam, batch 64 (ours only)',
  unit: 'steps/s',
  higherIsBetter: true,
  async ours() {
    const udm = exampleUdm('names-masked');
    const measured = await timeUdmTraining(udm, SECONDS);
    udm.dispose();
    return measured;
  },
};
