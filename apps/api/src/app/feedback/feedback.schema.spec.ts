import { describe, expect, it } from 'vitest';
import { feedbackBodySchema } from './feedback.schema';

describe('feedbackBodySchema', () => {
  it('trims the message and turns an empty or missing contact into null', () => {
    expect(feedbackBodySchema.parse({ message: '  hi  ' })).toEqual({ message: 'hi', contact: null });
    expect(feedbackBodySchema.parse({ message: 'hi', contact: '  ' })).toEqual({ message: 'hi', contact: null });
    expect(feedbackBodySchema.parse({ message: 'hi', contact: null })).toEqual({ message: 'hi', contact: null });
    expect(feedbackBodySchema.parse({ message: 'hi', contact: ' @me ' })).toEqual({ message: 'hi', contact: '@me' });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(feedbackBodySchema.safeParse({ message: '🎨'.repeat(2000) }).success).toBe(true);
    expect(feedbackBodySchema.safeParse({ message: '🎨'.repeat(2001) }).success).toBe(false);
    expect(feedbackBodySchema.safeParse({ message: 'x', contact: '✉'.repeat(200) }).success).toBe(true);
    expect(feedbackBodySchema.safeParse({ message: 'x', contact: '✉'.repeat(201) }).success).toBe(false);
  });

  it.each([{}, { message: '' }, { message: '   ' }, { message: 1 }, { message: 'x', contact: 1 }, { message: 'x', extra: true }])('rejects %j', (body) => {
    expect(feedbackBodySchema.safeParse(body).success).toBe(false);
  });
});
