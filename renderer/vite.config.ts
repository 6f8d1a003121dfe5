import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The renderer is served from dist/renderer by `ketu serve` and by Electron's app protocol alike.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    sourcemap: true,
  },
  oxc: { jsx: { runtime: 'automatic' } },
});
