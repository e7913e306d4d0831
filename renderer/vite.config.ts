import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Vite's dev server injects CSS as <style> elements, which the page's `style-src 'self'` forbids.
 * Only `vite dev` relaxes it; the built page keeps the strict policy.
 */
function devStylePolicy(): Plugin {
  return {
    name: 'kubelab:dev-style-policy',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

/** `KUBELAB_BACKEND=http://127.0.0.1:PORT npm run dev:renderer` proxies the API to a running serve. */
const backend = process.env.KUBELAB_BACKEND;

export default defineConfig(({ command }) => {
  // A build is for users: React's production build and JSX runtime even when the caller runs
  // with NODE_ENV=test (vitest does, and the e2e suite builds the app from inside it). Vite
  // reads NODE_ENV after loading this file, so setting it here is what takes effect.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    // renderer/ itself; import.meta.dirname keeps this file free of Node imports (a layer rule).
    root: import.meta.dirname,
    // Relative asset URLs: the same build loads from Electron's app:// origin and from `kubelab serve`.
    base: './',
    plugins: [react(), devStylePolicy()],
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 1024,
    },
    server: {
      fs: { allow: ['..'] },
      proxy:
        backend === undefined
          ? undefined
          : {
              '/api': {
                target: backend,
                ws: true,
                changeOrigin: true,
                headers: { origin: backend },
              },
            },
    },
  };
});
