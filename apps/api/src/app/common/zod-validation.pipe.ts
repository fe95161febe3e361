import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isZodDto, parseZodDto } from './zod-dto';

/**
 * The one body validation of the API (registered globally as APP_PIPE): a `@Body()`
 * parameter typed with a `createZodDto` class is parsed with its schema; anything else
 * passes through untouched.
 */
@Injectable()
export class ZodValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'body' && isZodDto(metadata.metatype) ? parseZodDto(metadata.metatype, value) : value;
  }
}
