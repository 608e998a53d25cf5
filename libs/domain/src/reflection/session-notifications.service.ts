import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { leadsOrAdmins } from '../governance/leads-or-admins';
import { NotificationChannel } from '../notifications/notification-channel';
import { NotificationKind } from '../notifications/notification-kind';
import { NotificationSubjectType } from '../notifications/notification-subject-type';
import { localDate } from '../shared/local-date';
import { NotificationWriter } from '../notifications/notification-writer.service';
import { PlannedNotification } from '../notifications/planned-notification';
import { WebhookEvent, WebhookEventPlanner } from '../notifications/webhook-event-planner.service';
import { WebhookEventType } from '../notifications/webhook-event-type';
import { outcomeDueAt } from './outcome-due-at';
import { ReflectionSeriesEntity } from './reflection-series.entity';
import { ReflectionSessionEntity } from './reflection-session.entity';
import { noticeWindowEnd } from './notice-window-end';
import { scheduledAgendaSummaries } from './scheduled-agenda-summaries';
import { scheduledAgendaSummary } from './scheduled-agenda-summary';
import { sessionPayload } from './session-payload';
import { sessionReminderEvent } from './session-reminder-event';
import { SessionRecipient } from './session-recipient';
import { SessionStatus } from './session-status';

const SESSION_SUBJECT = NotificationSubjectType.Session;

/** Who joined and who left the invitees of a session whose messages do not say so yet. */
interface InviteeChange {
  session: ReflectionSessionEntity;
  added: SessionRecipient[];
  removed: SessionRecipient[];
}
const REMINDER_KINDS = ['session-reminder', 'session.reminder', 'outcome-request'];
/** Messages that put a session in a calendar (with a REQUEST). */
const INVITATION_KINDS = ['agenda', 'session-moved'];
const TAKEN_OFF = 'the person was taken off the session';

/**
 * Every message about a session, planned in the outbox inside the caller's transaction. The
 * kinds, subjects and dedupe keys are the contract with the delivery worker, which builds the
 * e-mail (and its .ics from the session) when a row comes due.
 */
@Injectable()
export class SessionNotifications {
  constructor(
    private readonly writer: NotificationWriter,
    private readonly webhooks: WebhookEventPlanner,
  ) {}

  /**
   * Who is invited now, those still active, chair first, each once: the chair, the participants
   * and, for a chain's series, the chain's triangle of the day (see isSeriesInvitee).
   */
  async recipients(m: EntityManager, series: ReflectionSeriesEntity, now: Date): Promise<SessionRecipient[]> {
    const ids = [series.chairId, ...(series.participants ?? []).map((p) => p.id)];
    const people: SessionRecipient[] = await m.query(
      `SELECT id, email, name FROM people p WHERE p.active AND (p.id = ANY($1::uuid[]) OR EXISTS (
         SELECT 1 FROM role_assignments ra WHERE ra.chain_id = $2 AND ra.person_id = p.id
           AND ra.valid_from <= $3 AND (ra.valid_to IS NULL OR ra.valid_to >= $3)))
       ORDER BY p.id`,
      [[...new Set(ids)], series.chainId, localDate(now)],
    );
    return people.sort((a, b) => Number(b.id === series.chairId) - Number(a.id === series.chairId));
  }

  /** Where the notice window ends: sessions starting later get their reminders from the daily job. */
  noticeWindowEnd(now: Date): Date {
    return noticeWindowEnd(now);
  }

  /**
   * Reminders at each offset before the start (those not yet past, or in `dueUnsent`: planned
   * before, due and not sent yet), and the chair's outcome request, for a session within the
   * notice window; returns whether it was. The outcome request marks a session as planned for
   * (see SessionScheduler.planDueReminders).
   */
  async planUpcoming(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    session: ReflectionSessionEntity,
    recipients: SessionRecipient[],
    now: Date,
    dueUnsent: Set<string> = new Set(),
  ): Promise<boolean> {
    return (await this.planUpcomingMany(m, series, [session], recipients, now, dueUnsent)) > 0;
  }

