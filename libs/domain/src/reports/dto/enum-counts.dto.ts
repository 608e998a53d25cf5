import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/**
 * A schema named `name` with one required integer property per key, so the OpenAPI document
 * lists every enum value a breakdown always carries (0 when nothing was counted).
 */
export function enumCountsDto<K extends string>(name: string, keys: readonly K[]): Type<Record<K, number>> {
  const dto = { [name]: class {} }[name];
  for (const key of keys) ApiProperty({ type: 'integer', minimum: 0 })(dto.prototype, key);
  return dto as Type<Record<K, number>>;
}
