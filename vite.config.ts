// Vite builds the SPA (src/client) into dist/; Vitest runs unit and integration tests
// (server tests in node, client tests in happy-dom where they need a DOM).
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: true,
    // Report, don't hide: the initial bundle has a budget (see README).
    chunkSizeWarningLimit: 800,
    // dist/.vite/manifest.json: scripts/bundle-report.ts checks the initial JS budget from it.
    manifest: true,
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on this 2-core machine (and CI's).
    // Most integration tests wait on sockets and timers, so two forks halve the wall time
    // (215 → 123 s for the whole suite; three gave 119 s). `test:pg` too: Kysely's migrator
    // used to read every schema of the shared PostgreSQL and failed when another test file
    // dropped its own meanwhile (db/scoped-postgres-dialect.ts).
    maxWorkers: 2,
  },
});