  /**
   * `planUpcoming` for several sessions of a series at once, in a few statements whatever their
   * number (an edit of a daily series replans two months of sessions while holding its lock).
   * Returns how many were within the notice window.
   */
  async planUpcomingMany(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    sessions: ReflectionSessionEntity[],
    recipients: SessionRecipient[],
    now: Date,
    dueUnsent: Set<string> = new Set(),
  ): Promise<number> {
    const within = sessions.filter((session) => session.scheduledAt <= this.noticeWindowEnd(now));
    const events: WebhookEvent[] = [];
    const dueUnsentWebhooks = [...dueUnsent].filter((key) => key.startsWith('webhook:'));
    for (const session of within) {
      for (const offset of series.reminderOffsets) {
        const event = sessionReminderEvent(series, session, offset);
        const webhookKey = `:session.reminder:${session.id}:${event.occurrence}`;
        if (event.dueAt < now && !dueUnsentWebhooks.some((key) => key.endsWith(webhookKey))) continue;
        events.push(event);
      }
    }
    await this.webhooks.planMany(m, events);
    await this.writer.planMany(m, reminderMails(series, within, recipients, now, dueUnsent));
    await this.planOutcomeRequests(
      m,
      series,
      within,
      recipients.find((p) => p.id === series.chairId),
    );
    return within.length;
  }

  /**
   * The e-mail reminders of sessions already planned for (see planUpcomingMany) to people who joined
   * their series: those still to come, in one statement per thousand. What the others get, the
   * webhook events and the outcome requests are not about who joined, and stay as they are.
   */
  async planRemindersTo(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    sessions: ReflectionSessionEntity[],
    newcomers: SessionRecipient[],
    now: Date,
  ): Promise<void> {
    if (newcomers.length === 0) return;
    const within = sessions.filter((session) => session.scheduledAt <= this.noticeWindowEnd(now));
    await this.writer.planMany(m, reminderMails(series, within, newcomers, now));
  }

  /**
   * The series' title, place or meeting link changed: the reminders and outcome requests of these
   * sessions not sent yet carry them as they are now, in one statement however many there are (a
   * daily series with a hundred invitees has 13,000). Rewritten in place rather than planned again:
   * their keys, times and recipients stay what they were, and so does their state (a queued one
   * stays queued, its job waiting out a backoff). The e-mails are written from the session when
   * sent; webhooks send the payload as planned.
   */
  async followSeriesDetails(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    sessionIds: string[],
  ): Promise<void> {
    if (sessionIds.length === 0) return;
    const details = JSON.stringify({
      seriesTitle: series.title,
      location: series.location,
      meetingUrl: series.meetingUrl,
    });
    await m.query(
      `UPDATE notifications SET updated_at = now(), version = version + 1,
         payload = CASE WHEN channel = 'webhook'
                     THEN jsonb_set(payload, '{data}', coalesce(payload->'data', '{}'::jsonb) || $4::jsonb)
                     ELSE payload || $4::jsonb END
       WHERE subject_type = $1 AND subject_id = ANY($2::uuid[]) AND kind = ANY($3::text[])
         AND status IN ('pending', 'queued')`,
      [SESSION_SUBJECT, sessionIds, REMINDER_KINDS, details],
    );
  }

  /**
   * The request to record each session's outcome, two days after its end: one message, to whoever
   * chairs it (`chair`, active). Without an active chair, one to each of the organisation's leads
   * (or admins: leadsOrAdmins), standing in, instead. A caller planning it again cancels what was
   * planned before (cancelReminders, cancelOutcomeRequests or cancelStandInRequests), so that only
   * who is asked now is. One statement for all the sessions (and one for the stand-ins).
   */
  async planOutcomeRequests(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    sessions: ReflectionSessionEntity[],
    chair: SessionRecipient | undefined,
  ): Promise<void> {
    if (sessions.length === 0) return;
    const standIns = new Map<string, SessionRecipient[]>();
    if (!chair)
      for (const organisationId of new Set(sessions.map((s) => s.organisationId)))
        standIns.set(organisationId, (await leadsOrAdmins(m, organisationId)).people);
    const requests = sessions.flatMap((session) => {
      const key = `session:${session.id}:outcome-request`;
      const asked = chair
        ? [{ person: chair, dedupeKey: key, payload: sessionPayload(series, session) }]
        : (standIns.get(session.organisationId) ?? []).map((person) => ({
            person,
            dedupeKey: `${key}:${person.id}`,
            payload: { ...sessionPayload(series, session), standIn: true },
          }));
      return asked.map(({ person, dedupeKey, payload }) => ({
        ...mail(session, person),
        kind: 'outcome-request' as const,
        dueAt: outcomeDueAt(session.endsAt, series.timeZone),
        dedupeKey,
        payload,
      }));
    });
    await this.writer.planMany(m, requests);
  }

