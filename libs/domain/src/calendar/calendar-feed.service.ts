import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { PersonDto } from '../governance/dto/person.dto';
import { PeopleService } from '../governance/people.service';
import { PersonEntity } from '../governance/person.entity';
import { links } from '../notifications/email/links';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { localDate } from '../shared/local-date';
import { isSeriesInvitee } from '../reflection/is-series-invitee';
import { lockForUpdate } from '../shared/lock-for-update';
import { buildCalendar } from './build-calendar';
import { CalendarFeedLinks } from './calendar-feed-links.service';
import { sessionEvent } from './session-event';

const SUBJECT: AuditSubject = { type: 'person', fields: ['calendarFeedVersion'] };
const PAST_DAYS = 30;
/**
 * Most events a feed holds, so one request cannot build a calendar of unbounded size (someone
 * chairing several daily series has thousands of sessions within the horizon). A longer feed ends
 * at the start of the (Dutch) day that would cross it: every session before then is in, none after.
 */
const FEED_MAX_EVENTS = 2000;

interface SessionRow {
  id: string;
  calendar_uid: string;
  series_id: string;
  scheduled_at: Date;
  ends_at: Date;
  status: string;
  ical_sequence: number;
  updated_at: Date;
  agenda_sent_at: Date | null;
  title: string;
  time_zone: string;
  location: string | null;
  meeting_url: string | null;
}

/**
 * A person's calendar feed: the reflection sessions they chair or take part in, from 30 days
 * ago to the materialised horizon, reached with a secret URL instead of a bearer token (calendar
 * clients cannot send one).
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: CalendarFeedLinks,
    private readonly people: PeopleService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The iCalendar text, or not-found for a token that is malformed, revoked, of nobody or of someone who left. */
  async feed(token: string): Promise<string> {
    const personId = this.links.personIdOf(token);
    const [person] = personId
      ? await this.dataSource.query(
          // Someone who left: their feed stops with their tokens.
          `SELECT id, name, locale, calendar_feed_version FROM people WHERE id = $1 AND active`,
          [personId],
        )
      : [];
    if (!person || !this.links.verify(token, person.id, person.calendar_feed_version)) {
      throw DomainError.notFound('Calendar feed');
    }
    const since = new Date(this.clock.now().getTime() - PAST_DAYS * 86400_000);
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT s.id, coalesce(s.calendar_uid, s.id) AS calendar_uid, s.series_id, s.scheduled_at, s.ends_at,
              s.status, s.ical_sequence, s.updated_at,
              s.agenda_sent_at, r.title, r.time_zone, r.location, r.meeting_url
       FROM reflection_sessions s JOIN reflection_series r ON r.id = s.series_id
       WHERE ${isSeriesInvitee('r', '$1', '$3')}
         AND s.scheduled_at >= $2
         -- A session postponed past the horizon is still the event it moved (shown as cancelled
         -- without it).
         AND (r.materialised_until IS NULL OR s.scheduled_at <= r.materialised_until
              OR s.rescheduled_from_id IS NOT NULL)
         -- A postponed session with a replacement is that replacement's event, moved: left out
         -- here, whether or not the replacement falls within the feed (it is in the same series,
         -- which the series index finds; rescheduled_from_id has none).
         AND NOT (s.status = 'postponed' AND EXISTS (
               SELECT 1 FROM reflection_sessions n WHERE n.series_id = s.series_id AND n.rescheduled_from_id = s.id))
       ORDER BY s.scheduled_at, s.id
       LIMIT $4`,
      [person.id, since, localDate(this.clock.now()), FEED_MAX_EVENTS + 1],
    );
    // Too many: the feed ends where the day of the first one that does not fit begins.
    const end =
      rows.length > FEED_MAX_EVENTS
        ? DateTime.fromJSDate(rows[FEED_MAX_EVENTS].scheduled_at, { zone: 'Europe/Amsterdam' }).startOf('day')
        : null;
    const sessions = end ? rows.filter((s) => s.scheduled_at < end.toJSDate()) : rows;
    const sent = sessions.filter((s) => s.agenda_sent_at).map((s) => s.id);
    const items: {
      session_id: string;
      title: string;
      timebox_minutes: number;
      status: string;
      updated_at: Date;
    }[] = sent.length
      ? await this.dataSource.query(
          `SELECT session_id, title, timebox_minutes, status, updated_at FROM agenda_items
           WHERE session_id = ANY($1)
           ORDER BY session_id, position NULLS LAST, created_at, id`,
          [sent],
        )
      : [];
    // Grouped once: filtering every item per session is quadratic in a long feed. An item added,
    // changed or dropped on a sent agenda revises the event (its LAST-MODIFIED), as RFC 5545 asks.
    const agendaOf = new Map<string, { title: string; timeboxMinutes: number }[]>();
    const agendaChangedAt = new Map<string, Date>();
    for (const item of items) {
      const latest = agendaChangedAt.get(item.session_id);
      if (!latest || item.updated_at > latest) agendaChangedAt.set(item.session_id, item.updated_at);
      if (item.status === 'dropped' || item.status === 'carried-over') continue;
      const agenda = agendaOf.get(item.session_id) ?? [];
      agenda.push({ title: item.title, timeboxMinutes: item.timebox_minutes });
      agendaOf.set(item.session_id, agenda);
    }
    const revisedAt = (s: SessionRow) => {
      const agenda = agendaChangedAt.get(s.id);
      return agenda && agenda > s.updated_at ? agenda : s.updated_at;
    };
    const base = this.links.baseUrl;
    const events = sessions.map((s) =>
      sessionEvent(
        {
          id: s.id,
          calendarUid: s.calendar_uid,
          title: s.title,
          timeZone: s.time_zone,
          start: s.scheduled_at,
          end: s.ends_at,
          // Postponed without a replacement (the query left out those with one): not held.
          cancelled: s.status === 'cancelled' || s.status === 'postponed',
          location: s.location,
          meetingUrl: s.meeting_url,
          sequence: s.ical_sequence,
          updatedAt: revisedAt(s),
          url: links.session(base, s.id),
          agenda: s.agenda_sent_at ? (agendaOf.get(s.id) ?? []) : null,
        },
        person.locale === 'en' ? 'en' : 'nl',
      ),
    );
    return buildCalendar({
      name: `Leerlus: ${person.name}`,
      events,
      withoutEvents: { timeZone: 'Europe/Amsterdam', at: this.clock.now() },
    });
  }

  /** A new feed URL for the person (theirs, or any in the organisation for admins); the old one stops working. */
  async rotate(actor: Principal, personId: string): Promise<PersonDto> {
    await this.people.find(actor, personId);
    if (actor.personId !== personId) this.access.requireRole(actor, AccessRole.Admin);
    await this.dataSource.transaction(async (m) => {
      const person = await lockForUpdate(m, PersonEntity, personId, undefined, 'Person');
      const before = { id: person.id, calendarFeedVersion: person.calendarFeedVersion };
      await m.query(
        `UPDATE people SET calendar_feed_version = calendar_feed_version + 1, updated_at = now(), version = version + 1
         WHERE id = $1`,
        [personId],
      );
      const after = { id: person.id, calendarFeedVersion: person.calendarFeedVersion + 1 };
      await this.audit.updated(m, actor, SUBJECT, person.organisationId, before, after);
    });
    return this.people.get(actor, personId);
  }
}
