import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { FeedbackBody, feedbackBodySchema } from './feedback.schema';

/** Validates the feedback body; any problem is 400 `INVALID_FEEDBACK` naming the first issue. */
@Injectable()
export class FeedbackBodyPipe implements PipeTransform<unknown, FeedbackBody> {
  transform(value: unknown): FeedbackBody {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ApiError(400, 'INVALID_FEEDBACK', 'Request body must be a JSON object {"message": string, "contact"?: string}.');
    }
    const result = feedbackBodySchema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.');
      const message = issue?.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : (issue?.message ?? 'invalid feedback');
      throw new ApiError(400, 'INVALID_FEEDBACK', field && !message.startsWith(field) ? `${field}: ${message}` : message);
    }
    return result.data;
  }
}
