import type Redis from 'ioredis';
import { ApiError } from '../common/api-error';

export type RedisScript = (keys: readonly string[], args: ReadonlyArray<string | number>) => Promise<unknown>;

/**
 * Registers a Lua script on the connection (ioredis `defineCommand`: EVALSHA, falling
 * back to EVAL once after a Redis restart flushed the script cache) and returns a typed
 * caller. Keys get the connection's key prefix; arguments do not.
 */
export function defineScript(client: Redis, name: string, numberOfKeys: number, lua: string): RedisScript {
  const commands = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  if (typeof commands[name] !== 'function') client.defineCommand(name, { numberOfKeys, lua });
  const command = commands[name];
  return (keys, args) => command.call(client, ...keys, ...args);
}

/** 503 STORAGE_UNAVAILABLE: the shared state in Redis cannot be read or changed right now. */
export function redisUnavailable(): ApiError {
  return new ApiError(503, 'STORAGE_UNAVAILABLE', 'The game state is unreachable right now; try again shortly.', {}, { 'Retry-After': '1' });
}

/** Awaits a Redis call; a failure that is not already an ApiError becomes 503 STORAGE_UNAVAILABLE. */
export async function orUnavailable<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw error instanceof ApiError ? error : redisUnavailable();
  }
}
