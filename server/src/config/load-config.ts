import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_QA_OPENS_BEFORE_MINUTES } from '../../../shared/limits.js';
import { AppConfig } from './app-config.js';

/** Raised for a bad environment value; the message names the variable and what is expected. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), findUp());

/** The compiled file lives under dist/server/src/config, the source under server/src/config. */
function findUp(): string {
  return fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`) ? '../../../..' : '../../..';
}

export const DEFAULT_SEED_FILE = path.join(projectRoot, 'server/seed/esor-patient-communication-2024.txt');
const DEFAULT_CLIENT_DIR = path.join(projectRoot, 'dist/client');

type Env = Record<string, string | undefined>;

/** This is the only place in the server that reads `process.env`. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
  const adminToken = optional(env, 'ADMIN_TOKEN');
  if (adminToken !== null && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN', 'must be at least 16 characters long.');
  }
  if (adminToken === null && nodeEnv === 'production') {
    throw new ConfigError('ADMIN_TOKEN', 'must be set when NODE_ENV=production.');
  }
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const clockStart = instant(env, 'CLOCK_START');
  const clockRate = number(env, 'CLOCK_RATE', 1, 0.001, 10_000);
  if (clockStart === null && clockRate !== 1) {
    throw new ConfigError(
      'CLOCK_RATE',
      'only applies to a rehearsal clock: set CLOCK_START as well, or drop CLOCK_RATE.',
    );
  }
  const seed = env.SEED_FILE;
  const clientDir = optional(env, 'CLIENT_DIR') ?? DEFAULT_CLIENT_DIR;
  return new AppConfig({
    nodeEnv,
    host: optional(env, 'HOST') ?? '0.0.0.0',
    port,
    databaseUrl: databaseUrl(env),
    redisUrl: redisUrl(env),
    trustProxy: oneOf(env, 'TRUST_PROXY', ['true', 'false'], 'false') === 'true',
    dataDir: path.resolve(optional(env, 'DATA_DIR') ?? './data'),
    adminToken: adminToken ?? randomBytes(24).toString('base64url'),
    adminTokenGenerated: adminToken === null,
    clockStart,
    clockRate,
    qaOpensBeforeMinutes: integer(
      env,
      'QA_OPENS_BEFORE_MINUTES',
      DEFAULT_QA_OPENS_BEFORE_MINUTES,
      0,
      24 * 60,
    ),
    seedFile:
      seed === undefined
        ? DEFAULT_SEED_FILE
        : seed.trim() === '' || seed === 'none'
          ? null
          : path.resolve(seed),
    allowedOrigins: origins(env, port),
    embedOrigins: embedOrigins(env),
    clientDir: existsSync(clientDir) ? clientDir : null,
    addressRateLimitFactor: integer(env, 'RATE_LIMIT_ADDRESS_FACTOR', 1, 1, 1000),
    participantRateLimitFactor: integer(env, 'RATE_LIMIT_PARTICIPANT_FACTOR', 1, 1, 1000),
    voteFanout: oneOf(env, 'VOTE_FANOUT', ['batched', 'naive'], 'batched'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['error', 'warn', 'log', 'debug'], 'log'),
    attendanceRetentionYears: integer(env, 'ATTENDANCE_RETENTION_YEARS', 6, 1, 100),
    logFormat: oneOf(env, 'LOG_FORMAT', ['text', 'json'], 'text'),
    metricsToken: metricsToken(env),
    questionRetentionDays:
      optional(env, 'QUESTION_RETENTION_DAYS') === null
        ? null
        : integer(env, 'QUESTION_RETENTION_DAYS', 0, 1, 36_500),
  });
}

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}; got "${raw}".`);
  }
  return Number(raw);
}

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a number from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}

function instant(env: Env, name: string): Date | null {
  const raw = optional(env, name);
  if (raw === null) return null;
  // An instant needs its offset: "2024-02-22T12:25:00+01:00" or "...Z".
  const shaped = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw);
  const value = new Date(raw);
  if (!shaped || Number.isNaN(value.getTime())) {
    throw new ConfigError(
      name,
      `must be an ISO-8601 instant with an offset, like 2024-02-22T12:25:00+01:00; got "${raw}".`,
    );
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}; got "${raw}".`);
  }
  return raw as T;
}

function databaseUrl(env: Env): string | null {
  const raw = optional(env, 'DATABASE_URL');
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'must be a URL like postgres://user@host:5432/db.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must start with postgres:// ; got "${url.protocol}//".`);
  }
  return raw;
}

function metricsToken(env: Env): string | null {
  const token = optional(env, 'METRICS_TOKEN');
  if (token !== null && token.length < 16) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters long.');
  }
  return token;
}

function redisUrl(env: Env): string | null {
  const raw = optional(env, 'REDIS_URL');
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL', 'must be a URL like redis://host:6379.');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError('REDIS_URL', `must start with redis:// or rediss:// ; got "${url.protocol}//".`);
  }
  return raw;
}

/** Sites that may show the event pages in a frame; none unless listed. */
function embedOrigins(env: Env): string[] {
  const raw = optional(env, 'EMBED_ORIGINS');
  if (raw === null || raw === 'none') return [];
  const list = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of list) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    const web = parsed?.protocol === 'https:' || parsed?.protocol === 'http:';
    if (parsed?.origin !== origin || !web || origin.includes('*')) {
      throw new ConfigError(
        'EMBED_ORIGINS',
        `holds "${origin}", which is not an origin like https://society.example.org (no path, no trailing slash, no wildcard).`,
      );
    }
  }
  return list;
}

function origins(env: Env, port: number): string[] {
  const raw = optional(env, 'ALLOWED_ORIGINS');
  const list =
    raw === null
      ? [`http://localhost:${port}`, `http://127.0.0.1:${port}`, 'http://localhost:5173']
      : raw
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean);
  for (const origin of list) {
    if (origin === '*') continue;
    try {
      if (new URL(origin).origin !== origin) throw new Error();
    } catch {
      throw new ConfigError(
        'ALLOWED_ORIGINS',
        `holds "${origin}", which is not an origin like https://example.org (no path, no trailing slash).`,
      );
    }
  }
  return list;
}
