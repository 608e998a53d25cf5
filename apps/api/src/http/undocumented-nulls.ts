import { InvalidParam } from '@app/domain/shared/invalid-param';

/** Where @nestjs/swagger keeps what @ApiProperty says of a DTO's property. */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/**
 * The properties of a body that are `null` where the DTO's documented schema does not say
 * `nullable`. Validation takes an optional property's null as left out, so `confidentiality:
 * null` made an incident with the default (internal) instead of the 400 the schema promises.
 */
export function undocumentedNulls(body: unknown, dto: unknown): InvalidParam[] {
  if (typeof dto !== 'function' || body === null || typeof body !== 'object' || Array.isArray(body))
    return [];
  return (
    Object.entries(body)
      .filter(([, value]) => value === null)
      .map(([name]) => ({ name, documented: documentedProperty(dto, name) }))
      // An unknown property is refused by the whitelist, with its own reason.
      .filter(({ documented }) => documented !== undefined && documented.nullable !== true)
      .map(({ name, documented }) => ({
        name,
        reason:
          documented?.required === false ? 'must not be null (leave it out instead)' : 'must not be null',
      }))
  );
}

function documentedProperty(
  dto: { prototype: object },
  name: string,
): { nullable?: boolean; required?: boolean } | undefined {
  return Reflect.getMetadata(API_MODEL_PROPERTIES, dto.prototype, name);
}
