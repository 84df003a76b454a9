import { ContainerModule } from 'inversify';
import { EVALUATOR } from './evaluator.js';
import { pointDistanceEvaluator } from './point-distance-evaluator.js';
import { pointSampleQuality } from './point-sample-quality.js';
import { SAMPLE_QUALITY } from './sample-quality.js';

/** Binds the point-data metrics: the `point-distance` evaluator and sample-quality yardstick. */
export const pointMetricsModule = new ContainerModule(({ bind }) => {
  bind(EVALUATOR).toConstantValue(pointDistanceEvaluator);
  bind(SAMPLE_QUALITY).toConstantValue(pointSampleQuality);
});
