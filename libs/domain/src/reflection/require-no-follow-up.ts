import { EntityManager } from 'typeorm';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';

/** How many ids the refusal names of each; the lists' sourceId filter gives them all. */
const NAMED = 10;

/**
 * A session is not called off while lessons or actions are drawn from it: they are about a meeting
 * that takes place (requireSessionMeets), and would name one that did not. Postponing moves them to
 * the session that replaces it; a draft lesson or an open action can be deleted. The caller holds
 * the session FOR UPDATE, so one being drawn from it (KEY SHARE on it) is in before this reads.
 */
export async function requireNoFollowUp(m: EntityManager, sessionId: string): Promise<void> {
  const rows: { kind: 'lesson' | 'action'; id: string }[] = await m.query(
    `SELECT 'lesson' AS kind, l.id FROM lessons l
     WHERE l.source_type = 'reflection-session' AND l.source_id = $1
     UNION ALL
     SELECT 'action', a.id FROM actions a
     WHERE a.source_type = 'reflection-session' AND a.source_id = $1
     ORDER BY id`,
    [sessionId],
  );
  if (rows.length === 0) return;
  const lessonIds = rows.filter((r) => r.kind === 'lesson').map((r) => r.id);
  const actionIds = rows.filter((r) => r.kind === 'action').map((r) => r.id);
  const named = (what: string, ids: string[]) =>
    ids.length === 0
      ? []
      : [
          `${ids.length} ${what}${ids.length === 1 ? '' : 's'} (${ids.slice(0, NAMED).join(', ')}` +
            `${ids.length > NAMED ? `, and ${ids.length - NAMED} more` : ''})`,
        ];
  throw new DomainError(
    ErrorCode.Conflict,
    `${[...named('lesson', lessonIds), ...named('action', actionIds)].join(' and ')} ` +
      `${rows.length === 1 ? 'is' : 'are'} drawn from this session, and would name a meeting that did not take place. ` +
      'Postpone the session instead (they move to the session that replaces it), or delete them first ' +
      '(a draft lesson, an open action).',
  );
}
