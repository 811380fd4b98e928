import { describe, expect, it } from 'vitest';
import { commandOf } from './pglite-pg-driver.js';

describe('commandOf (the command tag node-postgres would report)', () => {
  it.each([
    ['SELECT 1', 'SELECT'],
    ['  update question SET x = 1', 'UPDATE'],
    ['WITH c AS (INSERT INTO vote VALUES (1) RETURNING id) UPDATE question SET n = n + 1', 'UPDATE'],
    ["WITH a AS (SELECT ')' AS p), b AS (DELETE FROM t RETURNING id) SELECT * FROM a", 'SELECT'],
    ['WITH c AS (DELETE FROM vote RETURNING q) DELETE FROM question', 'DELETE'],
  ])('%s → %s', (sql, command) => {
    expect(commandOf(sql)).toBe(command);
  });
});
