/**
 * What the logs may say about a failure: never question text, names, participant ids or a
 * link's secret hash. A failed query is described by its SQLSTATE and the statement's shape
 * (placeholders, string literals masked), never by its parameters or the driver's message,
 * which can quote a value ("invalid input syntax for type uuid: \"…\"", "Key (x)=(…)").
 */
export function describeForLog(error: unknown): string {
  const failed = queryFailure(error);
  if (failed) {
    return [
      `Database query failed (SQLSTATE ${failed.code ?? 'unknown'}): ${statementShape(failed.query)}`,
      ...stackFrames(error),
    ].join('\n');
  }
  if (error instanceof Error) return [`${error.name}: ${error.message}`, ...stackFrames(error)].join('\n');
  return `Non-error thrown: ${typeof error}`;
}

/** The statement with literals masked, whitespace collapsed, and cut to a readable length. */
export function statementShape(query: string): string {
  const shape = query
    .replace(/'(?:[^']|'')*'/g, "'?'")
    .replace(/\s+/g, ' ')
    .trim();
  return shape.length > 300 ? `${shape.slice(0, 300)}…` : shape;
}

function queryFailure(error: unknown): { query: string; code?: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = error as { query?: unknown; driverError?: { code?: unknown }; code?: unknown };
  if (typeof candidate.query !== 'string') return null;
  const code = candidate.driverError?.code ?? candidate.code;
  return { query: candidate.query, code: typeof code === 'string' ? code : undefined };
}

function stackFrames(error: unknown): string[] {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  return stack.split('\n').filter((line) => line.trimStart().startsWith('at '));
}
