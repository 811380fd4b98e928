import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { describeForLog, statementShape } from './safe-error-log.js';

describe('describeForLog', () => {
  it('describes a failed query by SQLSTATE and shape, without parameters or the driver message', () => {
    const driverError = Object.assign(new Error('invalid input syntax for type uuid: "secret-value"'), {
      code: '22P02',
      detail: 'Key (secret_hash)=(abc123) already exists.',
    });
    const error = new QueryFailedError(
      "INSERT INTO grant_link (secret_hash, label)\n  VALUES ($1, 'Anna')",
      ['abc123', 'question text'],
      driverError,
    );
    const logged = describeForLog(error);
    expect(logged).toMatch(
      /^Database query failed \(SQLSTATE 22P02\): INSERT INTO grant_link \(secret_hash, label\) VALUES \(\$1, '\?'\)/,
    );
    expect(logged).not.toMatch(/secret-value|abc123|question text|Anna/);
  });

  it('keeps other errors’ names and messages', () => {
    expect(describeForLog(new TypeError('x is not a function'))).toMatch(/^TypeError: x is not a function/);
    expect(describeForLog('a string')).toBe('Non-error thrown: string');
  });

  it('cuts long statements', () => {
    expect(statementShape(`SELECT ${'a, '.repeat(200)}b`)).toHaveLength(301);
  });
});
