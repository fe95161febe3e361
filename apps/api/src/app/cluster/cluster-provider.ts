import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import { ConfigurationService } from '../config/configuration.service';
import { RedisService } from './redis.service';

type Abstract<T> = abstract new (...args: never[]) => T;

/**
 * Binds `token` to its Redis-backed implementation when this process is one of several
 * (REDIS_URL set), else to the in-process one. `inject` lists the shared dependencies,
 * passed to both factories (the cluster one gets RedisService first).
 */
export function clusterOrLocal<T, D extends unknown[] = []>(
  token: Abstract<T> | symbol,
  implementations: { local: (...deps: D) => T; cluster: (redis: RedisService, ...deps: D) => T },
  inject: InjectionToken[] = [],
): FactoryProvider<T> {
  return {
    provide: token,
    inject: [ConfigurationService, { token: RedisService, optional: true }, ...inject],
    useFactory: (configuration: ConfigurationService, redis: RedisService | undefined, ...deps: unknown[]) => {
      if (!configuration.config.redis) return implementations.local(...(deps as D));
      if (!redis) throw new Error('REDIS_URL is set but RedisModule provided no RedisService');
      return implementations.cluster(redis, ...(deps as D));
    },
  };
}
