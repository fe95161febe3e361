import { Module } from '@nestjs/common';
import { clusterOrLocal } from '../cluster/cluster-provider';
import { storageRepository } from '../storage/database';
import { CaptchaController } from './captcha.controller';
import { CaptchaService } from './captcha.service';
import { ChallengeReplayRepository } from './challenge-replay.repository';
import { LocalPlacementTimingStore, PlacementTimingStore, RedisPlacementTimingStore } from './placement-timing.store';
import { PostgresChallengeReplayRepository } from './postgres-challenge-replay.repository';
import { SqliteChallengeReplayRepository } from './sqlite-challenge-replay.repository';

/** CAPTCHA=pow: proof-of-work challenges for sign-in and for placements that look automated. */
@Module({
  controllers: [CaptchaController],
  providers: [
    CaptchaService,
    storageRepository(ChallengeReplayRepository, {
      sqlite: (db) => new SqliteChallengeReplayRepository(db),
      postgres: (db) => new PostgresChallengeReplayRepository(db),
    }),
    clusterOrLocal(PlacementTimingStore, { local: () => new LocalPlacementTimingStore(), cluster: (redis) => new RedisPlacementTimingStore(redis) }),
  ],
  exports: [CaptchaService],
})
export class CaptchaModule {}
