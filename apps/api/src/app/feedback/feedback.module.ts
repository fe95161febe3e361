import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FeedbackRateLimiter } from './feedback-rate-limiter';
import { FeedbackController } from './feedback.controller';
import { storageRepository } from '../storage/database';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackService } from './feedback.service';
import { IpHasher } from './ip-hasher';
import { OptionalPrincipalResolver } from './optional-principal.resolver';
import { PostgresFeedbackRepository } from './postgres-feedback.repository';
import { SqliteFeedbackRepository } from './sqlite-feedback.repository';

/** `POST /api/feedback`: validated, rate-limited, stored; forwarding is the telegram module's. */
@Module({
  imports: [AuthModule],
  controllers: [FeedbackController],
  providers: [
    FeedbackService,
    storageRepository(FeedbackRepository, { sqlite: (db) => new SqliteFeedbackRepository(db), postgres: (db) => new PostgresFeedbackRepository(db) }),
    FeedbackRateLimiter,
    IpHasher,
    OptionalPrincipalResolver,
  ],
  exports: [FeedbackService, FeedbackRepository],
})
export class FeedbackModule {}