  /**
   * The last reminder of each session that fell due between `since` and now, to `newcomers`: a
   * handover the daily job follows took effect at midnight, and a reminder due in between went to
   * neither holder (the former one is no longer invited at send, the new one was not yet reminded).
   * Only the last: an earlier one would say less than it. One statement for all the sessions.
   */
  async planMissedReminders(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    sessions: ReflectionSessionEntity[],
    newcomers: SessionRecipient[],
    since: Date,
    now: Date,
  ): Promise<void> {
    const missedReminders = sessions.flatMap((session) => {
      const [missed] = series.reminderOffsets
        .map((offset) => ({ offset, event: sessionReminderEvent(series, session, offset) }))
        .filter(({ event }) => event.dueAt >= since && event.dueAt < now)
        .sort((a, b) => b.event.dueAt.getTime() - a.event.dueAt.getTime());
      if (!missed) return [];
      return newcomers.map((person) => ({
        ...mail(session, person),
        kind: 'session-reminder' as const,
        dueAt: now,
        dedupeKey: `session:${session.id}:reminder:${missed.offset}:${person.id}:${session.scheduledAt.toISOString()}`,
        payload: missed.event.data,
      }));
    });
    await this.writer.planMany(m, missedReminders);
  }

  /** The keys of the messages of sessions that fell due and were not sent (the worker is behind). */
  dueUnsentKeys(m: EntityManager, sessionIds: string | string[], now: Date): Promise<Set<string>> {
    return this.writer.dueUnsentKeys(m, SESSION_SUBJECT, sessionIds, now);
  }

  /**
   * The agenda to everyone invited, due at `dueAt` (now, or when its lead time came if it goes out
   * later); the icalSequence in the key lets a changed agenda go out again, in place of an earlier
   * one not sent yet (both would be written as it is now).
   */
  async planAgenda(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    session: ReflectionSessionEntity,
    recipients: SessionRecipient[],
    agenda: Record<string, unknown>,
    dueAt: Date,
  ): Promise<void> {
    const payload = { ...sessionPayload(series, session), agenda };
    // Only an earlier agenda: a replacement session's move, with its reason, still goes.
    await this.writer.cancelForSubject(m, SESSION_SUBJECT, session.id, 'a newer agenda takes its place', [
      'agenda',
    ]);
    await this.writer.planMany(m, agendaMails(session, recipients, dueAt, payload));
    await this.publishAgenda(m, session, payload, dueAt);
  }

  /**
   * An agenda that never went: its session began before any worker sent it (none ran in its lead
   * time). A cancelled row per invitee, due when it was, says so in the delivery log.
   */
  async recordMissedAgenda(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    session: ReflectionSessionEntity,
    recipients: SessionRecipient[],
    dueAt: Date,
  ): Promise<void> {
    await this.writer.planMany(m, agendaMails(session, recipients, dueAt, sessionPayload(series, session)));
    await this.writer.cancelForSubject(
      m,
      SESSION_SUBJECT,
      session.id,
      'the session had begun before its agenda went out',
      ['agenda'],
    );
  }

  /**
   * Tells everyone of the new session that the old one moved, with the new time; whoever else has
   * the old one in their calendar gets its withdrawal (withdrawFromOthers).
   */
  async planMoved(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    previous: ReflectionSessionEntity,
    next: ReflectionSessionEntity,
    recipients: SessionRecipient[],
    now: Date,
  ): Promise<void> {
    const payload = {
      ...sessionPayload(series, next),
      previousSessionId: previous.id,
      previousScheduledAt: previous.scheduledAt.toISOString(),
      previousIcalSequence: previous.icalSequence,
      reason: previous.statusReason,
    };
    await this.writer.planMany(
      m,
      recipients.map((person) => ({
        ...mail(next, person),
        kind: 'session-moved',
        dueAt: now,
        dedupeKey: `session:${next.id}:moved:${person.id}`,
        payload,
      })),
    );
    // The event moves under the same UID: who has it but is not invited would keep it where it was.
    await this.withdrawFromOthers(m, previous, recipients, now);
    // Subscribers that had the agenda of the old session hear it moved, to the new one.
    await this.webhooks.plan(m, {
      organisationId: next.organisationId,
      event: WebhookEventType.SessionPostponed,
      subjectType: SESSION_SUBJECT,
      subjectId: previous.id,
      dueAt: now,
      occurrence: 'postponed',
      data: payload,
    });
    // An agenda that went out moved with it (and is not sent again): subscribers get it for the new
    // session, as e-mail recipients get it with the move (one not yet delivered to them was
    // cancelled with the old session's messages).
    if (next.status === SessionStatus.AgendaSent)
      await this.publishAgenda(
        m,
        next,
        { ...sessionPayload(series, next), agenda: await scheduledAgendaSummary(m, series, next) },
        now,
      );
  }

