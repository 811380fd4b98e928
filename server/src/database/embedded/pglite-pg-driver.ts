import { EventEmitter } from 'node:events';
import type { Results } from '@electric-sql/pglite';
import type { EmbeddedSession } from './embedded-worker.js';
import { ExclusiveLock } from './exclusive-lock.js';

/**
 * A `pg`-shaped driver over one PGlite instance, handed to TypeORM's postgres driver as its
 * `driver` option.
 *
 * Why not typeorm-pglite: it hands the same connection to every caller, so one request's
 * COMMIT also commits another request's open transaction, and a rolled-back row can stay.
 * PGlite has exactly one session, so here a pool of one connection is *locked* from
 * `connect()` until `release()`: a TypeORM query runner (and so a transaction, from BEGIN to
 * COMMIT/ROLLBACK) has the session alone, and everything else waits its turn.
 *
 * Consequence for callers: inside a transaction, use only the transaction's manager; asking
 * the data source for a second connection there would wait for itself.
 */

type Callback = (error: Error | null, result?: PgResult) => void;

/** The subset of node-postgres's result TypeORM reads. */
interface PgResult {
  command: string;
  rows: unknown[];
  rowCount: number;
  fields: { name: string; dataTypeID: number }[];
}

/** A wait this long for the session almost always means a nested query inside a transaction. */
const SLOW_LOCK_WARNING_MS = 10_000;

export interface PgliteDriver {
  Pool: new () => EventEmitter;
  /**
   * A consistent copy of the data folder (gzipped tar) while the app runs: taken with the
   * session held, after a CHECKPOINT, so no transaction is half-way and every committed row is
   * in the data files. Queries wait meanwhile.
   */
  snapshot: () => Promise<Blob>;
}

/**
 * @param opened the database being opened (see start-embedded-postgres.ts): queries wait for
 *   it, and fail with its error when it could not be opened.
 */
export function createPglitePgDriver(opened: Promise<EmbeddedSession>): PgliteDriver {
  // Observed here so a failed start is not an unhandled rejection; each query reports it.
  opened.catch(() => undefined);
  const exclusive = new ExclusiveLock();
  const lock = {
    acquire: async () => {
      const warning = setTimeout(() => {
        console.warn(
          `Embedded database: waited ${SLOW_LOCK_WARNING_MS / 1000} s for the session. A query outside the ` +
            "transaction's manager, made while the transaction is open, waits for itself (see pglite-pg-driver.ts).",
        );
      }, SLOW_LOCK_WARNING_MS);
      warning.unref();
      try {
        return await exclusive.acquire();
      } finally {
        clearTimeout(warning);
      }
    },
  };

  class PgliteClient extends EventEmitter {
    query(sql: string, params?: unknown[] | Callback, callback?: Callback): Promise<PgResult> {
      return runQuery(opened, sql, params, callback);
    }
  }

  class PglitePool extends EventEmitter {
    private ended = false;

    // node-postgres's pool counters, read by the metrics: one session, in use or idle.
    readonly totalCount = 1;
    get idleCount(): number {
      return exclusive.pending === 0 ? 1 : 0;
    }
    get waitingCount(): number {
      return Math.max(0, exclusive.pending - 1);
    }

    connect(
      callback?: (error: Error | null, client?: PgliteClient, release?: () => void) => void,
    ): Promise<PgliteClient> | undefined {
      const granted = lock.acquire().then((release) => {
        if (this.ended) {
          release();
          throw new Error('The embedded database has been closed.');
        }
        const client = Object.assign(new PgliteClient(), { release });
        return { client, release };
      });
      if (!callback) return granted.then(({ client }) => client);
      granted.then(
        ({ client, release }) => callback(null, client, release),
        (error: Error) => callback(error),
      );
      return undefined;
    }

    /** A one-off query outside any transaction: it takes the lock for itself. */
    async query(sql: string, params?: unknown[] | Callback, callback?: Callback): Promise<PgResult> {
      const release = await lock.acquire();
      try {
        return await runQuery(opened, sql, params, callback);
      } finally {
        release();
      }
    }

    end(callback?: (error?: Error | null) => void): Promise<void> {
      // Wait for the holder of the session to finish before closing it.
      const closed = lock.acquire().then(async (release) => {
        this.ended = true;
        try {
          // A database that never opened has nothing to close.
          const db = await opened.catch(() => null);
          if (db && !db.closed) await db.close();
        } finally {
          release();
        }
      });
      if (callback)
        closed.then(
          () => callback(null),
          (error: Error) => callback(error),
        );
      return closed;
    }
  }

  const snapshot = async (): Promise<Blob> => {
    const release = await lock.acquire();
    try {
      const db = await opened;
      await db.exec('CHECKPOINT');
      const dump = await db.dumpDataDir();
      return dump;
    } finally {
      release();
    }
  };

  return { Pool: PglitePool, snapshot };
}

async function runQuery(
  opened: Promise<EmbeddedSession>,
  sql: string,
  params: unknown[] | Callback | undefined,
  callback: Callback | undefined,
): Promise<PgResult> {
  const cb = typeof params === 'function' ? params : callback;
  const values = Array.isArray(params) ? params : [];
  try {
    const db = await opened;
    // Without parameters a string may hold several statements (migrations do); `exec` runs
    // them all and node-postgres reports the last one's result, so do the same.
    const results = values.length > 0 ? [await db.query(sql, values)] : await db.exec(sql);
    const result = toPgResult(sql, results.at(-1));
    cb?.(null, result);
    return result;
  } catch (error) {
    if (!cb) throw error;
    cb(error as Error);
    // The callback owns the error; the returned promise must not reject unobserved.
    return { command: '', rows: [], rowCount: 0, fields: [] };
  }
}

function toPgResult(sql: string, result: Results<unknown> | undefined): PgResult {
  // The statement's first keyword. node-postgres reports the main statement's tag (UPDATE for
  // `WITH … UPDATE`); nothing here depends on the difference, because the repositories read
  // the rows of a structured result (database/typed-sql.ts), which TypeORM fills whatever the tag.
  const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
  const rows = result?.rows ?? [];
  const rowCount =
    command === 'SELECT' || command === 'WITH' ? rows.length : (result?.affectedRows ?? rows.length);
  return { command, rows, rowCount, fields: result?.fields ?? [] };
}
