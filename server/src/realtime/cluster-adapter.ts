import { Logger } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { RedisConnection } from './redis-connection.js';

/** How long a broadcast waits for Redis before going out to this instance's sockets anyway. */
const PUBLISH_TIMEOUT_MS = 300;

type AdapterFactory = ReturnType<typeof createAdapter>;

/**
 * socket.io's Redis Streams adapter (broadcasts between instances, connection state recovery
 * across them), made to degrade instead of stall: the cluster adapter only delivers a broadcast
 * locally after Redis took it, so while Redis is away a publish that does not answer quickly is
 * treated as done. This instance's viewers keep getting everything; the other instance's catch
 * up through their own rejoin once Redis is back.
 */
export function resilientRedisAdapter(client: RedisConnection): AdapterFactory {
  const logger = new Logger('ClusterAdapter');
  const factory = createAdapter(client, { maxLen: 100_000 });
  // A plain function, not an arrow: socket.io calls it with `new`.
  return function adapterFor(namespace: Parameters<AdapterFactory>[0]) {
    const adapter = factory(namespace) as unknown as { doPublish(message: unknown): Promise<string> };
    const publish = adapter.doPublish.bind(adapter);
    adapter.doPublish = (message: unknown) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(''), PUBLISH_TIMEOUT_MS);
      });
      const published = publish(message).catch((error: Error) => {
        logger.warn(`Redis publish failed, delivering locally only: ${error.message}`);
        return '';
      });
      return Promise.race([published, timeout]).finally(() => clearTimeout(timer));
    };
    return adapter;
  } as unknown as AdapterFactory;
}