  /**
   * Tells everyone the session is off (the .ics cancels the event), and whoever else has it in their
   * calendar gets its withdrawal (withdrawFromOthers). A cause the system gave (the series stopped)
   * goes with the reason: mails write it in the recipient's language. A session that is over
   * (recorded afterwards as not taken place) is mailed to nobody, not withdrawn either: a CANCEL
   * would strike a past meeting from calendars and tell people of an event gone by. Webhook
   * subscribers still hear of it, as of any outcome recorded.
   */
  async planCancelled(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    session: ReflectionSessionEntity,
    recipients: SessionRecipient[],
    now: Date,
    cause?: string,
  ): Promise<void> {
    const payload = {
      ...sessionPayload(series, session),
      reason: session.statusReason,
      ...(cause ? { cause } : {}),
    };
    if (session.endsAt > now) {
      await this.writer.planMany(
        m,
        recipients.map((person) => ({
          ...mail(session, person),
          kind: 'session-cancelled',
          dueAt: now,
          dedupeKey: `session:${session.id}:cancelled:${person.id}`,
          payload,
        })),
      );
      await this.withdrawFromOthers(m, session, recipients, now);
    }
    await this.webhooks.plan(m, {
      organisationId: session.organisationId,
      event: 'session.cancelled',
      subjectType: SESSION_SUBJECT,
      subjectId: session.id,
      dueAt: now,
      occurrence: 'cancelled',
      data: payload,
    });
  }

  /**
   * Who is invited changed after the agenda went out: newcomers get the agenda the others got (the
   * invitation), and those no longer invited get a cancellation of their own instead of anything
   * still to come about the session. Each change is its own message (the moment is in the key):
   * someone taken off and put back on the list is invited again. `changes`: who joined and who
   * left each session (see notYetTold), all of them in a few statements.
   */
  async planInviteesChanged(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    changes: InviteeChange[],
    now: Date,
  ): Promise<void> {
    if (changes.length === 0) return;
    const sent = await this.lastInvitations(
      m,
      changes.map(({ session }) => session.id),
    );
    // A newcomer to a postponed session's replacement never had the session that moved: they are
    // not told that it moved. Once its agenda went out they are invited with it, as it stands;
    // before, they get the agenda with the others.
    const movedAway = (change: InviteeChange) =>
      sent.get(change.session.id)?.kind === 'session-moved' && change.added.length > 0;
    const agendas = await scheduledAgendaSummaries(
      m,
      series,
      changes
        .filter((change) => movedAway(change) && change.session.status === SessionStatus.AgendaSent)
        .map(({ session }) => session),
    );
    const invitationOf = (change: InviteeChange) => {
      const { session } = change;
      if (!movedAway(change)) return sent.get(session.id);
      if (!agendas.has(session.id)) return undefined;
      const payload = { ...sessionPayload(series, session), agenda: agendas.get(session.id) };
      return { kind: 'agenda' as const, payload };
    };
    // No invitation went out yet: newcomers get the agenda with the others.
    const invitations = changes.flatMap((change) => {
      const invitation = invitationOf(change);
      return invitation && change.added.length > 0 ? [{ ...change, invitation }] : [];
    });
    // Put back on the list before their withdrawal went out (of the session, or of the one it
    // replaces: the same event): it no longer stands.
    await this.writer.cancelForPairs(
      m,
      SESSION_SUBJECT,
      await this.acrossEvents(
        m,
        invitations.flatMap(({ session, added }) =>
          added.map((person) => ({ subjectId: session.id, recipientId: person.id })),
        ),
      ),
      'the person was put back on the session',
      ['session-uninvited'],
    );
    await this.writer.planMany(
      m,
      invitations.flatMap(({ session, added, invitation }) =>
        added.map((person) => ({
          ...mail(session, person),
          kind: invitation.kind,
          dueAt: now,
          dedupeKey: `session:${session.id}:invited:${person.id}:${now.getTime()}`,
          payload: invitation.payload,
        })),
      ),
    );
    const taken = changes.flatMap(({ session, removed }) =>
      removed.map((person) => ({ session, person, subjectId: session.id, recipientId: person.id })),
    );
    if (taken.length === 0) return;
    // Only a calendar that got the invitation has something to cancel; one a worker is sending
    // right now (claimed) may get it yet, and is recorded as sent though cancelled here. The
    // invitation to the session it replaces counts: the move that was to carry it there goes no more.
    const pairs = await this.acrossEvents(m, taken);
    const invited: { sessionId: string; recipientId: string }[] = await m.query(
      `SELECT DISTINCT p.session_id AS "sessionId", n.recipient_id AS "recipientId" FROM notifications n
       JOIN unnest($2::uuid[], $3::uuid[], $4::uuid[]) AS p (subject_id, recipient_id, session_id)
         ON p.subject_id = n.subject_id AND p.recipient_id = n.recipient_id
       WHERE n.subject_type = $1 AND n.kind = ANY($5::text[])
         AND (n.status = 'sent' OR (n.status IN ('pending', 'queued') AND n.claimed_until > $6))`,
      [
        SESSION_SUBJECT,
        pairs.map((pair) => pair.subjectId),
        pairs.map((pair) => pair.recipientId),
        pairs.map((pair) => pair.sessionId),
        INVITATION_KINDS,
        now,
      ],
    );
    const withInvitation = new Set(invited.map((row) => `${row.sessionId}:${row.recipientId}`));
    await this.writer.cancelForPairs(m, SESSION_SUBJECT, taken, TAKEN_OFF);
    await this.writer.planMany(
      m,
      taken
        .filter(({ subjectId, recipientId }) => withInvitation.has(`${subjectId}:${recipientId}`))
        .map(({ session, person }) => ({
          ...mail(session, person),
          kind: 'session-uninvited',
          dueAt: now,
          dedupeKey: `session:${session.id}:uninvited:${person.id}:${now.getTime()}`,
          payload: { sessionId: session.id },
        })),
    );
  }

