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
  return Object.entries(body)
    .filter(([name, value]) => value === null && !documentedNullable(dto, name))
    .map(([name]) => ({ name, reason: 'must not be null (leave it out for its default)' }));
}

function documentedNullable(dto: { prototype: object }, name: string): boolean {
  const documented: { nullable?: boolean } | undefined = Reflect.getMetadata(
    API_MODEL_PROPERTIES,
    dto.prototype,
    name,
  );
  // An unknown property is refused by the whitelist, with its own reason.
  return documented === undefined || documented.nullable === true;
}
