import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from './api-error';
import { createZodDto, firstIssue } from './zod-dto';
import { ZodValidationPipe } from './zod-validation.pipe';

class PointDto extends createZodDto(z.object({ x: z.number().int() }).strict(), {
  code: 'INVALID_PIXEL',
  message: (error) => firstIssue(error, 'bad point'),
}) {}

describe('ZodValidationPipe', () => {
  const pipe = new ZodValidationPipe();

  it('parses a body typed with a createZodDto class', () => {
    expect(pipe.transform({ x: 3 }, { type: 'body', metatype: PointDto })).toEqual({ x: 3 });
  });

  it("answers the DTO's code and message when the body does not match", () => {
    let caught: unknown;
    try {
      pipe.transform({ x: 1.5 }, { type: 'body', metatype: PointDto });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).getStatus()).toBe(400);
    expect((caught as ApiError).getResponse()).toMatchObject({ code: 'INVALID_PIXEL', message: expect.stringMatching(/^x: /) });
  });

  it('leaves other parameters and untyped bodies alone', () => {
    const raw = { anything: true };
    expect(pipe.transform(raw, { type: 'body', metatype: Object })).toBe(raw);
    expect(pipe.transform(raw, { type: 'query', metatype: PointDto })).toBe(raw);
  });
});