  /**
   * Each pair of a session and a person, for every session of the session's calendar event: itself,
   * and those it replaces or that replace it (a postponed session hands its UID on). `sessionId`
   * is the pair's own session. One statement.
   */
  private async acrossEvents(
    m: EntityManager,
    pairs: { subjectId: string; recipientId: string }[],
  ): Promise<{ subjectId: string; recipientId: string; sessionId: string }[]> {
    if (pairs.length === 0) return [];
    return m.query(
      `SELECT DISTINCT e.id AS "subjectId", p.recipient_id AS "recipientId", s.id AS "sessionId"
       FROM unnest($1::uuid[], $2::uuid[]) AS p (session_id, recipient_id)
       JOIN reflection_sessions s ON s.id = p.session_id
       JOIN reflection_sessions e ON e.series_id = s.series_id
         AND coalesce(e.calendar_uid, e.id) = coalesce(s.calendar_uid, s.id)`,
      [pairs.map((pair) => pair.subjectId), pairs.map((pair) => pair.recipientId)],
    );
  }

  /**
   * The event of a session that moved or is off goes to `recipients` as it now is (the caller
   * cancelled what was still to go about the session, withdrawals too): whoever else has it in their
   * calendar gets its withdrawal (a CANCEL for them alone), or it stays there. Those taken off before
   * whose withdrawal had not gone out (deactivated or deleted since too), or in the same change (a
   * series stopped and its participants edited at once), or by a handover the daily job has not
   * followed yet. Who has it: their last
   * invitation or withdrawal that went (or is going: claimed) was an invitation, of this session or
   * of one it replaces (a postponed session hands its UID on). One still to go of the event (of the
   * session it moved from) does: a calendar takes one CANCEL. Written when sent, it carries the
   * SEQUENCE the change raised, above that of their invitation.
   */
  private async withdrawFromOthers(
    m: EntityManager,
    session: ReflectionSessionEntity,
    recipients: SessionRecipient[],
    now: Date,
  ): Promise<void> {
    // By person, or by address for someone deleted since (their messages keep it, not them).
    const others: { recipientId: string | null; target: string }[] = await m.query(
      `WITH event AS (
         SELECT id FROM reflection_sessions WHERE series_id = $1 AND coalesce(calendar_uid, id) = $2
       ), calendar AS (
         SELECT n.recipient_id, n.target, n.kind, n.status, n.claimed_until, n.sent_at, n.updated_at, n.created_at,
           coalesce(n.recipient_id::text, lower(n.target)) AS holder
         FROM notifications n
         WHERE n.subject_type = $3 AND n.subject_id IN (SELECT id FROM event) AND n.channel = 'email'
           AND n.kind = ANY($4::text[])
       )
       SELECT last.recipient_id AS "recipientId", coalesce(p.email, last.target) AS target FROM (
         SELECT DISTINCT ON (holder) holder, recipient_id, target, kind FROM calendar
         WHERE status = 'sent' OR claimed_until > $5
         ORDER BY holder, coalesce(sent_at, updated_at) DESC, created_at DESC
       ) last LEFT JOIN people p ON p.id = last.recipient_id
       WHERE last.kind <> 'session-uninvited'
         AND (last.recipient_id IS NULL OR NOT last.recipient_id = ANY($6::uuid[]))
         AND NOT EXISTS (SELECT 1 FROM calendar w WHERE w.holder = last.holder
           AND w.kind = 'session-uninvited' AND w.status IN ('pending', 'queued'))
       ORDER BY last.holder`,
      [
        session.seriesId,
        session.calendarUid ?? session.id,
        SESSION_SUBJECT,
        [...INVITATION_KINDS, 'session-uninvited'],
        now,
        recipients.map((person) => person.id),
      ],
    );
    await this.writer.planMany(
      m,
      others.map(({ recipientId, target }) => ({
        organisationId: session.organisationId,
        recipientId,
        channel: NotificationChannel.Email,
        target,
        kind: 'session-uninvited',
        subjectType: SESSION_SUBJECT,
        subjectId: session.id,
        dueAt: now,
        dedupeKey: `session:${session.id}:uninvited:${recipientId ?? target}:${now.getTime()}`,
        payload: { sessionId: session.id },
      })),
    );
  }

