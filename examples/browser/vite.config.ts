import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// A static site of two pages: `vite build` writes dist/ (index.html: sample a checkpoint; train.html: train one in
// the tab; the bundles, the wasm files, the checkpoint and config from public/).
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        sample: fileURLToPath(new URL('index.html', import.meta.url)),
        train: fileURLToPath(new URL('train.html', import.meta.url)),
      },
    },
  },
});
