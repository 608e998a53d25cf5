import { EntityManager } from 'typeorm';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';

/** How many ids the refusal names of each; the lists' sourceId filter gives them all. */
const NAMED = 10;

/** The settled ones as the refusal names them: lessons first, each kind in the order of its life. */
const SETTLED_ORDER = [
  'validated lesson',
  'embedded lesson',
  'retired lesson',
  'done action',
  'cancelled action',
];

interface FollowUp {
  kind: 'lesson' | 'action';
  id: string;
  status: string;
}

/**
 * A session is not called off while lessons or actions are drawn from it: they are about a meeting
 * that takes place (requireSessionMeets), and would name one that did not. Postponing moves them to
 * the session that replaces it; a draft lesson or an open action can be deleted. One that is settled
 * (a validated lesson, a done or cancelled action) stays on the record and cannot be: the refusal
 * says so, and offers only what can be done (postpone, or record it as held once it has begun). The
 * caller holds the session FOR UPDATE, so one being drawn from it (KEY SHARE on it) is in before
 * this reads.
 */
export async function requireNoFollowUp(m: EntityManager, sessionId: string, begun: boolean): Promise<void> {
  const rows: FollowUp[] = await m.query(
    `SELECT 'lesson' AS kind, l.id, l.status FROM lessons l
     WHERE l.source_type = 'reflection-session' AND l.source_id = $1
     UNION ALL
     SELECT 'action', a.id, a.status FROM actions a
     WHERE a.source_type = 'reflection-session' AND a.source_id = $1
     ORDER BY id`,
    [sessionId],
  );
  if (rows.length === 0) return;
  const drawn =
    `${[...named(idsOf(rows, 'lesson'), 'lesson'), ...named(idsOf(rows, 'action'), 'action')].join(' and ')} ` +
    `${rows.length === 1 ? 'is' : 'are'} drawn from this session, and would name a meeting that did not take place.`;
  const settled = rows
    .filter((r) => (r.kind === 'lesson' ? r.status !== 'draft' : r.status !== 'open'))
    .sort((a, b) => SETTLED_ORDER.indexOf(groupOf(a)) - SETTLED_ORDER.indexOf(groupOf(b)));
  if (settled.length === 0)
    throw new DomainError(
      ErrorCode.Conflict,
      `${drawn} Postpone the session instead (they move to the session that replaces it), or delete them first ` +
        '(a draft lesson, an open action).',
    );
  // Grouped as they read: "1 validated lesson (…), 2 done actions (…) and 1 cancelled action (…)".
  const groups = [...new Set(settled.map(groupOf))].flatMap((group) =>
    named(
      settled.filter((r) => groupOf(r) === group).map((r) => r.id),
      group,
    ),
  );
  throw new DomainError(
    ErrorCode.Conflict,
    `${drawn} ${list(groups)} ${settled.length === 1 ? 'stays' : 'stay'} on the record and cannot be deleted ` +
      '(only a draft lesson or an open action can be): postpone the session instead (they move to the session ' +
      `that replaces it)${begun ? ', or, if it took place, record it as held' : ''}.`,
  );
}

function groupOf(r: FollowUp): string {
  return `${r.status} ${r.kind}`;
}

function idsOf(rows: FollowUp[], kind: FollowUp['kind']): string[] {
  return rows.filter((r) => r.kind === kind).map((r) => r.id);
}

/** "2 lessons (a, b)", or nothing when there are none. */
function named(ids: string[], what: string): string[] {
  if (ids.length === 0) return [];
  return [
    `${ids.length} ${what}${ids.length === 1 ? '' : 's'} (${ids.slice(0, NAMED).join(', ')}` +
      `${ids.length > NAMED ? `, and ${ids.length - NAMED} more` : ''})`,
  ];
}

/** "a, b and c". */
function list(parts: string[]): string {
  return parts.length <= 1
    ? parts.join('')
    : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