  /**
   * Of who joined and who left the list, those each session's messages do not show so yet: a
   * newcomer whose last word about it was no invitation, a leaver whose was. Whoever finds a
   * change twice (a handover followed when written and again by the daily job) sends it once.
   * One statement for all the sessions; those with nothing to tell are left out.
   */
  async notYetTold(
    m: EntityManager,
    sessions: ReflectionSessionEntity[],
    added: SessionRecipient[],
    removed: SessionRecipient[],
  ): Promise<InviteeChange[]> {
    const people = [...added, ...removed].map((p) => p.id);
    if (people.length === 0 || sessions.length === 0) return [];
    const rows: { sessionId: string; recipientId: string; kind: string }[] = await m.query(
      `SELECT DISTINCT ON (subject_id, recipient_id) subject_id AS "sessionId", recipient_id AS "recipientId", kind
       FROM notifications
       WHERE subject_type = $1 AND subject_id = ANY ($2::uuid[]) AND recipient_id = ANY ($3::uuid[])
         AND kind = ANY ($4::text[]) AND status <> 'cancelled'
       ORDER BY subject_id, recipient_id, created_at DESC, id DESC`,
      [
        SESSION_SUBJECT,
        sessions.map((session) => session.id),
        people,
        [...INVITATION_KINDS, 'session-uninvited'],
      ],
    );
    const invited = new Set(
      rows.filter((r) => INVITATION_KINDS.includes(r.kind)).map((r) => `${r.sessionId}:${r.recipientId}`),
    );
    return sessions
      .map((session) => ({
        session,
        added: added.filter((p) => !invited.has(`${session.id}:${p.id}`)),
        removed: removed.filter((p) => invited.has(`${session.id}:${p.id}`)),
      }))
      .filter((change) => change.added.length > 0 || change.removed.length > 0);
  }

