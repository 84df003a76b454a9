import type { ContainerModule } from 'inversify';
import { coldModule } from '@udm/cold';
import { pointMetricsModule } from '@udm/core';
import { dataModule } from '@udm/data';
import { gaussianModule } from '@udm/gaussian';
import { maskedModule } from '@udm/masked';
import { latentModule } from '@udm/latent';
import { netsModule } from '@udm/nets';
import { imageQualityModule } from '@udm/testing';
import { uniformModule } from '@udm/uniform';

/**
 * The plugin modules the CLI loads by default. Each family's module brings its own evaluators and sample writers
 * (Gaussian NELBO, masked and uniform-state NELBO, text output); core's point metrics and the digit-classifier
 * yardstick of `@udm/testing` score samples.
 */
export function defaultModules(): ContainerModule[] {
  return [
    gaussianModule,
    coldModule,
    maskedModule,
    uniformModule,
    netsModule,
    dataModule,
    latentModule,
    pointMetricsModule,
    imageQualityModule,
  ];
}
