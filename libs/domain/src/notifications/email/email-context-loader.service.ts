import { AppConfig } from '@app/config';
import { mailFromPerson } from './mail-from-person';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfidentialityFilter } from '../../incidents/confidentiality-filter';
import { ReportSnapshotDto } from '../../reports/dto/report-snapshot.dto';
import { ReportSnapshotEntity } from '../../reports/report-snapshot.entity';
import { ClaimedNotification } from '../claimed-notification';
import { NotificationSubjectType } from '../notification-subject-type';
import { preparedQuery } from '../../shared/prepared-query';
import { SubjectGoneError } from '../subject-gone.error';
import { EmailContext, SessionContext } from './email-context';
import { Clock } from '../../shared/clock';
import { localDate } from '../../shared/local-date';
import { DUTCH_COLLATION } from '../../shared/dutch-collation';

/**
 * Loads what an e-mail says at the moment it is sent (not when it was planned), so a moved
 * session or an edited agenda goes out as it is now.
 */
@Injectable()
export class EmailContextLoader {
  /**
   * Session loads in flight: a session's reminders fall due together (one per participant) and
   * are delivered side by side, so they share one query instead of running the same one each.
   * Only loads still running are shared; nothing is cached.
   */
  private readonly sessionsInFlight = new Map<string, Promise<SessionContext>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly confidentiality: ConfidentialityFilter,
    private readonly clock: Clock,
  ) {}

  async load(n: ClaimedNotification): Promise<EmailContext> {
    const context: EmailContext = {
      notificationId: n.id,
      kind: n.kind,
      locale: n.recipient_locale === 'en' ? 'en' : 'nl',
      recipientName: n.recipient_name,
      recipientEmail: n.target,
      organisationName: n.organisation_name ?? 'Leerlus',
      sender: mailFromPerson(this.config.MAIL_FROM),
      baseUrl: this.config.PUBLIC_BASE_URL.replace(/\/+$/, ''),
      payload: n.payload ?? {},
    };
    switch (n.subject_type) {
      case NotificationSubjectType.Session:
        context.session = await this.session(n.subject_id);
        break;
      case NotificationSubjectType.Series:
        context.series = await this.series(n.subject_id);
        break;
      case NotificationSubjectType.Action:
        context.action = await this.action(n.subject_id, n.recipient_id);
        break;
      case NotificationSubjectType.ReportSnapshot:
        context.reportSnapshot = await this.reportSnapshot(n.subject_id);
        break;
    }
    return context;
  }

  private async reportSnapshot(id: string): Promise<ReportSnapshotDto> {
    const snapshot = await this.dataSource.getRepository(ReportSnapshotEntity).findOneBy({ id });
    if (!snapshot) throw new SubjectGoneError('report snapshot', id);
    return ReportSnapshotDto.from(snapshot);
  }

  private session(id: string): Promise<SessionContext> {
    let loading = this.sessionsInFlight.get(id);
    if (!loading) {
      loading = this.loadSession(id).finally(() => this.sessionsInFlight.delete(id));
      this.sessionsInFlight.set(id, loading);
    }
    return loading;
  }

  /** The session with its series, chair, participants and agenda, in one query. */
  private async loadSession(id: string): Promise<SessionContext> {
    const [row] = await preparedQuery<Record<string, any>>(
      this.dataSource,
      'leerlus-session-context',
      `SELECT s.id, coalesce(s.calendar_uid, s.id) AS calendar_uid, s.series_id, s.scheduled_at, s.ends_at,
              s.status, s.status_reason, s.ical_sequence, s.calendar_organizer,
              s.updated_at, s.agenda_sent_at, r.title, r.time_zone, r.location, r.meeting_url,
              c.name AS chair_name, c.email AS chair_email, c.active AS chair_active,
              (SELECT coalesce(json_agg(json_build_object('name', p.name, 'email', p.email) ORDER BY p.name COLLATE ${DUTCH_COLLATION}), '[]')
               FROM people p
               -- The participants and a chain's triangle of the day (as isSeriesInvitee has it).
               WHERE p.active AND p.id IN (
                 SELECT sp.person_id FROM reflection_series_participants sp WHERE sp.series_id = s.series_id
                 UNION SELECT ra.person_id FROM role_assignments ra WHERE ra.chain_id = r.chain_id
                   AND ra.valid_from <= $2 AND (ra.valid_to IS NULL OR ra.valid_to >= $2))) AS participants,
              (SELECT coalesce(json_agg(json_build_object('title', a.title, 'kind', a.kind,
                        'timeboxMinutes', a.timebox_minutes) ORDER BY a.position NULLS LAST, a.created_at, a.id), '[]')
               FROM agenda_items a
               WHERE a.session_id = s.id AND a.status NOT IN ('dropped', 'carried-over')) AS agenda
       FROM reflection_sessions s
       JOIN reflection_series r ON r.id = s.series_id
       JOIN people c ON c.id = r.chair_id
       WHERE s.id = $1`,
      [id, localDate(this.clock.now())],
    );
    if (!row) throw new SubjectGoneError(NotificationSubjectType.Session, id);
    return {
      id: row.id,
      calendarUid: row.calendar_uid,
      seriesId: row.series_id,
      title: row.title,
      timeZone: row.time_zone,
      start: row.scheduled_at,
      end: row.ends_at,
      status: row.status,
      statusReason: row.status_reason,
      location: row.location,
      meetingUrl: row.meeting_url,
      sequence: row.ical_sequence,
      updatedAt: row.updated_at,
      agendaSent: row.agenda_sent_at !== null,
      chair: { name: row.chair_name, email: row.chair_email, active: row.chair_active },
      organizer: row.calendar_organizer,
      participants: row.participants,
      agenda: row.agenda,
    };
  }

  /**
   * Whether the recipient may see the action now, by the rule of the api. An escalation goes to the
   * owner of the action's chain, which need not be the chain of its confidential incident.
   */
  private async recipientSeesAction(actionId: string, recipientId: string | null): Promise<boolean> {
    if (!recipientId) return false;
    const [person] = await this.dataSource.query(
      `SELECT organisation_id, access_role, system_admin FROM people WHERE id = $1`,
      [recipientId],
    );
    if (!person) return false;
    const visible = this.confidentiality.actions(
      {
        personId: recipientId,
        organisationId: person.organisation_id,
        accessRole: person.access_role,
        systemAdmin: person.system_admin,
        locale: 'nl',
      },
      'a',
    );
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT 1 FROM actions a WHERE a.id = :actionId AND ${visible.sql}`,
      { ...visible.parameters, actionId },
      {},
    );
    return (await this.dataSource.query(sql, values)).length > 0;
  }

  private async series(id: string): Promise<EmailContext['series']> {
    const [row] = await this.dataSource.query(
      `SELECT id, title, time_zone FROM reflection_series WHERE id = $1`,
      [id],
    );
    if (!row) throw new SubjectGoneError(NotificationSubjectType.Series, id);
    return { id: row.id, title: row.title, timeZone: row.time_zone };
  }

  private async action(id: string, recipientId: string | null): Promise<EmailContext['action']> {
    const [row] = await this.dataSource.query(
      `SELECT a.id, a.description, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, a.status, p.name AS assignee_name,
              a.source_confidential
       FROM actions a JOIN people p ON p.id = a.assignee_id WHERE a.id = $1`,
      [id],
    );
    if (!row) throw new SubjectGoneError(NotificationSubjectType.Action, id);
    const shown = !row.source_confidential || (await this.recipientSeesAction(id, recipientId));
    return {
      id: row.id,
      description: shown ? row.description : null,
      dueDate: row.due_date,
      status: row.status,
      assigneeName: row.assignee_name,
    };
  }
}
