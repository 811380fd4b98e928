import type { LoggerService, LogLevel } from '@nestjs/common';
import { currentRequestId } from './request-context.js';

/** One log record as a shipper (Loki, Elasticsearch, CloudWatch) reads it. */
export interface JsonLogRecord {
  time: string;
  level: LogLevel;
  context?: string;
  message: unknown;
  requestId?: string;
  stack?: string;
}

/**
 * `LOG_FORMAT=json`: one JSON object per line on stdout (errors and warnings on stderr, as
 * Nest's console logger does). Nest's loggers pass the context as the last string argument and,
 * for errors, the stack before it.
 */
export class JsonLogger implements LoggerService {
  private readonly enabled: Set<LogLevel>;

  constructor(
    levels: readonly LogLevel[],
    private readonly write: (line: string, level: LogLevel) => void = writeToConsole,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.enabled = new Set(levels);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.print('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.print('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.print('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.print('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.print('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.print('fatal', message, rest);
  }
  setLogLevels(levels: LogLevel[]): void {
    this.enabled.clear();
    for (const level of levels) this.enabled.add(level);
  }

  private print(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.enabled.has(level) && level !== 'fatal') return;
    const params = [...rest];
    const context =
      params.length > 0 && typeof params.at(-1) === 'string' ? (params.pop() as string) : undefined;
    const record: JsonLogRecord = { time: this.now().toISOString(), level, context, message: '' };
    if (message instanceof Error) {
      record.message = message.message;
      record.stack = message.stack;
    } else {
      record.message = message;
    }
    if (level === 'error' && typeof params[0] === 'string' && record.stack === undefined)
      record.stack = params[0];
    const requestId = currentRequestId();
    if (requestId) record.requestId = requestId;
    this.write(`${safeStringify(record)}\n`, level);
  }
}

function writeToConsole(line: string, level: LogLevel): void {
  if (level === 'error' || level === 'fatal' || level === 'warn') process.stderr.write(line);
  else process.stdout.write(line);
}

/** A log line must never throw (a cycle, a BigInt): such values are written as their text. */
function safeStringify(record: JsonLogRecord): string {
  try {
    return JSON.stringify(record, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
  } catch {
    return JSON.stringify({ ...record, message: String(record.message) });
  }
}
