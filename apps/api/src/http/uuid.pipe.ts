import { DomainError } from '@app/domain/shared/domain.error';
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID is a 400 naming the parameter, never a database error. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID.test(value))
      throw DomainError.invalid(metadata.data ?? 'id', 'must be a UUID');
    return value.toLowerCase();
  }
}