  /**
   * The series' title, place or meeting link changed after the sessions' invitations went out:
   * everyone invited gets theirs again, as it is now (the e-mail and its .ics are written when sent,
   * with the raised SEQUENCE). It takes the place of an invitation not sent yet. A few statements
   * for all the sessions: a long agenda lead time has many of them announced.
   */
  async planReinvited(
    m: EntityManager,
    series: ReflectionSeriesEntity,
    sessions: ReflectionSessionEntity[],
    recipients: SessionRecipient[],
    now: Date,
  ): Promise<void> {
    const sent = await this.lastInvitations(
      m,
      sessions.map((session) => session.id),
    );
    const announced = sessions.filter((session) => sent.has(session.id));
    if (announced.length === 0) return;
    const kindOf = (session: ReflectionSessionEntity) => sent.get(session.id)?.kind as string;
    // Who got it: to them it goes again; to the others in place of the one not sent yet (a
    // replacement's move, with its reason, still goes as a move).
    // Who has it in their calendar now: their last invitation or withdrawal sent was an invitation
    // (someone withdrawn and invited back since is a newcomer, not told of a change).
    const told: { sessionId: string; id: string }[] = await m.query(
      `SELECT "sessionId", id FROM (
         SELECT DISTINCT ON (n.subject_id, n.recipient_id) n.subject_id AS "sessionId", n.recipient_id AS id,
           n.kind, k.kind AS invitation
         FROM notifications n JOIN unnest($2::uuid[], $3::text[]) AS k (session_id, kind) ON k.session_id = n.subject_id
         WHERE n.subject_type = $1 AND n.kind IN (k.kind, 'session-uninvited') AND n.status = 'sent'
         ORDER BY n.subject_id, n.recipient_id, coalesce(n.sent_at, n.updated_at) DESC, n.created_at DESC
       ) last WHERE kind = invitation`,
      [SESSION_SUBJECT, announced.map((session) => session.id), announced.map(kindOf)],
    );
    const again = new Set(told.map((row) => `${row.sessionId}:${row.id}`));
    for (const kind of INVITATION_KINDS) {
      const ofKind = announced.filter((session) => kindOf(session) === kind).map((session) => session.id);
      if (ofKind.length > 0)
        await this.writer.cancelForSubject(m, SESSION_SUBJECT, ofKind, 'a newer invitation takes its place', [
          kind,
        ]);
    }
    // The agendas as they stand, not as stored: an item's title may be masked since.
    const agendas = await scheduledAgendaSummaries(
      m,
      series,
      announced.filter((session) => kindOf(session) === 'agenda'),
    );
    const payloads = new Map(
      announced.map((session) => {
        const payload: Record<string, unknown> = {
          ...sent.get(session.id)?.payload,
          ...sessionPayload(series, session),
        };
        if (agendas.has(session.id)) payload.agenda = agendas.get(session.id);
        return [session.id, payload];
      }),
    );
    await this.writer.planMany(
      m,
      announced.flatMap((session) => {
        const payload = payloads.get(session.id) as Record<string, unknown>;
        return recipients.map((person) => ({
          ...mail(session, person),
          kind: sent.get(session.id)?.kind as `${NotificationKind}`,
          dueAt: now,
          dedupeKey: `session:${session.id}:reinvited:${person.id}:${session.icalSequence}`,
          // Marked as sent again: a move's mail then says what changed, not that the time did.
          payload: again.has(`${session.id}:${person.id}`) ? { ...payload, reinvited: true } : payload,
        }));
      }),
    );
    // Subscribers got the agenda too: they hear of the change as they heard of it.
    await this.publishAgendas(
      m,
      announced
        .filter((session) => agendas.has(session.id))
        .map((session) => ({ session, payload: payloads.get(session.id) as Record<string, unknown> })),
      now,
    );
  }

  /**
   * The agenda.published webhook of a session's agenda as of its SEQUENCE, in place of an earlier
   * one not sent yet: a retry of that one reached subscribers after this, with the old place.
   */
  private publishAgenda(
    m: EntityManager,
    session: ReflectionSessionEntity,
    payload: Record<string, unknown>,
    dueAt: Date,
  ): Promise<void> {
    return this.publishAgendas(m, [{ session, payload }], dueAt);
  }

  /** `publishAgenda` of several sessions, in a few statements. */
  private async publishAgendas(
    m: EntityManager,
    agendas: { session: ReflectionSessionEntity; payload: Record<string, unknown> }[],
    dueAt: Date,
  ): Promise<void> {
    if (agendas.length === 0) return;
    await this.writer.cancelForSubject(
      m,
      SESSION_SUBJECT,
      agendas.map(({ session }) => session.id),
      'a newer agenda takes its place',
      ['agenda.published'],
    );
    await this.webhooks.planMany(
      m,
      agendas.map(({ session, payload }) => ({
        organisationId: session.organisationId,
        event: 'agenda.published',
        subjectType: SESSION_SUBJECT,
        subjectId: session.id,
        dueAt,
        occurrence: String(session.icalSequence),
        data: payload,
      })),
    );
  }

  /**
   * The invitation each session's invitees got, by session id (those that have one), in one
   * statement: the agenda, or for a postponed session's replacement the move. What one newcomer
   * was sent (`:invited:`) is not what all got.
   */
  private async lastInvitations(
    m: EntityManager,
    sessionIds: string[],
  ): Promise<Map<string, { kind: `${NotificationKind}`; payload: Record<string, unknown> }>> {
    const found = new Map<string, { kind: `${NotificationKind}`; payload: Record<string, unknown> }>();
    if (sessionIds.length === 0) return found;
    const rows: { sessionId: string; kind: `${NotificationKind}`; payload: Record<string, unknown> }[] =
      await m.query(
        `SELECT DISTINCT ON (subject_id) subject_id AS "sessionId", kind, payload FROM notifications
         WHERE subject_type = $1 AND subject_id = ANY($2::uuid[]) AND kind = ANY($3::text[])
           AND dedupe_key NOT LIKE '%:invited:%'
         ORDER BY subject_id, created_at DESC, id`,
        [SESSION_SUBJECT, sessionIds, INVITATION_KINDS],
      );
    for (const { sessionId, kind, payload } of rows) {
      // As invitations are made from it: whether this one was a resend is its recipients' business.
      const { reinvited: _resent, ...rest } = payload;
      found.set(sessionId, { kind, payload: rest });
    }
    return found;
  }

