import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The web app: static files in dist-web/ that work from any static host or a laptop without
// internet (relative paths, no CDN, no network requests at run time).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist-web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  server: { fs: { allow: ['..'] } },
});
