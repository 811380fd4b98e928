import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// The client is built from client/ but commands run from the repo root
// (`vite build --config client/vite.config.ts`, `vitest --project client`), so every path
// here is absolute, never relative to the working directory.
const clientDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = fileURLToPath(new URL('..', import.meta.url));

// Tooling, not the app: the server's env schema does not cover the dev proxy target.
const apiTarget = `http://localhost:${process.env.API_PORT ?? '3000'}`;
const isVitest = process.env.VITEST !== undefined;

export default defineConfig({
  root: clientDir,
  // Beside the repo's node_modules, not in a client/node_modules of its own.
  cacheDir: `${repoDir}node_modules/.vite/client`,
  // configFile: false: all Svelte options live here, there is no svelte.config.js.
  plugins: [svelte({ configFile: false }), svelteTesting()],
  // Svelte's package exports its server build under the `node` condition; component tests
  // mount into jsdom, so they need the browser build.
  resolve: isVitest ? { conditions: ['browser'] } : undefined,
  build: {
    outDir: `${repoDir}dist/client`,
    emptyOutDir: true,
  },
  server: {
    // shared/ lives beside client/, outside the Vite root.
    fs: { allow: [repoDir] },
    // Host stays the dev server's, so the API's same-origin check on the WebSocket handshake
    // sees the page's own origin, as in production behind one host.
    proxy: {
      '/api': { target: apiTarget },
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
  test: {
    name: 'client',
    environment: 'jsdom',
    // Resolved against `dir`: the repo root, where vitest runs.
    dir: repoDir,
    include: ['client/src/**/*.test.ts'],
  },
});
