import { ContainerModule } from 'inversify';
import { imageClassifierQuality } from './image-classifier-quality.js';
import { pointSampleQuality } from './point-sample-quality.js';
import { SAMPLE_QUALITY } from './sample-quality.js';

/** The bundled sample-quality yardsticks (`udm distill`); a user's plugin module binds more to `SAMPLE_QUALITY`. */
export const sampleQualityModule = new ContainerModule(({ bind }) => {
  bind(SAMPLE_QUALITY).toConstantValue(pointSampleQuality);
  bind(SAMPLE_QUALITY).toConstantValue(imageClassifierQuality());
});
