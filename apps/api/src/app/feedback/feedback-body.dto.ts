import { createZodDto } from '../common/zod-dto';
import { feedbackBodySchema } from './feedback.schema';

/** The feedback body; any problem is 400 `INVALID_FEEDBACK` naming the first issue. */
export class FeedbackBodyDto extends createZodDto(feedbackBodySchema, {
  code: 'INVALID_FEEDBACK',
  message: (error, body) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return 'Request body must be a JSON object {"message": string, "contact"?: string}.';
    }
    const issue = error.issues[0];
    const field = issue?.path.join('.');
    const message = issue?.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : (issue?.message ?? 'invalid feedback');
    return field && !message.startsWith(field) ? `${field}: ${message}` : message;
  },
}) {}
