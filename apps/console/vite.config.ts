/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built to static files that the NestJS api serves at `/` (client routes fall back to index.html).
// In development, `npm run dev` proxies /api to a locally running api.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': process.env.API_URL ?? 'http://localhost:3000' } },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
