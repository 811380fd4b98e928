// The load-generator processes seen from the orchestrator: start them, send them a phase,
// wait for their answer (always with a deadline), stop them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnWithFdLimit } from './fd-limit.mjs';

const WORKER_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'viewer-worker.mjs');

export class WorkerPool {
  /** @param {number} count  @param {number} fdLimit */
  constructor(count, fdLimit) {
    this.workers = Array.from({ length: count }, () => {
      const child = spawnWithFdLimit(fdLimit, process.execPath, [WORKER_FILE], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
      });
      const worker = { child, waiting: new Map(), exited: false, listeners: new Set() };
      child.on('message', (message) => {
        if (message.type === 'fatal') {
          for (const { reject } of worker.waiting.values())
            reject(new Error(`worker failed: ${message.message}`));
          worker.waiting.clear();
          return;
        }
        for (const listener of worker.listeners) listener(message);
        const waiter = worker.waiting.get(message.type);
        if (waiter) {
          worker.waiting.delete(message.type);
          waiter.resolve(message);
        }
      });
      child.on('exit', (code, signal) => {
        worker.exited = true;
        for (const { reject } of worker.waiting.values()) {
          reject(new Error(`worker exited (code ${code}, signal ${signal}) before answering`));
        }
        worker.waiting.clear();
      });
      return worker;
    });
  }

  get pids() {
    return this.workers.map((w) => w.child.pid);
  }

  /** Calls `listener(message, workerIndex)` for every message from any worker. */
  onMessage(listener) {
    this.workers.forEach((worker, index) => worker.listeners.add((message) => listener(message, index)));
  }

  send(index, message) {
    const worker = this.workers[index];
    if (!worker.exited) worker.child.send(message);
  }

  broadcast(message) {
    this.workers.forEach((_, index) => this.send(index, message));
  }

  /** Sends `message` to worker `index` and resolves with its `replyType` answer. */
  ask(index, message, replyType, timeoutMs) {
    const worker = this.workers[index];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.waiting.delete(replyType);
        reject(new Error(`worker ${index} gave no "${replyType}" within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      worker.waiting.set(replyType, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.send(index, message);
    });
  }

  /** The same request to every worker; `messageFor(index)` builds each one. */
  askAll(messageFor, replyType, timeoutMs) {
    return Promise.all(
      this.workers.map((_, index) => this.ask(index, messageFor(index), replyType, timeoutMs)),
    );
  }

  /** Asks them to close their sockets and exit; kills (by pid) those still running after 5 s. */
  async close() {
    this.broadcast({ type: 'close' });
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise((resolve) => {
            if (worker.exited) return resolve();
            const timer = setTimeout(() => {
              worker.child.kill('SIGKILL');
              resolve();
            }, 5000);
            worker.child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
  }
}
