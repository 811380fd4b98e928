import { Logger } from '@nestjs/common';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/load-config.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('Main');
  logger.log(
    `Listening on http://localhost:${config.port} (database: ${config.databaseUrl ? 'PostgreSQL' : `embedded, in ${config.dataDir}`})`,
  );
  if (config.clockStart)
    logger.log(`Rehearsal clock started at ${config.clockStart.toISOString()} (rate ${config.clockRate})`);
  if (config.adminTokenGenerated) {
    logger.warn(`No ADMIN_TOKEN set; for this run the organizer token is: ${config.adminToken}`);
  }
}

void bootstrap();
