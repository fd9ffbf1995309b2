import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

// The page is served by the Express app at `/` with its files under `/assets`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/admin/api': 'http://127.0.0.1:3000' },
  },
});
