import { defineConfig } from 'vite';

// A static page: `vite build` writes dist/ (index.html, the bundle, the wasm files, the checkpoint from public/).
export default defineConfig({
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
