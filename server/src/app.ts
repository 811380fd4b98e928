import 'reflect-metadata';
import compression from 'compression';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { MAX_PROGRAMME_BYTES } from '../../shared/limits.js';
import { AppModule, type AppOverrides } from './app.module.js';
import { HttpErrorFilter } from './common/filters/http-error.filter.js';
import { JsonLogger } from './common/logging/json-logger.js';
import { requestIdMiddleware } from './common/logging/request-context.js';
import { MetricsService } from './modules/metrics/metrics.service.js';
import type { AppConfig } from './config/app-config.js';
import { resilientRedisAdapter } from './realtime/cluster-adapter.js';
import { LiveIoAdapter } from './realtime/live-io.adapter.js';
import { connectRedis } from './realtime/redis-connection.js';
import { clientSite } from './modules/site/client-site.js';
import { API_HEADERS } from './modules/site/page-policy.js';
import { StreamOriginsService } from './modules/site/stream-origins.service.js';

/** What main.ts leaves out and a test may give: providers to replace (see AppOverrides). */
export interface CreateAppOptions {
  overrides?: AppOverrides;
}

/** Builds the whole application (API, static client) without listening; main.ts and tests share it. */
export async function createApp(
  config: AppConfig,
  { overrides = {} }: CreateAppOptions = {},
): Promise<NestExpressApplication> {
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : null;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, redis, overrides), {
    bodyParser: false,
    logger: config.logFormat === 'json' ? new JsonLogger(loggerLevels(config)) : loggerLevels(config),
  });
  app.useWebSocketAdapter(new LiveIoAdapter(app, config, redis ? resilientRedisAdapter(redis) : null));
  if (config.trustProxy) app.set('trust proxy', true);
  app.useBodyParser('json', { limit: MAX_PROGRAMME_BYTES });
  app.useBodyParser('text', { limit: MAX_PROGRAMME_BYTES, type: 'text/plain' });
  // After the body parsers, so the request's async context is the one its handler runs in.
  app.use(requestIdMiddleware);
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  const metrics = app.get(MetricsService);
  app.useGlobalFilters(new HttpErrorFilter((code) => metrics.refusedRequest(code, 'http')));
  app.enableCors({ origin: config.allowedOrigins.includes('*') ? true : config.allowedOrigins });
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  // Every answer of the HTTP app (socket.io's never pass through here, see compressApi).
  app.use((_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use('/api', (_request: Request, response: Response, next: NextFunction) => {
    response.set(API_HEADERS);
    next();
  });
  app.use(compressApi());
  if (config.clientDir) {
    // Every non-API path gets index.html (client routing), the client's files their own.
    const streamOrigins = app.get(StreamOriginsService);
    app.use(
      clientSite({
        clientDir: config.clientDir,
        embedOrigins: config.embedOrigins,
        streamOrigins: () => streamOrigins.current(),
      }),
    );
  }
  return app;
}

/**
 * API answers (the event's programme, exports) compressed per response. The client's files
 * come precompressed from the build. socket.io never passes here (engine.io takes its requests
 * off the HTTP server first, and compresses long-polling itself); the filter says so again.
 */
function compressApi(): ReturnType<typeof compression> {
  return compression({
    threshold: 1024,
    filter: (request, response) => request.path.startsWith('/api/') && compression.filter(request, response),
  });
}

function loggerLevels(config: AppConfig): ('error' | 'warn' | 'log' | 'debug')[] {
  const order = ['error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, order.indexOf(config.logLevel) + 1);
}
