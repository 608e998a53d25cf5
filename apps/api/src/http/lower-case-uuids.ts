import { getMetadataStorage } from 'class-validator';

/**
 * Ids as PostgreSQL writes them. An upper-case UUID names the same record, but compared as text it
 * was another organisation (404 for your own, in a report or a body's organisationId), and audit
 * events kept it as sent, where a search for the id as every answer shows it missed it.
 */
export function lowerCaseUuids(dto: unknown): void {
  if (typeof dto !== 'object' || dto === null) return;
  const fields = dto as Record<string, unknown>;
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto.constructor, '', false, false)) {
    if (rule.name !== 'isUuid') continue;
    const value = fields[rule.propertyName];
    if (typeof value === 'string') fields[rule.propertyName] = value.toLowerCase();
    else if (Array.isArray(value))
      fields[rule.propertyName] = value.map((id) => (typeof id === 'string' ? id.toLowerCase() : id));
  }
}
