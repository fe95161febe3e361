import { HttpException } from '@nestjs/common';
import type { ErrorBody, ErrorCode } from '@pixel-wars/protocol';

/** An error answered as the protocol's JSON `{code, message, ...extra}` with its status. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Partial<ErrorBody> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super({ code, message, ...extra }, status);
  }
}
