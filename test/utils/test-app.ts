import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../server/src/app.js';
import type { AppOverrides } from '../../server/src/app.module.js';
import type { AppConfig } from '../../server/src/config/app-config.js';
import { loadConfig } from '../../server/src/config/load-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  database: TestDatabase;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Stops the app; `keepDatabase` leaves the database for a restart test. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * Starts the whole application on port 0 against a fresh database (or `database`, to restart
 * on the same one). The seed is not loaded unless SEED_FILE is passed in `env`.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  database?: TestDatabase,
  overrides: AppOverrides = {},
): Promise<TestApp> {
  const db = database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    SEED_FILE: 'none',
    LOG_LEVEL: 'warn',
    CLIENT_DIR: '/nonexistent',
    PORT: '0',
    ...db.env,
    ...env,
  });
  const app = await createApp(config, { overrides });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    database: db,
    url: `http://127.0.0.1:${address.port}`,
    async close(options = {}) {
      await app.close();
      if (!options.keepDatabase) await db.drop();
    },
  };
}
