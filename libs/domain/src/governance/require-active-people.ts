import { EntityManager, In } from 'typeorm';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { PersonEntity } from './person.entity';

/**
 * The people of the organisation these ids name, for new work (an action, a role, a chair, a
 * theme): 422 for an id that names nobody there, and 422 naming the field for someone who left
 * (`active` false), unless they already hold it (`holding`: a seat kept while they are away is
 * no new work). The system administrator is nobody's colleague.
 */
export async function requireActivePeople(
  m: EntityManager,
  organisationId: string,
  ids: string[],
  field: string,
  holding: string[] = [],
): Promise<PersonEntity[]> {
  if (ids.length === 0) return [];
  // Shared locks: someone leaving meanwhile waits until this work is in, then finds it (and cancels
  // its messages); someone who left just before is seen as gone. Without them, work could be
  // given to a person whose leaving committed a moment earlier.
  const people = await m.find(PersonEntity, {
    where: { id: In(ids), organisationId, systemAdmin: false },
    lock: { mode: 'pessimistic_read' },
  });
  if (people.length !== new Set(ids).size) throw DomainError.reference(field, 'person');
  const left = people.find((person) => !person.active && !holding.includes(person.id));
  if (left)
    throw new DomainError(
      ErrorCode.ReferenceNotFound,
      `${field} names ${left.name}, who is no longer active.`,
      {
        invalidParams: [{ name: field, reason: `names ${left.name}, who is no longer active` }],
      },
    );
  return people;
}
