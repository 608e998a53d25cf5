import { Injectable } from '@nestjs/common';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { ActionSourceType } from '../actions/action-source-type';
import { Clock } from '../shared/clock';
import { localDate } from '../shared/local-date';
import { Confidentiality } from './confidentiality';
import { SqlCondition } from './sql-condition';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The one rule for who sees which incidents, and the lessons and actions that follow from them.
 * An incident is visible inside the caller's organisation; a confidential one only to its
 * reporter, the chain's current triangle (role assignments valid today in Europe/Amsterdam),
 * and the organisation's leads and admins. The api keeps the system administrator out of an
 * organisation's work altogether (@OrganisationWork); should a path reach here with them anyway,
 * they see no confidential incident (unless they reported it). Every query on incidents, lessons or actions adds
 * this condition, so a hidden incident never shows in a list, a total, a search, a similarity
 * match or a count, nor does what follows from it.
 *
 * The fragments use raw column names on the alias you give and named parameters prefixed
 * `vis`, so they work in TypeORM query builders over the entities and in hand-written SQL.
 */
@Injectable()
export class ConfidentialityFilter {
  constructor(
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  /** Incidents (table `incidents` under `alias`) the principal may see, today. */
  incidents(principal: Principal, alias = 'i'): SqlCondition {
    // Only the triangle rule needs today's date, and working it out in a time zone is not free.
    return this.rule(principal, () => localDate(this.clock.now()), alias);
  }

  /**
   * Lessons (table `lessons` under `alias`) the principal may see: those of visible incidents, and
   * all others. Only a lesson whose incident is confidential (or gone) carries
   * `source_confidential` (kept by triggers, migration 1764560000000), so only those are checked
   * against their incident: checking all of them cost a member 1.1 s per page at a million incidents.
   * The flag is repeated inside the EXISTS so that PostgreSQL cannot turn it into a hash of every
   * visible incident (it did with 16 MB of work_mem: 1.2 s for a page of 20).
   */
  lessons(principal: Principal, alias = 'l'): SqlCondition {
    return this.flaggedBySource(principal, alias, (a) => {
      const incident = this.incidents(principal, 'vis_i');
      return {
        sql: `EXISTS (SELECT 1 FROM incidents vis_i WHERE ${a}.source_confidential AND vis_i.id = ${a}.source_id AND ${incident.sql})`,
        parameters: incident.parameters,
      };
    });
  }

  /**
   * Actions (table `actions` under `alias`) the principal may see: those that follow up a visible
   * incident or lesson, every action on a reflection session, and those assigned to the principal
   * (who has to carry them out, and is reminded of them). An action says what is being done about
   * its source, so it is as confidential as the source. Only an action whose source is confidential
   * (or gone) carries `source_confidential` (kept by triggers, migration 1764620000000), so only
   * those are checked against their source; the flag is repeated inside each EXISTS for the reason
   * given at lessons().
   */
  actions(principal: Principal, alias = 'a'): SqlCondition {
    return this.flaggedBySource(principal, alias, (a) => {
      const source = this.sourceVisible(principal, a);
      return {
        sql: `${a}.assignee_id = :visPersonId OR ${source.sql}`,
        parameters: { ...source.parameters, visPersonId: principal.personId },
      };
    });
  }

  /**
   * Actions whose source the principal may see: what actions() allows, less the assignee's own
   * view. Handing an action to someone else widens who sees it, so it takes more than being
   * its assignee.
   */
  actionsBySource(principal: Principal, alias = 'a'): SqlCondition {
    return this.flaggedBySource(principal, alias, (a) => this.sourceVisible(principal, a));
  }

  /** The confidential source (incident or lesson) of the action under `a` is visible. */
  private sourceVisible(principal: Principal, a: string): SqlCondition {
    const incident = this.incidents(principal, 'vis_ai');
    const lesson = this.lessons(principal, 'vis_al');
    const source = (type: ActionSourceType, table: string, as: string, visible: string) =>
      `EXISTS (SELECT 1 FROM ${table} ${as} WHERE ${a}.source_confidential AND ${a}.source_type = '${type}'` +
      ` AND ${as}.id = ${a}.source_id AND ${visible})`;
    return {
      sql:
        `${source(ActionSourceType.Incident, 'incidents', 'vis_ai', incident.sql)}` +
        ` OR ${source(ActionSourceType.Lesson, 'lessons', 'vis_al', lesson.sql)}`,
      parameters: { ...incident.parameters, ...lesson.parameters },
    };
  }

  /**
   * Records of the organisation (table under `alias`) whose `source_confidential` flag is off, or
   * that pass `check` (given the alias); all of them for leads and admins. For the system
   * administrator, those of every organisation.
   */
  private flaggedBySource(
    principal: Principal,
    alias: string,
    check: (alias: string) => SqlCondition,
  ): SqlCondition {
    const a = safe(alias);
    const { sql: inOrganisation, parameters } = this.inOrganisation(principal, a);
    if (this.seesAllConfidential(principal)) return { sql: `(${inOrganisation})`, parameters };
    const checked = check(a);
    return {
      sql: `(${inOrganisation} AND (NOT ${a}.source_confidential OR ${checked.sql}))`,
      parameters: { ...parameters, ...checked.parameters },
    };
  }

  /** The same rule for a given day (YYYY-MM-DD); for callers that judge a past or future date. */
  incidentsOn(principal: Principal, today: string, alias = 'i'): SqlCondition {
    return this.rule(principal, () => today, alias);
  }

  /** Leads and admins see every confidential incident of their organisation. */
  seesAllConfidential(principal: Principal): boolean {
    return !principal.systemAdmin && this.access.hasRole(principal, AccessRole.Lead);
  }

  /** The caller's organisation; for the system administrator, every organisation. */
  private inOrganisation(principal: Principal, a: string): SqlCondition {
    if (principal.systemAdmin) return { sql: 'TRUE', parameters: {} };
    return {
      sql: `${a}.organisation_id = :visOrganisationId`,
      parameters: { visOrganisationId: principal.organisationId },
    };
  }

  /**
   * The rule, asking for the day only when the triangle decides. The chains of the caller's
   * triangle roles are one array, worked out once per statement: as a correlated EXISTS per
   * incident, PostgreSQL guessed the rule far more selective than it is and counted a member's
   * `tag=toeslagen` total through a bitmap of the whole organisation (120–150 ms at a million
   * incidents; now 35 ms, as a lead's).
   */
  private rule(principal: Principal, today: () => string, alias: string): SqlCondition {
    const a = safe(alias);
    const notConfidential = `${a}.confidentiality <> '${Confidentiality.Confidential}'`;
    // The system administrator holds no role in any chain (they belong to no organisation).
    if (principal.systemAdmin)
      return {
        sql: `(${notConfidential} OR ${a}.reported_by_id = :visPersonId)`,
        parameters: { visPersonId: principal.personId },
      };
    const { sql: inOrganisation, parameters } = this.inOrganisation(principal, a);
    if (this.seesAllConfidential(principal)) return { sql: `(${inOrganisation})`, parameters };
    return {
      sql:
        `(${inOrganisation} AND (${notConfidential}` +
        ` OR ${a}.reported_by_id = :visPersonId` +
        ` OR ${a}.chain_id = ANY (ARRAY (SELECT vis_ra.chain_id FROM role_assignments vis_ra` +
        ` WHERE vis_ra.person_id = :visPersonId AND vis_ra.valid_from <= :visToday` +
        ` AND (vis_ra.valid_to IS NULL OR vis_ra.valid_to >= :visToday)))))`,
      parameters: { ...parameters, visPersonId: principal.personId, visToday: today() },
    };
  }
}

function safe(alias: string): string {
  if (!IDENTIFIER.test(alias)) throw new Error(`Not a safe SQL alias: ${alias}`);
  return alias;
}
