/** Errors meaning "the database is not reachable now", as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code =
    (error as { code?: string }).code ?? (error as { driverError?: { code?: string } }).driverError?.code;
  const message = String((error as { message?: string }).message ?? '');
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    code === '57P01' || // admin_shutdown
    code === '57P03' || // cannot_connect_now
    /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(message)
  );
}
