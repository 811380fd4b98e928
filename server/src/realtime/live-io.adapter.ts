import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import { MAX_SOCKET_PAYLOAD_BYTES } from '../../../shared/limits.js';
import type { AppConfig } from '../config/app-config.js';

/** How long a dropped client's missed packets are kept for it (connection state recovery). */
export const RECOVERY_WINDOW_MS = 2 * 60_000;

/**
 * socket.io as configured for us: bounded message size, origins checked on every handshake
 * (browsers always send Origin; tools without one are let through), and connection state
 * recovery so a brief drop replays what was missed. Authentication still runs on recovery.
 */
export class LiveIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    /** The Redis Streams adapter when REDIS_URL is set; null: socket.io's in-memory adapter. */
    private readonly clusterAdapter: ServerOptions['adapter'] | null,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const anyOrigin = this.config.allowedOrigins.includes('*');
    return super.createIOServer(port, {
      ...(options as ServerOptions),
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
      cors: { origin: anyOrigin ? true : this.config.allowedOrigins },
      allowRequest: (
        request: IncomingMessage,
        callback: (error: string | null | undefined, ok: boolean) => void,
      ) => {
        const origin = request.headers.origin;
        const allowed = anyOrigin || origin === undefined || this.config.allowedOrigins.includes(origin);
        callback(allowed ? null : 'origin/not_allowed', allowed);
      },
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
      ...(this.clusterAdapter ? { adapter: this.clusterAdapter } : {}),
    });
  }

  /**
   * Our gateway declares no message handler (LiveDispatcher answers every event), but NestJS
   * still calls this per connection; the base class would build a disconnect observable for
   * each socket all the same. Nothing to bind, nothing built.
   */
  override bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    const [, handlers] = args;
    if (handlers.length > 0) super.bindMessageHandlers(...args);
  }
}
