import { DateTime } from 'luxon';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActionReminderPlanner } from '../actions/action-reminder-planner.service';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { AccessRole } from '../access/access-role';
import { ApiTokenEntity } from '../governance/api-token.entity';
import { OrganisationEntity } from '../governance/organisation.entity';
import { PersonEntity } from '../governance/person.entity';
import { hashToken, newTokenSecret } from '../governance/token-secret';
import { SimilarIncidentsService } from '../incidents/similar-incidents.service';
import { SessionScheduler } from '../reflection/session-scheduler.service';
import { Clock } from '../shared/clock';
import { DEMO_DATA } from './demo-data';
import { demoEmail } from './demo-email';
import { DemoOrganisationSeeder } from './demo-organisation-seeder';

type Organisation = (typeof DEMO_DATA.organisations)[number];

export interface DemoSeedResult {
  /** False when the demo organisations were already there and only a token was made. */
  created: boolean;
  organisationId: string;
  lead: { id: string; name: string; email: string };
  /** A fresh API token of that lead, valid for DEMO_TOKEN_DAYS days; shown once. */
  token: string;
  /** When the token stops working. */
  tokenExpiresAt: Date;
}

/** How long a token the demo seed prints keeps working. */
const DEMO_TOKEN_DAYS = 30;
const TOKEN: AuditSubject = { type: 'api-token', fields: ['personId', 'name', 'expiresAt', 'revokedAt'] };

/**
 * Fills the register with a realistic Dutch example (a ministry with two chains and its
 * implementing agency), in one transaction, through the entities. Idempotent: an organisation
 * that already exists (by name) is left alone; every run makes a fresh token for the lead.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reminders: ActionReminderPlanner,
    private readonly scheduler: SessionScheduler,
    private readonly similar: SimilarIncidentsService,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<DemoSeedResult> {
    return this.dataSource.transaction(async (m) => {
      // Two seeds at once (two terminals, two replicas) must not both create the demo.
      await m.query('SELECT pg_advisory_xact_lock(7431003)');
      let created = false;
      const organisationIds = new Map<string, string>();
      const context = {
        m,
        audit: this.audit,
        reminders: this.reminders,
        scheduler: this.scheduler,
        similar: this.similar,
        now: this.clock.now(),
      };
      for (const demo of DEMO_DATA.organisations) {
        const existing = await m
          .getRepository(OrganisationEntity)
          .createQueryBuilder('o')
          .where('lower(o.name) = lower(:name)', { name: demo.name })
          .getOne();
        organisationIds.set(
          demo.key,
          existing?.id ?? (await new DemoOrganisationSeeder(context, demo).run()),
        );
        created ||= !existing;
      }
      const holder = DEMO_DATA.tokenHolder;
      const organisationId = organisationIds.get(holder.organisation) as string;
      const demo = DEMO_DATA.organisations.find((o) => o.key === holder.organisation) as Organisation;
      const name = demo.people.find((p) => p.key === holder.person)?.name as string;
      const named = await m.findOneBy(PersonEntity, { organisationId, email: demoEmail(name) });
      if (!named) {
        throw new Error(
          `${demo.name} exists but was not made by the demo seed (${demoEmail(name)} is missing); ` +
            'seed an empty database instead.',
        );
      }
      // A token as the api would give one: to a lead still active (another one when the demo's
      // lead left or was made a member since).
      const lead =
        named.active && named.accessRole === AccessRole.Lead
          ? named
          : await m.findOne(PersonEntity, {
              where: { organisationId, active: true, accessRole: AccessRole.Lead },
              order: { createdAt: 'ASC', id: 'ASC' },
            });
      if (!lead) throw new Error(`${demo.name} has no active lead any more; the demo seed gives no token.`);
      const token = newTokenSecret();
      const saved = await m.save(
        m.create(ApiTokenEntity, {
          personId: lead.id,
          name: `demo ${this.clock.now().toISOString()}`,
          tokenHash: hashToken(token),
          // A token printed on a terminal should not open the api for good.
          expiresAt: DateTime.fromJSDate(this.clock.now()).plus({ days: DEMO_TOKEN_DAYS }).toJSDate(),
        }),
      );
      await this.audit.created(m, null, TOKEN, organisationId, saved);
      return {
        created,
        organisationId,
        lead: { id: lead.id, name: lead.name, email: lead.email },
        token,
        tokenExpiresAt: saved.expiresAt as Date,
      };
    });
  }
}
