import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DomainError } from './domain.error';
import { requestContext } from './request-context';

/**
 * Loads a row FOR UPDATE inside a transaction and checks the version the client read, so two
 * concurrent PATCHes cannot both win: the second one sees the new version and gets 409.
 * `permit` runs between the two: not found (404), then who may change it (403), then the version
 * (409), so a stale version is only news to someone allowed to send one. Every check of who may
 * make the write belongs in `permit` (or before this call), not after it. An If-Match on the
 * request (requestContext's precondition) is checked where the version is, first: 412 when the
 * row is not at the version of the representation it named, or it named none. Only here: a caller
 * who may not see or change the resource gets 404 or 403, as without If-Match (RFC 9110 §13.2.1).
 * `noKeyUpdate` locks it FOR NO KEY UPDATE: writers of rows that refer to it (their foreign-key
 * check takes KEY SHARE) go on, for a change that keeps the row (a delete needs FOR UPDATE).
 */
export async function lockForUpdate<E extends ObjectLiteral & { id: string; version: number }>(
  manager: EntityManager,
  target: EntityTarget<E>,
  id: string,
  expectedVersion: number | undefined,
  label: string,
  where: Record<string, unknown> = {},
  permit: (entity: E) => void | Promise<void> = () => undefined,
  noKeyUpdate = false,
): Promise<E> {
  const entity = await manager.findOne(target, {
    where: { ...where, id } as never,
    lock: { mode: noKeyUpdate ? 'for_no_key_update' : 'pessimistic_write' },
  });
  if (!entity) throw DomainError.notFound(label, id);
  await permit(entity);
  const precondition = requestContext.getStore()?.precondition;
  if (precondition?.id === id) {
    precondition.checked = true;
    if (entity.version !== precondition.version) throw DomainError.preconditionFailed(label);
  }
  if (expectedVersion !== undefined && entity.version !== expectedVersion) {
    throw DomainError.staleVersion(label, entity.version);
  }
  return entity;
}
