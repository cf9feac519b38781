import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

// The config lives in web/ but is run from the repository root (`npx vite build --config web/vite.config.ts`),
// so the root is pinned to this folder instead of the working directory.
const root = fileURLToPath(new URL('.', import.meta.url));

const config = {
  root,
  // @vitejs/plugin-react 6 targets Vite 8 and uses Oxc (no Babel), so it adds Fast Refresh at no extra cost.
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    // Same-origin in development too, so the session cookie and SSE work exactly as in production.
    proxy: {
      '/api': { target: 'http://localhost:8080' },
    },
  },
} satisfies UserConfig;

export default defineConfig(({ command }) => {
  // A build is always the production build: a NODE_ENV inherited from a test runner (Vitest sets
  // `test`, and the browser tests build web/dist through scripts/build-web.mjs) would otherwise give
  // React's development build and development JSX, which then stay in web/dist for `npm start`.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});
