import { ContainerModule } from 'inversify';
import { EVALUATOR } from './evaluator.js';
import { gaussianNelboEvaluator } from './gaussian-nelbo-evaluator.js';
import { maskedNelboEvaluator } from './masked-nelbo-evaluator.js';
import { pointDistanceEvaluator } from './point-distance-evaluator.js';

/** The bundled evaluators of `udm eval` (a user's plugin module binds more to `EVALUATOR`). */
export const evaluatorsModule = new ContainerModule(({ bind }) => {
  bind(EVALUATOR).toConstantValue(gaussianNelboEvaluator);
  bind(EVALUATOR).toConstantValue(maskedNelboEvaluator);
  bind(EVALUATOR).toConstantValue(pointDistanceEvaluator);
});
