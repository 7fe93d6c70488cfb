import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Browser suites start Chromium; two cores do not like more than two at once.
    maxWorkers: 2,
    // A throwaway PostgreSQL cluster for the storage suites (skipped when TEST_DATABASE_URL is set).
    globalSetup: ['test/helpers/pg-global-setup.ts'],
  },
})
