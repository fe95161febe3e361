import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '@pixel-wars/protocol';
import { isStorageUnavailable } from './storage/storage-errors';
import { ApiError } from './common/api-error';
import { requestPath } from './common/request-path';

/** Seconds a client waits before retrying a request the database could not serve. */
const STORAGE_RETRY_AFTER_S = 5;

const TOO_LARGE = 'Request body is too large.';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Turns any error into `{code, message}` JSON; never an HTML page or a stack trace. */
export function errorBodyFor(exception: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (exception instanceof ApiError) {
    return { status: exception.getStatus(), body: exception.getResponse() as ErrorBody, headers: exception.headers };
  }
  if (exception instanceof ThrottlerException) {
    return { status: 429, body: { code: 'RATE_LIMITED', message: 'Too many requests; slow down.' }, headers: {} };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? exception.message);
    // Nest hands Fastify's own errors (a body over its limit) over as HttpExceptions with Fastify's wording
    return { status, body: { code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message: status === 413 ? TOO_LARGE : message }, headers: {} };
  }
  const status = bodyErrorStatus(exception);
  if (status !== undefined) {
    // the body parsers: 400 bad JSON or length, 413 too large, 415 not JSON
    const text =
      status === 413
        ? TOO_LARGE
        : status === 400
          ? 'Request body is not valid JSON.'
          : status === 415
            ? 'Request bodies must be application/json.'
            : 'Unsupported request body.';
    return { status, body: { code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message: text }, headers: {} };
  }
  if (isStorageUnavailable(exception)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      body: { code: 'STORAGE_UNAVAILABLE', message: 'The database is not reachable right now; try again shortly.' },
      headers: { 'Retry-After': String(STORAGE_RETRY_AFTER_S) },
    };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { code: 'INTERNAL_ERROR', message: 'Internal server error.' }, headers: {} };
}

/** The 4xx status of an error raised while reading a body (Fastify's `statusCode`, our parser's `status`). */
function bodyErrorStatus(exception: unknown): number | undefined {
  const e = exception as { status?: unknown; statusCode?: unknown } | null;
  const status = e?.status ?? e?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** Unparseable JSON is answered with the endpoint's own validation code where it has one. */
const INVALID_BODY_CODES: Record<string, string> = {
  '/api/canvas/pixels': 'INVALID_PIXEL',
  '/api/feedback': 'INVALID_FEEDBACK',
};

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const { status, body, headers } = errorBodyFor(exception);
    // an outage makes every request fail alike: one line each, not a stack trace each
    if (body.code === 'STORAGE_UNAVAILABLE' && !(exception instanceof ApiError)) this.logger.warn(`storage unavailable: ${describe(exception)}`);
    else if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (reply.sent || reply.raw.headersSent) return;
    const specific = status === 400 && !(exception instanceof HttpException) ? invalidBodyCode(http.getRequest<FastifyRequest>()) : undefined;
    void reply
      .code(status)
      .headers(headers)
      .send(specific ? { ...body, code: specific } : body);
  }
}

function invalidBodyCode(request: FastifyRequest): string | undefined {
  return INVALID_BODY_CODES[requestPath(request).replace(/\/+$/, '')];
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  return [e.code, e.message].filter((part) => typeof part === 'string' && part !== '').join(' ') || String(error);
}
