import { Logger } from '@nestjs/common';
import type { createClient } from 'redis';

export type RedisConnection = ReturnType<typeof createClient>;

const CONNECT_TIMEOUT_MS = 5000;

/**
 * The one Redis client of an instance (socket.io's adapter duplicates it for its readers).
 * Errors are logged, never thrown: while Redis is away each instance keeps serving its own
 * viewers, and the client reconnects by itself.
 */
export async function connectRedis(url: string): Promise<RedisConnection> {
  const logger = new Logger('Redis');
  // Loaded only when REDIS_URL is set: a single instance (the default) saves about 9 MB resident.
  const { createClient } = await import('redis');
  const client = createClient({
    url,
    socket: {
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
      connectTimeout: CONNECT_TIMEOUT_MS,
    },
  });
  let lastLogged = 0;
  client.on('error', (error: Error) => {
    // One line every 10 s at most while it is down.
    if (Date.now() - lastLogged > 10_000) logger.warn(`Redis: ${error.message}`);
    lastLogged = Date.now();
  });
  client.on('ready', () => logger.log('Redis connected'));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(`REDIS_URL is set but ${url} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`),
            ),
          CONNECT_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return client;
}
