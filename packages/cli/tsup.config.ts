import { packageConfig } from '../../tsup.base.js';

export default packageConfig({ entry: ['src/index.ts', 'src/main.ts'], dts: { entry: 'src/index.ts' } });
