import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { ActionEntity } from '../actions/action.entity';
import { ActionReminderPlanner } from '../actions/action-reminder-planner.service';
import { ActionSourceType } from '../actions/action-source-type';
import { ActionStatus } from '../actions/action-status';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { BestPracticeAdoptionEntity } from '../best-practices/best-practice-adoption.entity';
import { BestPracticeEntity } from '../best-practices/best-practice.entity';
import { BestPracticeStatus } from '../best-practices/best-practice-status';
import { ChainEntity } from '../governance/chain.entity';
import { Locale } from '../governance/locale';
import { OrganisationEntity } from '../governance/organisation.entity';
import { PersonEntity } from '../governance/person.entity';
import { RoleAssignmentEntity } from '../governance/role-assignment.entity';
import { TeamEntity } from '../governance/team.entity';
import { Confidentiality } from '../incidents/confidentiality';
import { IncidentEntity } from '../incidents/incident.entity';
import { IncidentStatus } from '../incidents/incident-status';
import { SimilarIncidentsService } from '../incidents/similar-incidents.service';
import { LessonEntity } from '../lessons/lesson.entity';
import { LessonSourceType } from '../lessons/lesson-source-type';
import { LessonStatus } from '../lessons/lesson-status';
import { ResourceEntity } from '../shared/resource.entity';
import { planSessions } from '../reflection/plan-sessions';
import { ReflectionSeriesEntity } from '../reflection/reflection-series.entity';
import { ReflectionSessionEntity } from '../reflection/reflection-session.entity';
import { SESSION_AUDIT_SUBJECT } from '../reflection/session-audit-subject';
import { SessionScheduler } from '../reflection/session-scheduler.service';
import { SessionStatus } from '../reflection/session-status';
import { ThemeEntity } from '../themes/theme.entity';
import { demoEmail } from './demo-email';
import { DEMO_DATA } from './demo-data';

type DemoOrganisation = (typeof DEMO_DATA.organisations)[number];

export interface DemoSeedContext {
  m: EntityManager;
  audit: AuditService;
  reminders: ActionReminderPlanner;
  scheduler: SessionScheduler;
  similar: SimilarIncidentsService;
  now: Date;
}

/**
 * Creates one demo organisation with everything in it, in the caller's transaction. Keys in the
 * data become ids as records are made; every record is audited as made by the system.
 */
export class DemoOrganisationSeeder {
  private readonly m: EntityManager;
  private readonly ids = new Map<string, string>();
  private readonly now: DateTime;
  private organisationId = '';

  constructor(
    private readonly context: DemoSeedContext,
    private readonly demo: DemoOrganisation,
  ) {
    this.m = context.m;
    this.now = DateTime.fromJSDate(context.now, { zone: 'Europe/Amsterdam' });
  }

  async run(): Promise<string> {
    const d = this.demo;
    const organisation = await this.m.save(this.m.create(OrganisationEntity, { name: d.name, kind: d.kind }));
    this.organisationId = organisation.id;
    await this.context.audit.created(
      this.m,
      null,
      subject('organisation', 'name', 'kind'),
      organisation.id,
      organisation,
    );
    for (const team of d.teams) {
      const saved = await this.save(
        subject('team', 'name'),
        this.m.create(TeamEntity, {
          organisationId: organisation.id,
          name: team.name,
          description: team.description,
        }),
      );
      this.ids.set(`team:${team.key}`, saved.id);
    }
    for (const person of d.people) {
      const saved = await this.save(
        subject('person', 'name', 'email', 'accessRole'),
        this.m.create(PersonEntity, {
          organisationId: organisation.id,
          name: person.name,
          email: demoEmail(person.name),
          accessRole: person.role,
          locale: Locale.Nl,
          systemAdmin: false,
          teams: person.teams.map((key) => ({ id: this.id('team', key) }) as TeamEntity),
        }),
      );
      this.ids.set(`person:${person.key}`, saved.id);
    }
    for (const chain of d.chains) {
      // There since its triangle's first term: a report of an earlier quarter shows its triangle.
      const since = this.at(-Math.max(365, ...chain.triangle.map((role) => role.since)), 9);
      const saved = await this.save(
        subject('chain', 'name'),
        this.m.create(ChainEntity, {
          organisationId: organisation.id,
          name: chain.name,
          description: chain.description,
          createdAt: since,
          updatedAt: since,
        }),
      );
      this.ids.set(`chain:${chain.key}`, saved.id);
      for (const role of chain.triangle) {
        await this.save(
          subject('role-assignment', 'chainId', 'personId', 'role', 'validFrom'),
          this.m.create(RoleAssignmentEntity, {
            chainId: saved.id,
            personId: this.id('person', role.person),
            role: role.role,
            validFrom: this.date(-role.since),
            validTo: null,
          }),
        );
      }
    }
    await this.incidents();
    await this.bestPractices();
    await this.lessons();
    await this.recurrences();
    await this.actions();
    await this.themes();
    await this.reflectionSeries();
    return organisation.id;
  }

