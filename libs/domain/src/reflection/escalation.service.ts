import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationChannel } from '../notifications/notification-channel';
import { NotificationSubjectType } from '../notifications/notification-subject-type';
import { NotificationWriter } from '../notifications/notification-writer.service';
import { WebhookEventPlanner } from '../notifications/webhook-event-planner.service';
import { Clock } from '../shared/clock';
import { localDate } from '../shared/local-date';
import { findMissedRuns, OUTCOME_GRACE_MS, SessionOutcomeFact } from './find-missed-runs';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { leadsOrAdmins } from '../governance/leads-or-admins';
import { lockSeries } from './lock-series';

const SERIES_SUBJECT = NotificationSubjectType.Series;
const KIND = 'reflection-escalation';
/** How far back the hourly sweep looks for sessions that went unrecorded. */
const SWEEP_WINDOW_MS = 60 * 24 * 60 * 60 * 1000;
/** Sessions either side of now that decide whether misses are "in a row". */
const NEIGHBOURS = 20;

/**
 * Tells the chain's owner, or the organisation's leads when there is no chain or no owner, that
 * reflection is being crowded out: two sessions of a series in a row were not held.
 */
@Injectable()
export class EscalationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: NotificationWriter,
    private readonly webhooks: WebhookEventPlanner,
    private readonly clock: Clock,
  ) {}

  /**
   * The hourly job: looks at every active series with a session that went unrecorded recently
   * (postponements and cancellations are checked the moment they happen). Idempotent; returns
   * the number of escalations planned.
   */
  async sweepEscalations(now: Date = this.clock.now()): Promise<number> {
    const rows: { seriesId: string }[] = await this.dataSource.query(
      `SELECT DISTINCT s.series_id AS "seriesId" FROM reflection_sessions s
       JOIN reflection_series r ON r.id = s.series_id
       WHERE r.active AND s.status IN ('planned', 'agenda-sent') AND s.ends_at < $1 AND s.ends_at >= $2`,
      [
        // An hour early: over the March clock change the outcome is due after 47 hours.
        new Date(now.getTime() - OUTCOME_GRACE_MS + 60 * 60 * 1000),
        new Date(now.getTime() - OUTCOME_GRACE_MS - SWEEP_WINDOW_MS),
      ],
    );
    let planned = 0;
    for (const { seriesId } of rows) {
      planned += await this.dataSource.transaction(async (m) => {
        const series = await m.findOne(ReflectionSeriesEntity, {
          where: { id: seriesId },
          lock: { mode: 'pessimistic_write' },
        });
        return series ? this.checkSeries(m, series, now) : 0;
      });
    }
    return planned;
  }

  /**
   * Plans an escalation for every run of misses with news since it was last escalated, in the
   * caller's transaction. Each further session missed in a run is news for the owner, once; a
   * change that makes several at once (a run joined up by one cancellation) is one message, about
   * the newest of them, listing the run.
   */
  async checkSeries(m: EntityManager, series: ReflectionSeriesEntity, now: Date): Promise<number> {
    // Two sessions of one series cancelled at the same moment must not both miss the other.
    await lockSeries(m, series.id);
    const sessions = await this.neighbours(m, series.id, now);
    const runs = findMissedRuns(sessions, now, series.timeZone);
    if (runs.length === 0) return 0;
    // The sessions the owner was told of already: each escalation names its run as it stood.
    // One cancelled before it went (its recipient left) told nobody: planned again.
    const told: { sessionId: string }[] = await m.query(
      `SELECT DISTINCT told.id AS "sessionId" FROM notifications n,
         LATERAL (SELECT n.payload->>'sessionId'
                  UNION ALL
                  SELECT missed->>'id' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(n.payload->'missedSessions') = 'array'
                                                                      THEN n.payload->'missedSessions' ELSE '[]' END) missed
                 ) told(id)
       WHERE n.subject_type = $1 AND n.subject_id = $2 AND n.kind = $3 AND n.status <> 'cancelled'`,
      [SERIES_SUBJECT, series.id, KIND],
    );
    const known = new Set(told.map((d) => d.sessionId));
    // A run has news while one of its sessions was not told of yet, wherever in the run it is.
    const fresh = runs
      .map((run) => ({ run, news: run.filter((id) => !known.has(id)) }))
      .filter(({ news }) => news.length > 0);
    if (fresh.length === 0) return 0;
    const recipients = await this.recipients(m, series, now);
    const byId = new Map(sessions.map((s) => [s.id, s]));
    for (const { run, news } of fresh) {
      // About the newest session not told of yet; the message lists the whole run.
      const sessionId = news[news.length - 1];
      const data = {
        seriesId: series.id,
        seriesTitle: series.title,
        chainId: series.chainId,
        sessionId,
        missedSessions: run.map((id) => {
          const s = byId.get(id) as SessionOutcomeFact;
          return { id: s.id, scheduledAt: s.scheduledAt.toISOString(), status: s.status };
        }),
      };
      for (const person of recipients) {
        await this.writer.plan(m, {
          organisationId: series.organisationId,
          recipientId: person.id,
          channel: NotificationChannel.Email,
          target: person.email,
          kind: KIND,
          subjectType: SERIES_SUBJECT,
          subjectId: series.id,
          dueAt: now,
          // One message per person: a series without chain may have several leads.
          dedupeKey: `series:${series.id}:escalation:${sessionId}:${person.id}`,
          payload: { ...data, recipientRole: person.role },
        });
      }
      await this.webhooks.plan(m, {
        organisationId: series.organisationId,
        event: 'reflection.escalated',
        subjectType: SERIES_SUBJECT,
        subjectId: series.id,
        dueAt: now,
        occurrence: sessionId,
        data,
      });
    }
    return fresh.length;
  }

  /** The last sessions up to now and the next ones after it: enough to see a run of misses. */
  private async neighbours(m: EntityManager, seriesId: string, now: Date): Promise<SessionOutcomeFact[]> {
    const rows: SessionOutcomeFact[] = await m.query(
      `(SELECT id, scheduled_at AS "scheduledAt", ends_at AS "endsAt", status,
               rescheduled_from_id AS "rescheduledFromId" FROM reflection_sessions
         WHERE series_id = $1 AND scheduled_at <= $2 ORDER BY scheduled_at DESC LIMIT $3)
       UNION ALL
       (SELECT id, scheduled_at, ends_at, status, rescheduled_from_id FROM reflection_sessions
         WHERE series_id = $1 AND scheduled_at > $2 ORDER BY scheduled_at ASC LIMIT $3)`,
      [seriesId, now, NEIGHBOURS],
    );
    return rows.map((r) => ({ ...r, scheduledAt: new Date(r.scheduledAt), endsAt: new Date(r.endsAt) }));
  }

  /** The chain's owner today; without chain or owner, the organisation's leads (or its admins). */
  private async recipients(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    now: Date,
  ): Promise<{ id: string; email: string; role: string }[]> {
    if (series.chainId) {
      const owners = await m.query(
        `SELECT DISTINCT p.id, p.email, 'owner' AS role FROM role_assignments a JOIN people p ON p.id = a.person_id
         WHERE a.chain_id = $1 AND a.role = 'owner' AND a.valid_from <= $2 AND (a.valid_to IS NULL OR a.valid_to >= $2)
           AND p.active`,
        [series.chainId, localDate(now)],
      );
      if (owners.length > 0) return owners;
    }
    const { people, as } = await leadsOrAdmins(m, series.organisationId);
    return people.map(({ id, email }) => ({ id, email, role: as }));
  }
}
