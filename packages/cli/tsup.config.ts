import { packageConfig } from '../../tsup.base.js';

export default packageConfig({
  entry: ['src/index.ts', 'src/main.ts', 'src/browser.ts'],
  dts: { entry: ['src/index.ts', 'src/browser.ts'] },
});
