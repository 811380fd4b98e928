import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonLogger, type JsonLogRecord } from './json-logger.js';
import { runWithRequestId } from './request-context.js';

describe('JsonLogger', () => {
  const lines: string[] = [];
  const logger = new JsonLogger(
    ['error', 'warn', 'log'],
    (line) => lines.push(line),
    () => new Date('2024-02-22T12:00:00Z'),
  );
  const records = () => lines.map((line) => JSON.parse(line) as JsonLogRecord);
  afterEach(() => {
    lines.length = 0;
    Logger.overrideLogger(false);
  });

  it('writes one object per line with time, level, context, message and the request id', () => {
    Logger.overrideLogger(logger);
    runWithRequestId('req-1', () => new Logger('Events').log('Published "a"\nwith a line break'));
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(lines[0].slice(0, -1)).not.toContain('\n');
    expect(records()[0]).toEqual({
      time: '2024-02-22T12:00:00.000Z',
      level: 'log',
      context: 'Events',
      message: 'Published "a"\nwith a line break',
      requestId: 'req-1',
    });
  });

  it('keeps an error stack in its own field and leaves out levels that are off', () => {
    Logger.overrideLogger(logger);
    const failure = new Error('boom');
    new Logger('Filter').error(failure);
    new Logger('Filter').error('failed', 'Error: failed\n    at here');
    new Logger('Filter').debug('not shown');
    const [first, second] = records();
    expect(first).toMatchObject({ level: 'error', context: 'Filter', message: 'boom', stack: failure.stack });
    expect(first.requestId).toBeUndefined();
    expect(second).toMatchObject({ message: 'failed', stack: 'Error: failed\n    at here' });
    expect(lines).toHaveLength(2);
  });

  it('survives values JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = { big: 10n };
    cyclic.self = cyclic;
    logger.warn(cyclic, 'Odd');
    logger.warn({ big: 10n }, 'Odd');
    expect(records()).toMatchObject([
      { level: 'warn', context: 'Odd', message: '[object Object]' },
      { level: 'warn', context: 'Odd', message: { big: '10' } },
    ]);
  });
});
