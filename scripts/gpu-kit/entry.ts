// The GPU kit's program (bundled by scripts/gpu-kit/build.mjs): Dawn's globals first, then tfjs-backend-webgpu
// (bundled, so it shares the bundle's one tfjs engine; it registers 'webgpu' only if `navigator.gpu` exists when it
// is evaluated), then the bench (bench/run.ts), which reads BENCH_* from the environment as `npm run bench` does.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
const g = globalThis as { navigator?: { gpu?: unknown } };
if (g.navigator === undefined) g.navigator = { gpu: create([]) };
else Object.defineProperty(g.navigator, 'gpu', { value: create([]) });
await import('@tensorflow/tfjs-backend-webgpu');
await import('../../bench/run.js');
