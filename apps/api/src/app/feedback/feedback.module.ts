import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FeedbackRateLimiter } from './feedback-rate-limiter';
import { FeedbackController } from './feedback.controller';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackService } from './feedback.service';
import { IpHasher } from './ip-hasher';
import { OptionalPrincipalResolver } from './optional-principal.resolver';

/** `POST /api/feedback`: validated, rate-limited, stored; forwarding is the telegram module's. */
@Module({
  imports: [AuthModule],
  controllers: [FeedbackController],
  providers: [FeedbackService, FeedbackRepository, FeedbackRateLimiter, IpHasher, OptionalPrincipalResolver],
  exports: [FeedbackService, FeedbackRepository],
})
export class FeedbackModule {}