  private async incidents(): Promise<void> {
    for (const i of this.demo.incidents) {
      const occurredAt = this.at(-i.daysAgo, 10);
      const reportedAt = this.at(-i.daysAgo + 1, 9);
      const saved = await this.save(
        subject('incident', 'title', 'severity', 'status'),
        this.m.create(IncidentEntity, {
          organisationId: this.organisationId,
          chainId: this.id('chain', i.chain),
          teamId: this.id('team', i.team),
          title: i.title,
          description: i.description,
          occurredAt,
          reportedAt,
          reportedById: this.id('person', i.reporter),
          severity: i.severity,
          publicAttention: i.attention,
          source: i.source,
          causeLevel: i.cause,
          tags: i.tags,
          confidentiality: i.confidential ? Confidentiality.Confidential : Confidentiality.Internal,
          status: i.status,
          // Decided once the lessons are in (recurrences).
          recurrence: false,
          closedAt: i.status === IncidentStatus.Closed ? this.at(-i.daysAgo + 30, 16) : null,
          createdAt: reportedAt,
          updatedAt: reportedAt,
        }),
      );
      this.ids.set(`incident:${i.key}`, saved.id);
      this.ids.set(`incident-chain:${i.key}`, saved.chainId);
    }
  }

  private async bestPractices(): Promise<void> {
    for (const b of this.demo.bestPractices) {
      const proposedAt = this.at(-b.daysAgo, 11);
      const adoptions = b.adoptions ?? [];
      const saved = await this.save(
        subject('best-practice', 'title', 'status'),
        this.m.create(BestPracticeEntity, {
          organisationId: this.organisationId,
          chainId: b.chain ? this.id('chain', b.chain) : null,
          teamId: this.id('team', b.team),
          title: b.title,
          context: b.context,
          practice: b.practice,
          evidence: b.evidence,
          tags: b.tags,
          status: b.status,
          proposedById: this.id('person', b.proposer),
          endorsedAt: b.endorser ? this.at(-b.daysAgo + 7, 14) : null,
          endorsedById: b.endorser ? this.id('person', b.endorser) : null,
          // Adopted on the first adoption, as the adoptions service does.
          adoptedAt: adoptions.length > 0 ? this.at(-Math.max(...adoptions.map((a) => a.daysAgo)), 10) : null,
          retiredAt: b.status === BestPracticeStatus.Retired ? this.at(-b.daysAgo + 120, 10) : null,
          createdAt: proposedAt,
          updatedAt: proposedAt,
        }),
      );
      this.ids.set(`best-practice:${b.key}`, saved.id);
      this.ids.set(`best-practice-chain:${b.key}`, saved.chainId ?? '');
      for (const a of adoptions) {
        await this.save(
          subject('best-practice-adoption', 'bestPracticeId', 'teamId', 'adoptedAt'),
          this.m.create(BestPracticeAdoptionEntity, {
            bestPracticeId: saved.id,
            organisationId: this.organisationId,
            teamId: this.id('team', a.team),
            adoptedAt: this.at(-a.daysAgo, 10),
            result: a.result,
            recordedById: this.id('person', a.recorder),
            createdAt: this.at(-a.daysAgo, 10),
          }),
        );
      }
    }
  }

