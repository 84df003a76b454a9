import type { ContainerModule } from 'inversify';
import { coldModule } from '@udm/cold';
import { dataModule } from '@udm/data';
import { gaussianModule } from '@udm/gaussian';
import { maskedModule } from '@udm/masked';
import { netsModule } from '@udm/nets';
import { evaluatorsModule } from '../eval/evaluators-module.js';
import { latentModule } from '../latent/latent-data.js';
import { sampleQualityModule } from '../eval/sample-quality-module.js';

/** The plugin modules the CLI loads by default. */
export function defaultModules(): ContainerModule[] {
  return [
    gaussianModule,
    coldModule,
    maskedModule,
    netsModule,
    dataModule,
    latentModule,
    evaluatorsModule,
    sampleQualityModule,
  ];
}
