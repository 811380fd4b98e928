import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Projects:
 * - `unit`: pure code, specs beside the sources;
 * - `client`: Svelte components and state in jsdom (config in client/vite.config.ts);
 * - `integration-embedded` / `integration-postgres`: the same database-touching tests, once per
 *   engine; PostgreSQL runs when DATABASE_URL (or TEST_DATABASE_URL) is set;
 * - `e2e`: the built app in Debian's Chromium (added by scripts/test.mjs when Chromium exists).
 */
const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

function integration(engine: 'embedded' | 'postgres'): TestProjectInlineConfiguration {
  return {
    extends: false,
    test: {
      name: `integration-${engine}`,
      include: ['test/integration/**/*.test.ts'],
      environment: 'node',
      globalSetup: ['test/utils/global-setup.ts'],
      env: { TEST_DB_ENGINE: engine },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      {
        extends: false,
        test: {
          name: 'unit',
          include: ['server/src/**/*.spec.ts', 'shared/**/*.spec.ts'],
          environment: 'node',
        },
      },
      'client/vite.config.ts',
      integration('embedded'),
      ...(postgresUrl ? [integration('postgres')] : []),
      ...(process.env.E2E_CHROMIUM
        ? [
            {
              extends: false,
              test: {
                name: 'e2e',
                include: ['test/e2e/**/*.e2e.test.ts'],
                environment: 'node',
                // The embedded-database template, as for integration-embedded (startTestApp).
                globalSetup: ['test/utils/global-setup.ts'],
                env: { TEST_DB_ENGINE: 'embedded' },
                testTimeout: 60_000,
                hookTimeout: 120_000,
                // One browser at a time: the machine has two cores.
                fileParallelism: false,
              },
            } satisfies TestProjectInlineConfiguration,
          ]
        : []),
    ],
  },
});
