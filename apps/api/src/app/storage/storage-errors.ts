import { isConnectionError } from './postgres-database';

/**
 * PostgreSQL errors that mean "the database cannot serve this now, try again": the
 * server is unreachable or restarting, the pool could not get a connection in time, a
 * query timed out, the server is out of resources (class 53: disk full, too many
 * connections), or a transaction lost a serialization or deadlock race. Bugs (syntax,
 * constraint violations) are not among them and stay 500s.
 */
export function isStorageUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (isConnectionError(error)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return code.startsWith('53') || code.startsWith('08') || code === '57014' || code === '57P02' || code === '40001' || code === '40P01';
  }
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && /^(Query read timeout|Client has encountered a connection error|Connection terminated)/.test(message);
}
