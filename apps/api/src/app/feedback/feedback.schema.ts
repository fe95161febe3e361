import { z } from 'zod';

export const FEEDBACK_MESSAGE_MAX = 2000;
export const FEEDBACK_CONTACT_MAX = 200;

/** Length in characters (Unicode code points), so an emoji counts once. */
const chars = (text: string): number => [...text].length;

/**
 * `POST /api/feedback` body (docs/protocol.md 3): `message` 1..2000 characters with at least
 * one non-blank character, optional `contact` up to 200 (null or "" mean none), nothing else.
 */
export const feedbackBodySchema = z
  .object({
    message: z
      .string({ required_error: 'message is required', invalid_type_error: 'message must be a string' })
      .refine((m) => chars(m) <= FEEDBACK_MESSAGE_MAX, `message must be at most ${FEEDBACK_MESSAGE_MAX} characters`)
      .refine((m) => m.trim().length > 0, 'message must not be empty')
      .transform((m) => m.trim()),
    contact: z
      .string({ invalid_type_error: 'contact must be a string' })
      .refine((c) => chars(c) <= FEEDBACK_CONTACT_MAX, `contact must be at most ${FEEDBACK_CONTACT_MAX} characters`)
      .transform((c) => c.trim() || null)
      .nullish()
      .transform((c) => c ?? null),
  })
  .strict('unknown fields are not allowed');

export type FeedbackBody = z.output<typeof feedbackBodySchema>;
