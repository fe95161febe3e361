import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AccessTokenGuard } from '../auth/access-token.guard';
import { AuthPrincipal, CurrentPrincipal } from '../auth/auth-principal';
import { CanvasService } from '../canvas/canvas.service';
import { ApiError } from '../common/api-error';
import { ConfigurationService } from '../config/configuration.service';
import { OptionalPrincipalResolver } from '../feedback/optional-principal.resolver';
import { parseTemplateBody } from './template-body';
import { TemplatesService, TemplateView, WrongPixel } from './templates.service';

export const WRONG_DEFAULT_LIMIT = 50;
export const WRONG_MAX_LIMIT = 1000;

const limitQuery = z
  .string()
  .regex(/^\d{1,7}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(WRONG_MAX_LIMIT));

/** Shared templates (docs/protocol.md 9). */
@Controller('templates')
export class TemplatesController {
  constructor(
    private readonly templates: TemplatesService,
    private readonly canvas: CanvasService,
    private readonly configuration: ConfigurationService,
    private readonly principals: OptionalPrincipalResolver,
  ) {}

  @Post()
  @HttpCode(201)
  @UseGuards(AccessTokenGuard)
  create(@Body() body: unknown, @CurrentPrincipal() principal: AuthPrincipal): Promise<{ id: string; url: string }> {
    const parsed = parseTemplateBody(body, {
      canvasWidth: this.canvas.width,
      canvasHeight: this.canvas.height,
      paletteSize: this.canvas.palette.length,
      maxSize: this.configuration.config.templates.maxSize,
    });
    return this.templates.create(parsed, principal.userId);
  }

  @Get()
  @UseGuards(AccessTokenGuard)
  list(@Query('owner') owner: unknown, @CurrentPrincipal() principal: AuthPrincipal): Promise<TemplateView[]> {
    if (owner !== 'me') throw new ApiError(400, 'BAD_REQUEST', 'Use ?owner=me to list your templates.');
    return this.templates.listOwn(principal.userId);
  }

  @Get(':id')
  view(@Param('id') id: string, @Req() req: FastifyRequest): Promise<TemplateView> {
    return this.templates.view(id, this.principals.userId(req));
  }

  @Get(':id/wrong')
  wrong(@Param('id') id: string, @Query('limit') limit: unknown): Promise<WrongPixel[]> {
    let n = WRONG_DEFAULT_LIMIT;
    if (limit !== undefined) {
      const parsed = limitQuery.safeParse(limit);
      if (!parsed.success) throw new ApiError(400, 'BAD_REQUEST', `limit must be an integer in 1..${WRONG_MAX_LIMIT}.`);
      n = parsed.data;
    }
    return this.templates.wrong(id, n);
  }

  @Delete(':id')
  @HttpCode(204)
  @UseGuards(AccessTokenGuard)
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: AuthPrincipal): Promise<void> {
    await this.templates.delete(id, principal);
  }
}
