import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('has defaults that start a development server on the embedded database', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      clockStart: null,
      clockRate: 1,
      nodeEnv: 'development',
    });
    expect(config.dataDir).toMatch(/data$/);
    expect(config.adminTokenGenerated).toBe(true);
    expect(config.adminToken.length).toBeGreaterThanOrEqual(16);
  });

  it('reads a rehearsal clock', () => {
    const config = loadConfig({ CLOCK_START: '2024-02-22T12:25:00+01:00', CLOCK_RATE: '60' });
    expect(config.clockStart?.toISOString()).toBe('2024-02-22T11:25:00.000Z');
    expect(config.clockRate).toBe(60);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ CLOCK_START: '2024-02-22 12:25' }, 'CLOCK_START'],
    [{ CLOCK_START: '2024-02-22T12:25:00' }, 'CLOCK_START'],
    [{ CLOCK_START: '2024-02-22T12:25:00Z', CLOCK_RATE: '0' }, 'CLOCK_RATE'],
    [{ CLOCK_RATE: '10' }, 'CLOCK_RATE'],
    [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN'],
    [{ NODE_ENV: 'production' }, 'ADMIN_TOKEN'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ ALLOWED_ORIGINS: 'https://example.org/' }, 'ALLOWED_ORIGINS'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ QUESTION_RETENTION_DAYS: '0' }, 'QUESTION_RETENTION_DAYS'],
    [{ QUESTION_RETENTION_DAYS: 'a year' }, 'QUESTION_RETENTION_DAYS'],
  ])('refuses %o with a message naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('keeps questions, text logs and open metrics unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({
      questionRetentionDays: null,
      logFormat: 'text',
      metricsToken: null,
    });
    expect(
      loadConfig({
        QUESTION_RETENTION_DAYS: '365',
        LOG_FORMAT: 'json',
        METRICS_TOKEN: 'metrics-token-0123456789',
      }),
    ).toMatchObject({
      questionRetentionDays: 365,
      logFormat: 'json',
      metricsToken: 'metrics-token-0123456789',
    });
  });

  it('turns the seed off with SEED_FILE=none', () => {
    expect(loadConfig({ SEED_FILE: 'none' }).seedFile).toBeNull();
  });
});
