import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Results } from '@electric-sql/pglite';

/**
 * The embedded PostgreSQL, run in a worker thread.
 *
 * Why a thread: PGlite is PostgreSQL compiled to WebAssembly, and it answers synchronously
 * (`execProtocolRawSync`). On the server's own thread every statement held the event loop:
 * a CPU profile at 1,000 viewers and 200 votes/s gave 25 of the server's 44 busy seconds to
 * it, so sockets, acks and batches waited behind SQL. In a worker the statements run on the
 * second core and the loop only pays for a message each way.
 *
 * The protocol is one request, one reply, matched by id. The driver (pglite-pg-driver.ts)
 * still holds the session lock on the main thread, so the worker never sees two transactions
 * interleave; it runs what it is sent, in order.
 *
 * The worker's program is CommonJS text loading PGlite's CommonJS build by its path, so it runs
 * the same from the compiled server and from the TypeScript sources under the test runner
 * (a worker cannot load a .ts file).
 */
export interface EmbeddedSession {
  query(sql: string, params: unknown[]): Promise<Results<unknown>>;
  /** Several statements in one string (migrations): every statement's result. */
  exec(sql: string): Promise<Results<unknown>[]>;
  /** A gzipped tar of the data folder. */
  dumpDataDir(): Promise<Blob>;
  close(): Promise<void>;
  readonly closed: boolean;
}

type Request =
  | { op: 'query'; sql: string; params: unknown[] }
  | { op: 'exec'; sql: string }
  | { op: 'dump' }
  | { op: 'close' };

type Reply = { id: number; result?: unknown; error?: SerializedError };

/** An error as it crosses threads: structured clone keeps only name and message of an Error. */
interface SerializedError {
  name: string;
  message: string;
  /** PostgreSQL's fields (code, detail, constraint, table...): the error mapping reads `code`. */
  fields: Record<string, unknown>;
}

const WORKER_PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);

function serialize(error) {
  const fields = {};
  for (const [key, value] of Object.entries(error ?? {})) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return { name: error?.name ?? 'Error', message: error?.message ?? String(error), fields };
}

const db = new PGlite(workerData.dataDir, {
  startParams: [...PGlite.defaultStartParams, ...workerData.startParams],
});
db.waitReady.then(
  () => parentPort.postMessage({ id: 0 }),
  (error) => parentPort.postMessage({ id: 0, error: serialize(error) }),
);

async function run(request) {
  switch (request.op) {
    case 'query': return [await db.query(request.sql, request.params)];
    case 'exec': return db.exec(request.sql);
    case 'dump': {
      const blob = await db.dumpDataDir('gzip');
      return new Uint8Array(await blob.arrayBuffer());
    }
    case 'close': await db.close(); return null;
  }
}

parentPort.on('message', (request) => {
  run(request).then(
    (result) => {
      // Results carry no functions; the dump is moved, not copied.
      const transfer = result instanceof Uint8Array ? [result.buffer] : [];
      parentPort.postMessage({ id: request.id, result }, transfer);
    },
    (error) => parentPort.postMessage({ id: request.id, error: serialize(error) }),
  );
});
`;

/**
 * Starts PGlite on `dataDir` in a worker thread, with `startParams` after PGlite's defaults;
 * resolves once it answers.
 */
export async function startEmbeddedWorker(dataDir: string, startParams: string[]): Promise<EmbeddedSession> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const worker = new Worker(WORKER_PROGRAM, { eval: true, workerData: { pglite, dataDir, startParams } });
  const session = new WorkerSession(worker);
  try {
    await session.ready;
  } catch (error) {
    await worker.terminate(); // a database that could not open keeps no thread alive
    throw error;
  }
  return session;
}

class WorkerSession implements EmbeddedSession {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private failure: Error | null = null;
  private closedFlag = false;
  readonly ready: Promise<void>;

  constructor(private readonly worker: Worker) {
    this.ready = new Promise((resolve, reject) => this.waiting.set(0, { resolve: () => resolve(), reject }));
    this.holdProcess();
    worker.on('message', (reply: Reply) => this.settle(reply));
    // A crashed or exited worker fails everything in flight and everything after.
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) =>
      this.fail(new Error(`The embedded database's thread exited (code ${code}).`)),
    );
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  query(sql: string, params: unknown[]): Promise<Results<unknown>> {
    return this.send<Results<unknown>[]>({ op: 'query', sql, params }).then((results) => results[0]);
  }

  exec(sql: string): Promise<Results<unknown>[]> {
    return this.send({ op: 'exec', sql });
  }

  async dumpDataDir(): Promise<Blob> {
    const bytes = await this.send<Uint8Array<ArrayBuffer>>({ op: 'dump' });
    return new Blob([bytes], { type: 'application/x-gzip' });
  }

  async close(): Promise<void> {
    if (this.closedFlag) return;
    try {
      await this.send({ op: 'close' });
    } finally {
      this.closedFlag = true;
      await this.worker.terminate();
    }
  }

  private send<T>(request: Request): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.holdProcess();
      this.worker.postMessage({ ...request, id });
    });
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    this.holdProcess();
    if (reply.error) waiter.reject(deserialize(reply.error));
    else waiter.resolve(reply.result);
  }

  /**
   * The thread keeps the process alive only while a request waits for it, as PGlite on the
   * main thread did (it holds no handle): a script that forgets to close the database still
   * exits, and one that awaits a query is not cut short.
   */
  private holdProcess(): void {
    if (this.waiting.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  private fail(error: Error): void {
    if (this.closedFlag && this.waiting.size === 0) return;
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

function deserialize(error: SerializedError): Error {
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return Object.assign(rebuilt, error.fields);
}
