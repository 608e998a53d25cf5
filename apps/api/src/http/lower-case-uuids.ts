import { getMetadataStorage } from 'class-validator';

/**
 * Ids as PostgreSQL writes them. An upper-case UUID names the same record, but compared as text it
 * was another organisation (404 for your own, in a report or a body's organisationId), and audit
 * events kept it as sent, where a search for the id as every answer shows it missed it. Done on the
 * input before it is validated, so one id written in both cases is a repeated value.
 */
export function lowerCaseUuids(input: unknown, dtoClass: unknown): void {
  if (typeof input !== 'object' || input === null || typeof dtoClass !== 'function') return;
  const fields = input as Record<string, unknown>;
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(dtoClass, '', false, false)) {
    if (rule.name !== 'isUuid') continue;
    const value = fields[rule.propertyName];
    if (typeof value === 'string') fields[rule.propertyName] = value.toLowerCase();
    else if (Array.isArray(value))
      fields[rule.propertyName] = value.map((id) => (typeof id === 'string' ? id.toLowerCase() : id));
  }
}
