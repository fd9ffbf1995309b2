import { fileURLToPath } from 'node:url';

import { defineConfig, loadEnv } from 'vite';

import { devAppBridge } from './dev/dev-app-bridge';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

// The page is served by the Express app at `/` with its files under `/assets`. In development,
// `npm run dev:web` serves it on port 5173 and passes API calls to the app on port 3000.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, projectRoot, ['SHOPIFY_', 'PORT']);
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    base: '/',
    oxc: { jsx: { runtime: 'automatic' } },
    plugins: [devAppBridge({ apiKey: env.SHOPIFY_API_KEY, apiSecret: env.SHOPIFY_API_SECRET })],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      chunkSizeWarningLimit: 1500,
    },
    server: {
      port: 5173,
      strictPort: true,
      proxy: { '/admin/api': `http://127.0.0.1:${env.PORT ?? 3000}` },
    },
  };
});
