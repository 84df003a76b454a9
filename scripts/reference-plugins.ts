import { consistencyModule } from '@udm/consistency';
import { flowMatchingModule } from '@udm/flow-matching';
import type { ReferencePlugin } from '@udm/cli';

/**
 * The plugin packages of this repository that `udm` does not load by default, documented in
 * docs/reference/config-plugins.md (`npm run docs:config`; tests/reference-plugins.test.ts checks it is current).
 */
export const REFERENCE_PLUGINS: readonly ReferencePlugin[] = [
  {
    name: '@udm/flow-matching',
    path: 'packages/flow-matching/dist/index.js',
    module: flowMatchingModule,
  },
  {
    name: '@udm/consistency',
    path: 'packages/consistency/dist/index.js',
    module: consistencyModule,
  },
];
