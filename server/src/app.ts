import 'reflect-metadata';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { MAX_PROGRAMME_BYTES } from '../../shared/limits.js';
import { AppModule } from './app.module.js';
import { HttpErrorFilter } from './common/filters/http-error.filter.js';
import { JsonLogger } from './common/logging/json-logger.js';
import { requestIdMiddleware } from './common/logging/request-context.js';
import { MetricsService } from './modules/metrics/metrics.service.js';
import type { AppConfig } from './config/app-config.js';
import { resilientRedisAdapter } from './realtime/cluster-adapter.js';
import { LiveIoAdapter } from './realtime/live-io.adapter.js';
import { connectRedis } from './realtime/redis-connection.js';

/** Builds the whole application (API, static client) without listening; main.ts and tests share it. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : null;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, redis), {
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
  if (config.clientDir) serveClient(app, config.clientDir);
  return app;
}

/** The built Svelte app from the same origin; every non-API path gets index.html (client routing). */
function serveClient(app: NestExpressApplication, clientDir: string): void {
  app.useStaticAssets(clientDir, { index: false, maxAge: '1h' });
  const indexFile = path.join(clientDir, 'index.html');
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isApi =
      request.path.startsWith('/api/') ||
      request.path === '/api' ||
      request.path === '/metrics' ||
      request.path.startsWith('/socket.io');
    if (request.method !== 'GET' || isApi || !request.accepts('html')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexFile);
  });
}

function loggerLevels(config: AppConfig): ('error' | 'warn' | 'log' | 'debug')[] {
  const order = ['error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, order.indexOf(config.logLevel) + 1);
}
