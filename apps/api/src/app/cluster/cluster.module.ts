import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ClusterBus } from './cluster-bus';
import { LocalClusterBus } from './local-cluster-bus';
import { RedisClusterBus } from './redis-cluster-bus';
import { RedisService } from './redis.service';

/**
 * What several instances share: Redis (when REDIS_URL is set) and the bus between
 * instances. Without Redis the bus is local and features bind their in-process
 * implementations (see `clusterOrLocal`).
 */
@Global()
@Module({})
export class ClusterModule {
  static forRoot(config: AppConfig): DynamicModule {
    const redis = config.redis;
    const providers: Provider[] = redis
      ? [
          { provide: RedisService, useFactory: () => RedisService.open(redis.url, redis.keyPrefix) },
          { provide: ClusterBus, inject: [RedisService], useFactory: (service: RedisService) => new RedisClusterBus(service, config.instanceId) },
        ]
      : [{ provide: ClusterBus, useValue: new LocalClusterBus(config.instanceId) }];
    return { module: ClusterModule, providers, exports: providers };
  }
}
