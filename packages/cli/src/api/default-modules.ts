import type { ContainerModule } from 'inversify';
import { dataModule } from '@udm/data';
import { gaussianModule } from '@udm/gaussian';
import { netsModule } from '@udm/nets';

/** The plugin modules the CLI loads by default. */
export function defaultModules(): ContainerModule[] {
  return [gaussianModule, netsModule, dataModule];
}
