import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ClientAddressResolver } from '../common/client-address';
import { FeedbackBodyDto } from './feedback-body.dto';
import { FeedbackService } from './feedback.service';
import { OptionalPrincipalResolver } from './optional-principal.resolver';

/** `POST /api/feedback` (docs/protocol.md 3): anyone; signed-in senders are recorded. */
@Controller('feedback')
export class FeedbackController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly principals: OptionalPrincipalResolver,
    private readonly addresses: ClientAddressResolver,
  ) {}

  @Post()
  @HttpCode(201)
  submit(@Body() body: FeedbackBodyDto, @Req() req: FastifyRequest): Promise<{ id: number }> {
    return this.feedback.submit(body, {
      userId: this.principals.userId(req),
      ip: this.addresses.address(req.raw),
      userAgent: req.headers['user-agent'] ?? null,
    });
  }
}
