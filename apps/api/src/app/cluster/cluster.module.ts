import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ClusterBus } from './cluster-bus';
import { LeaderElection, LocalLeaderElection } from './leader-election';
import { LocalClusterBus } from './local-cluster-bus';
import { RedisClusterBus } from './redis-cluster-bus';
import { RedisLeaderElection } from './redis-leader-election';
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
          { provide: LeaderElection, inject: [RedisService], useFactory: (service: RedisService) => new RedisLeaderElection(service, config.instanceId) },
        ]
      : [
          { provide: ClusterBus, useValue: new LocalClusterBus(config.instanceId) },
          { provide: LeaderElection, useValue: new LocalLeaderElection() },
        ];
    return { module: ClusterModule, providers, exports: providers };
  }
}
