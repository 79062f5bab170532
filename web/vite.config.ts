/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, URL } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The emoji picker's data (Emojibase, from npm) for the UI's languages, served by WOXLY itself at
 * `/emojibase/<locale>/<file>.json` (the layout the picker reads) instead of from a CDN: no request
 * leaves the server, and the picker works where the internet does not. */
const EMOJIBASE_FILES = ['en/data.json', 'en/messages.json', 'ru/data.json', 'ru/messages.json'];
function emojibaseData(): Plugin {
  const resolve = createRequire(import.meta.url).resolve;
  const read = (file: string) => readFileSync(resolve(`emojibase-data/${file}`));
  return {
    name: 'woxly-emojibase-data',
    configureServer(dev) {
      dev.middlewares.use('/emojibase/', (request, response, next) => {
        const file = EMOJIBASE_FILES.find((known) => request.url === `/${known}`);
        if (!file) return next();
        response.setHeader('content-type', 'application/json');
        response.end(read(file));
      });
    },
    generateBundle() {
      for (const file of EMOJIBASE_FILES) this.emitFile({ type: 'asset', fileName: `emojibase/${file}`, source: read(file) });
    },
  };
}

// `npm run dev` serves the client with hot reload and forwards the API and Socket.IO to a server
// started with `make run` (or WOXLY_DEV_SERVER).
const server = process.env.WOXLY_DEV_SERVER ?? 'http://127.0.0.1:7878';

export default defineConfig({
  plugins: [react(), tailwindcss(), emojibaseData()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
  build: {
    // The framework apart from the app, so an app update does not re-download React.
    rollupOptions: { output: { manualChunks: { vendor: ['react', 'react-dom', 'react-router', 'motion'] } } },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