  /**
   * Cancels every message about a session that has not gone out yet (it moved, was held or is off),
   * saying why ("the session has moved").
   */
  cancelAll(m: EntityManager, sessionIds: string | string[], reason: string): Promise<number> {
    return this.writer.cancelForSubject(m, SESSION_SUBJECT, sessionIds, reason);
  }

  /**
   * Cancels the stand-ins' requests to record a session's outcome not yet sent, to plan them again
   * (the chair's one message is planned again in place).
   */
  async cancelStandInRequests(m: EntityManager, sessionIds: string | string[]): Promise<void> {
    // Those asked again are revived (and lose it); the others are no longer asked. The chair's key
    // is the session's own (planOutcomeRequests).
    await m.query(
      `UPDATE notifications SET status = 'cancelled', cancel_reason = 'someone else is asked for the outcome now',
         updated_at = now(), version = version + 1
       WHERE subject_type = $1 AND subject_id = ANY($2::uuid[]) AND kind = 'outcome-request'
         AND dedupe_key <> 'session:' || subject_id || ':outcome-request' AND status IN ('pending', 'queued')`,
      [SESSION_SUBJECT, [sessionIds].flat()],
    );
  }

  /** Cancels the outcome requests not yet sent, to plan them again (see cancelReminders). */
  cancelOutcomeRequests(m: EntityManager, sessionIds: string[], reason: string): Promise<number> {
    return this.writer.cancelForSubject(m, SESSION_SUBJECT, sessionIds, reason, ['outcome-request']);
  }

  /**
   * The reminders of people taken off a series, in its sessions still ahead, cancelled saying so
   * (a caller planning the rest again cancels those with its own, more general reason).
   */
  async cancelRemindersOfRemoved(
    m: EntityManager,
    seriesId: string,
    removedIds: string[],
    now: Date,
  ): Promise<void> {
    const ahead: { id: string }[] = await m.query(
      `SELECT id FROM reflection_sessions WHERE series_id = $1 AND scheduled_at > $2`,
      [seriesId, now],
    );
    if (ahead.length === 0) return;
    await this.writer.cancelForSubjectRecipient(
      m,
      SESSION_SUBJECT,
      ahead.map((s) => s.id),
      removedIds,
      TAKEN_OFF,
      REMINDER_KINDS,
    );
  }

  /**
   * Cancels the reminders and the outcome request not yet sent, to plan them again: those planned
   * again are revived, the others keep the reason.
   */
  cancelReminders(m: EntityManager, sessionIds: string | string[], reason: string): Promise<number> {
    return this.writer.cancelForSubject(m, SESSION_SUBJECT, sessionIds, reason, REMINDER_KINDS);
  }
}

/** A session's agenda to each of `recipients`, one message per person and icalSequence. */
function agendaMails(
  session: ReflectionSessionEntity,
  recipients: SessionRecipient[],
  dueAt: Date,
  payload: Record<string, unknown>,
): PlannedNotification[] {
  return recipients.map((person) => ({
    ...mail(session, person),
    kind: 'agenda',
    dueAt,
    dedupeKey: `session:${session.id}:agenda:${person.id}:${session.icalSequence}`,
    payload,
  }));
}

/**
 * The reminders of sessions at each of the series' offsets to each of `people`: those still to come,
 * and those in `dueUnsent` (planned before, due and not sent yet: the worker is behind).
 */
function reminderMails(
  series: ReflectionSeriesEntity,
  sessions: ReflectionSessionEntity[],
  people: SessionRecipient[],
  now: Date,
  dueUnsent: Set<string> = new Set(),
): PlannedNotification[] {
  const reminders: PlannedNotification[] = [];
  for (const session of sessions)
    for (const offset of series.reminderOffsets) {
      const event = sessionReminderEvent(series, session, offset);
      const past = event.dueAt < now;
      for (const person of people) {
        const dedupeKey = `session:${session.id}:reminder:${offset}:${person.id}:${session.scheduledAt.toISOString()}`;
        if (past && !dueUnsent.has(dedupeKey)) continue;
        reminders.push({
          ...mail(session, person),
          kind: 'session-reminder',
          dueAt: event.dueAt,
          dedupeKey,
          payload: event.data,
        });
      }
    }
  return reminders;
}

function mail(session: ReflectionSessionEntity, person: SessionRecipient) {
  return {
    organisationId: session.organisationId,
    recipientId: person.id,
    channel: NotificationChannel.Email,
    target: person.email,
    subjectType: SESSION_SUBJECT,
    subjectId: session.id,
  };
}
