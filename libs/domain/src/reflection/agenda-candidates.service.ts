import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Confidentiality } from '../incidents/confidentiality';
import { PublicAttention } from '../incidents/public-attention';
import { Severity } from '../incidents/severity';
import { localDate } from '../shared/local-date';
import { AgendaCandidate } from './compile-agenda';
import { CONFIDENTIAL_LESSON_TITLE } from './confidential-lesson-title';
import { isSeriesInvitee } from './is-series-invitee';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSessionEntity } from './reflection-session.entity';

/** Per source: enough to fill any session, bounded so a huge register cannot slow compiling down. */
const LIMIT = 50;
/** Without a held session yet, "what happened since" means the last three months. */
const FIRST_WINDOW_DAYS = 90;
/** A lesson's title, unless it was drawn from a confidential incident (agendas are read by every member). */
const LESSON_TITLE = `CASE WHEN source_confidential THEN '${CONFIDENTIAL_LESSON_TITLE}' ELSE title END AS title`;

/**
 * Reads what the register offers a session's agenda: learning items (active themes, lessons
 * awaiting validation, best practices awaiting endorsement, embedded lessons due for their
 * re-check) and what happened since the series' last held session (incidents, overdue
 * actions). A series about a chain looks at that chain only; themes are organisation-wide.
 */
@Injectable()
export class AgendaCandidates {
  async gather(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    session: ReflectionSessionEntity,
    now: Date,
  ): Promise<AgendaCandidate[]> {
    const org = series.organisationId;
    const chain = series.chainId;
    // $2 is the chain or NULL: "chain_id = $2 OR $2 IS NULL" keeps one query for both cases.
    const inScope = `organisation_id = $1 AND ($2::uuid IS NULL OR chain_id = $2::uuid)`;

    const themes: { id: string; title: string; lastDiscussedAt: Date | null }[] = await m.query(
      `SELECT id, title, last_discussed_at AS "lastDiscussedAt" FROM themes
       WHERE organisation_id = $1 AND active ORDER BY last_discussed_at ASC NULLS FIRST, created_at LIMIT $2`,
      [org, LIMIT],
    );
    const drafts: { id: string; title: string; since: Date }[] = await m.query(
      `SELECT id, ${LESSON_TITLE}, created_at AS since FROM lessons WHERE ${inScope} AND status = 'draft'
       ORDER BY created_at LIMIT $3`,
      [org, chain, LIMIT],
    );
    const proposed: { id: string; title: string; since: Date }[] = await m.query(
      `SELECT id, title, created_at AS since FROM best_practices WHERE ${inScope} AND status = 'proposed'
       ORDER BY created_at LIMIT $3`,
      [org, chain, LIMIT],
    );
    const rechecks: { id: string; title: string; recheckAt: Date }[] = await m.query(
      `SELECT id, ${LESSON_TITLE}, recheck_at AS "recheckAt" FROM lessons
       WHERE ${inScope} AND status = 'embedded' AND recheck_at <= $3
         AND (rechecked_at IS NULL OR rechecked_at < recheck_at)
       ORDER BY recheck_at LIMIT $4`,
      [org, chain, now, LIMIT],
    );

    // Since the last held session's agenda was compiled: what came in between it and the meeting
    // was on no agenda yet.
    const lastHeld: { at: Date | null }[] = await m.query(
      `SELECT least(agenda_compiled_at, scheduled_at) AS at FROM reflection_sessions
       WHERE series_id = $1 AND status = 'held' AND scheduled_at < $2
       ORDER BY scheduled_at DESC LIMIT 1`,
      [series.id, session.scheduledAt],
    );
    const since = lastHeld[0]?.at ?? new Date(now.getTime() - FIRST_WINDOW_DAYS * 24 * 60 * 60 * 1000);
    const incidents: {
      id: string;
      title: string;
      severity: Severity;
      publicAttention: PublicAttention;
      recurrence: boolean;
      occurredAt: Date;
      confidentiality: Confidentiality;
    }[] = await m.query(
      `SELECT id, title, severity, public_attention AS "publicAttention", recurrence,
              occurred_at AS "occurredAt", confidentiality
       FROM incidents WHERE ${inScope} AND reported_at > $3
         -- Discussed already (picked by hand for the last held session after its agenda went out).
         AND NOT EXISTS (SELECT 1 FROM agenda_items a WHERE a.series_id = $5 AND a.kind = 'incident'
                           AND a.reference_id = incidents.id AND a.status = 'discussed')
       ORDER BY CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END DESC,
                CASE public_attention WHEN 'parliamentary' THEN 4 WHEN 'national' THEN 3 WHEN 'local' THEN 2 ELSE 1 END DESC,
                recurrence DESC, occurred_at ASC
       LIMIT $4`,
      [org, chain, since, LIMIT, series.id],
    );
    // Only actions everyone invited may see (the count would tell of the hidden ones): those of a
    // confidential incident too when everyone invited is a lead or admin, who see them all.
    const [{ leadsOnly }]: { leadsOnly: boolean }[] = await m.query(
      `SELECT NOT EXISTS (
         SELECT 1 FROM people p JOIN reflection_series r ON r.id = $1
         WHERE p.organisation_id = r.organisation_id AND p.active
           AND ${isSeriesInvitee('r', 'p.id', '$2::date')} AND p.access_role NOT IN ('lead', 'admin')) AS "leadsOnly"`,
      [series.id, localDate(now)],
    );
    const overdue: { count: number }[] = await m.query(
      `SELECT count(*)::int AS count FROM actions
       WHERE ${inScope} AND status = 'open' AND due_date < $3 AND (NOT source_confidential OR $4)`,
      // Due dates are Dutch dates, whatever zone the series meets in (as the actions list has it).
      [org, chain, localDate(now), leadsOnly],
    );

    return [
      ...themes.map((t) => ({
        type: 'theme' as const,
        referenceId: t.id,
        title: t.title,
        lastDiscussedAt: t.lastDiscussedAt && new Date(t.lastDiscussedAt),
      })),
      ...drafts.map((l) => ({
        type: 'lesson-validation' as const,
        referenceId: l.id,
        title: l.title,
        since: new Date(l.since),
      })),
      ...proposed.map((b) => ({
        type: 'best-practice-endorsement' as const,
        referenceId: b.id,
        title: b.title,
        since: new Date(b.since),
      })),
      ...rechecks.map((l) => ({
        type: 'lesson-recheck' as const,
        referenceId: l.id,
        title: l.title,
        recheckAt: new Date(l.recheckAt),
      })),
      ...incidents.map((i) => ({
        type: 'incident' as const,
        referenceId: i.id,
        title: i.title,
        severity: i.severity,
        publicAttention: i.publicAttention,
        recurrence: i.recurrence,
        occurredAt: new Date(i.occurredAt),
        confidential: i.confidentiality === Confidentiality.Confidential,
      })),
      { type: 'overdue-actions' as const, count: overdue[0]?.count ?? 0 },
    ];
  }
}
