import { EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { ACTION_AUDIT_SUBJECT } from '../actions/action-audit-subject';
import { ActionEntity } from '../actions/action.entity';
import { ActionSourceType } from '../actions/action-source-type';
import { AuditService } from '../audit/audit.service';
import { LESSON_AUDIT_SUBJECT } from '../lessons/lesson-audit-subject';
import { LessonEntity } from '../lessons/lesson.entity';
import { LessonSourceType } from '../lessons/lesson-source-type';

/**
 * A postponed session lives on in the one that replaces it: the lessons and actions drawn from it
 * are about that meeting and move along (requireSessionMeets), whatever their status. Each one is
 * locked, changed, saved with a new version (an edit made with the old one is refused) and audited,
 * as a change through the api would be. The caller holds the old session FOR UPDATE, so a lesson or
 * action being drawn from it (which holds KEY SHARE on it) is in before this reads.
 */
export async function moveFollowUp(
  m: EntityManager,
  audit: AuditService,
  actor: Principal,
  fromSessionId: string,
  toSessionId: string,
): Promise<void> {
  const lessons = await m.find(LessonEntity, {
    where: { sourceType: LessonSourceType.ReflectionSession, sourceId: fromSessionId },
    order: { id: 'ASC' },
    lock: { mode: 'pessimistic_write' },
  });
  for (const lesson of lessons) {
    const before = { ...lesson };
    lesson.sourceId = toSessionId;
    const saved = await m.save(lesson);
    await audit.updated(m, actor, LESSON_AUDIT_SUBJECT, saved.organisationId, before, saved);
  }
  const actions = await m.find(ActionEntity, {
    where: { sourceType: ActionSourceType.ReflectionSession, sourceId: fromSessionId },
    order: { id: 'ASC' },
    lock: { mode: 'pessimistic_write' },
  });
  for (const action of actions) {
    const before = { ...action };
    action.sourceId = toSessionId;
    const saved = await m.save(action);
    await audit.updated(m, actor, ACTION_AUDIT_SUBJECT, saved.organisationId, before, saved);
  }
}