  private async lessons(): Promise<void> {
    for (const l of this.demo.lessons) {
      const drawnAt = this.at(-l.daysAgo, 15);
      const validated = l.status !== LessonStatus.Draft;
      // A retired lesson with evidence was embedded before it was retired.
      const embedded =
        l.status === LessonStatus.Embedded || (l.status === LessonStatus.Retired && !!l.evidence);
      // Only what the API itself can produce: validating takes a response and its reason, embedding evidence.
      if (validated && !(l.response && l.responseReason))
        throw new Error(`Demo lesson "${l.key}" is ${l.status} without a response and its reason`);
      if (l.status === LessonStatus.Embedded && !l.evidence)
        throw new Error(`Demo lesson "${l.key}" is embedded without evidence`);
      const embeddedAt = embedded ? this.at(-l.daysAgo + 30, 10) : null;
      const [sourceType, sourceKey, chainId] =
        'incident' in l.source
          ? [
              LessonSourceType.Incident,
              `incident:${l.source.incident}`,
              this.ids.get(`incident-chain:${l.source.incident}`),
            ]
          : [
              LessonSourceType.BestPractice,
              `best-practice:${l.source.bestPractice}`,
              this.ids.get(`best-practice-chain:${l.source.bestPractice}`),
            ];
      const saved = await this.save(
        subject('lesson', 'title', 'status'),
        this.m.create(LessonEntity, {
          organisationId: this.organisationId,
          chainId: chainId || null,
          sourceType,
          sourceId: this.ids.get(sourceKey) as string,
          title: l.title,
          observation: l.observation,
          insight: l.insight,
          recommendation: l.recommendation,
          addressedRole: l.addressedRole,
          status: l.status,
          response: l.response ?? null,
          responseReason: l.responseReason ?? null,
          evidence: l.evidence ?? null,
          drawnById: this.id('person', l.drawnBy),
          validatedAt: validated ? this.at(-l.daysAgo + 10, 11) : null,
          validatedById: validated && l.validator ? this.id('person', l.validator) : null,
          embeddedAt,
          // "Did it stick?" half a year after embedding; a retired lesson is re-checked no more.
          recheckAt:
            embeddedAt && l.status !== LessonStatus.Retired
              ? DateTime.fromJSDate(embeddedAt, { zone: 'Europe/Amsterdam' }).plus({ months: 6 }).toJSDate()
              : null,
          recheckedAt: null,
          retiredAt: l.status === LessonStatus.Retired ? this.at(-l.daysAgo + 90, 10) : null,
          createdAt: drawnAt,
          updatedAt: drawnAt,
        }),
      );
      this.ids.set(`lesson:${l.key}`, saved.id);
      this.ids.set(`lesson-role:${l.key}`, saved.addressedRole);
    }
  }

  /**
   * The recurrence flags as the create path sets them, by the recurrence check with the reporter's
   * eyes, now that the lessons are in: the flag and what it rests on (recurrenceOf) are what an edit
   * that keeps the story decides again. The check must find what the data says, and nothing else.
   */
  private async recurrences(): Promise<void> {
    for (const i of this.demo.incidents) {
      const incident = await this.m.findOneByOrFail(IncidentEntity, { id: this.id('incident', i.key) });
      const reporter: Principal = {
        personId: incident.reportedById as string,
        organisationId: this.organisationId,
        accessRole: this.demo.people.find((p) => p.key === i.reporter)?.role as Principal['accessRole'],
        systemAdmin: false,
        locale: 'nl',
      };
      const draft = {
        id: incident.id,
        organisationId: this.organisationId,
        chainId: incident.chainId,
        confidential: incident.confidentiality === Confidentiality.Confidential,
        title: incident.title,
        description: incident.description,
        reportedAt: incident.reportedAt,
      };
      const [earlier] = await this.context.similar.recurrences(this.m.connection, reporter, draft, 1, this.m);
      const intended = i.recurrenceOf ? this.id('incident', i.recurrenceOf) : undefined;
      if (earlier?.id !== intended)
        throw new Error(
          `Demo incident "${i.key}" recurs of ${earlier ? `"${earlier.title}"` : 'nothing'} by the recurrence ` +
            `check, not of ${i.recurrenceOf ? `"${i.recurrenceOf}"` : 'nothing'}`,
        );
      if (!earlier) continue;
      // At its report the earlier incident's lesson was there already: "seen before" is a lesson ignored.
      const [{ learned }] = await this.m.query(
        `SELECT EXISTS (SELECT 1 FROM lessons WHERE source_type = 'incident' AND source_id = $1
           AND status IN ('validated', 'embedded') AND validated_at <= $2) AS learned`,
        [earlier.id, incident.reportedAt],
      );
      if (!learned)
        throw new Error(`Demo incident "${i.key}" recurs of "${i.recurrenceOf}", which had no lesson yet`);
      // As created: no new version, no update in the audit log.
      await this.m.query(`UPDATE incidents SET recurrence = true, recurrence_of = $2 WHERE id = $1`, [
        incident.id,
        earlier.id,
      ]);
    }
  }

