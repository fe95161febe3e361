import type { ErrorCode } from '@pixel-wars/protocol';
import type { ZodError, ZodType, ZodTypeDef } from 'zod';
import { ApiError } from './api-error';

/** How a body that fails its schema is answered: 400 with this code and a message built from the failure. */
export interface ZodDtoOptions {
  code: ErrorCode;
  message: (error: ZodError, body: unknown) => string;
}

/** A class that stands for a zod schema in a handler signature: `@Body() body: SomeDto`. */
export interface ZodDtoClass<T> {
  new (): T;
  readonly zodSchema: ZodType<T, ZodTypeDef, unknown>;
  readonly zodOptions: ZodDtoOptions;
}

/**
 * `class PlacementDto extends createZodDto(placementSchema, {...}) {}`: the global
 * ZodValidationPipe finds the schema through the parameter's emitted type and hands the
 * handler the parsed value (a plain object typed as the schema's output).
 */
export function createZodDto<T>(schema: ZodType<T, ZodTypeDef, unknown>, options: ZodDtoOptions): ZodDtoClass<T> {
  class ZodDto {
    static readonly zodSchema = schema;
    static readonly zodOptions = options;
  }
  return ZodDto as unknown as ZodDtoClass<T>;
}

export function isZodDto(metatype: unknown): metatype is ZodDtoClass<unknown> {
  return typeof metatype === 'function' && 'zodSchema' in metatype && 'zodOptions' in metatype;
}

/** Parses `body` with the DTO's schema or throws its 400. */
export function parseZodDto<T>(dto: ZodDtoClass<T>, body: unknown): T {
  const result = dto.zodSchema.safeParse(body);
  if (result.success) return result.data;
  throw new ApiError(400, dto.zodOptions.code, dto.zodOptions.message(result.error, body));
}

/** `field: message` of the first issue, or `fallback` when zod gives none. */
export function firstIssue(error: ZodError, fallback: string): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue?.message ?? fallback}`;
}
