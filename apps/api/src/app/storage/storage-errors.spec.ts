import { describe, expect, it } from 'vitest';
import { errorBodyFor } from '../api-exception.filter';
import { isStorageUnavailable } from './storage-errors';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isStorageUnavailable', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['query timeout', new Error('Query read timeout')],
    ['server shutting down', pgError('57P01')],
    ['server starting', pgError('57P03')],
    ['disk full', pgError('53100')],
    ['too many connections', pgError('53300')],
    ['statement timeout', pgError('57014')],
    ['serialization failure', pgError('40001')],
    ['deadlock', pgError('40P01')],
  ])('%s → 503', (_name, error) => {
    expect(isStorageUnavailable(error)).toBe(true);
  });

  it.each([
    ['unique violation', pgError('23505')],
    ['syntax error', pgError('42601')],
    ['SQLite busy (the embedded path is left as it is)', pgError('SQLITE_BUSY')],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an object', 'ECONNREFUSED'],
    ['null', null],
  ])('%s → not a storage outage', (_name, error) => {
    expect(isStorageUnavailable(error)).toBe(false);
  });
});

describe('errorBodyFor and storage outages', () => {
  it('answers 503 STORAGE_UNAVAILABLE with Retry-After instead of 500', () => {
    expect(errorBodyFor(pgError('ECONNREFUSED', 'connect ECONNREFUSED'))).toEqual({
      status: 503,
      body: { code: 'STORAGE_UNAVAILABLE', message: expect.any(String) },
      headers: { 'Retry-After': '5' },
    });
    expect(errorBodyFor(pgError('23505')).status).toBe(500);
  });
});