  private async actions(): Promise<void> {
    for (const a of this.demo.actions) {
      const createdAt = this.at(-a.daysAgo, 13);
      const fromLesson = 'lesson' in a.source;
      const key = 'lesson' in a.source ? `lesson:${a.source.lesson}` : `incident:${a.source.incident}`;
      const sourceId = this.ids.get(key) as string;
      const source = fromLesson
        ? await this.m.findOneByOrFail(LessonEntity, { id: sourceId })
        : await this.m.findOneByOrFail(IncidentEntity, { id: sourceId });
      const dueDate = this.date(a.dueInDays);
      const saved = await this.save(
        subject('action', 'description', 'assigneeId', 'dueDate', 'status'),
        this.m.create(ActionEntity, {
          organisationId: this.organisationId,
          chainId: source.chainId,
          sourceType: fromLesson ? ActionSourceType.Lesson : ActionSourceType.Incident,
          sourceId,
          description: a.description,
          assigneeId: this.id('person', a.assignee),
          addressedRole: source instanceof LessonEntity ? source.addressedRole : null,
          dueDate,
          status: a.status,
          completedAt: a.status === ActionStatus.Done ? this.at(a.dueInDays - 2, 16) : null,
          cancelledAt: a.status === ActionStatus.Cancelled ? this.at(a.dueInDays - 20, 16) : null,
          createdById: this.id('person', a.creator),
          createdAt,
          updatedAt: createdAt,
        }),
      );
      // The reminders still ahead (a re-plan catches up on nothing): demo history sends nobody a
      // message about its past.
      await this.context.reminders.replan(this.m, saved);
    }
  }

  private async themes(): Promise<void> {
    for (const t of this.demo.themes) {
      await this.save(
        subject('theme', 'title', 'ownerId', 'active'),
        this.m.create(ThemeEntity, {
          organisationId: this.organisationId,
          title: t.title,
          description: t.description,
          ownerId: this.id('person', t.owner),
          active: t.active,
          lastDiscussedAt: t.discussedDaysAgo === null ? null : this.at(-t.discussedDaysAgo, 10),
        }),
      );
    }
  }

  /**
   * Series as the api makes them, their sessions ahead planned with their reminders. One with a
   * session held began ten weeks ago: its latest meeting that ended is recorded as held.
   */
  private async reflectionSeries(): Promise<void> {
    for (const r of this.demo.reflectionSeries) {
      const series = this.m.create(ReflectionSeriesEntity, {
        organisationId: this.organisationId,
        chainId: r.chain ? this.id('chain', r.chain) : null,
        title: r.title,
        kind: r.kind,
        chairId: this.id('person', r.chair),
        participants: r.participants.map((key) => ({ id: this.id('person', key) }) as PersonEntity),
        rrule: r.rrule,
        firstStart: this.at(r.held ? -70 : 1, r.hour),
        timeZone: 'Europe/Amsterdam',
        durationMinutes: r.durationMinutes,
        agendaLeadTime: 'P3D',
        reminderOffsets: ['P1D'],
        protectedShare: 0.4,
        location: r.location,
        meetingUrl: null,
        skipPublicHolidays: true,
        materialisedUntil: null,
        active: true,
      });
      const saved = await this.save(
        subject('reflection-series', 'title', 'kind', 'chainId', 'chairId', 'rrule', 'firstStart'),
        series,
      );
      // Held is recorded once it is over: the latest session that ended.
      const last = r.held
        ? planSessions(saved, saved.firstStart, this.context.now)
            .filter((s) => s.endsAt <= this.context.now)
            .at(-1)
        : undefined;
      if (r.held && last) {
        await this.save(
          SESSION_AUDIT_SUBJECT,
          this.m.create(ReflectionSessionEntity, {
            seriesId: saved.id,
            organisationId: this.organisationId,
            ...last,
            status: SessionStatus.Held,
            minutes: r.held.minutes,
            decisions: r.held.decisions,
            attendeeIds: r.held.attendees.map((key) => this.id('person', key)),
            outcomeRecordedAt: last.endsAt,
          }),
        );
      }
      await this.context.scheduler.materialise(this.m, saved, this.context.now);
    }
  }

  private async save<E extends ResourceEntity>(audited: AuditSubject, entity: E): Promise<E> {
    const saved = await this.m.save(entity);
    await this.context.audit.created(this.m, null, audited, this.organisationId, saved);
    return saved;
  }

  private id(kind: string, key: string): string {
    const id = this.ids.get(`${kind}:${key}`);
    if (!id) throw new Error(`Demo data refers to an unknown ${kind} "${key}"`);
    return id;
  }

  /** A Dutch calendar date `days` from today. */
  private date(days: number): string {
    return this.now.plus({ days }).toISODate() as string;
  }

  /** `days` from today at `hour`:00 Dutch time. */
  private at(days: number, hour: number): Date {
    return this.now.plus({ days }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toJSDate();
  }
}

/** Audited like the services do, with the fields that identify the record. */
function subject(type: AuditSubject['type'], ...fields: string[]): AuditSubject {
  return { type, fields };
}
