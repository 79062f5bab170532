/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves the client with hot reload and forwards the API and Socket.IO to a server
// started with `make run` (or WOXLY_DEV_SERVER).
const server = process.env.WOXLY_DEV_SERVER ?? 'http://127.0.0.1:7878';

export default defineConfig({
  plugins: [react(), tailwindcss()],
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
