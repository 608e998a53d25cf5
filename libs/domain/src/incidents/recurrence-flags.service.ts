import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { Confidentiality } from './confidentiality';
import { INCIDENT_AUDIT_SUBJECT } from './incident-audit-subject';
import { IncidentHeldElsewhere } from './incident-held-elsewhere';
import { IncidentEntity } from './incident.entity';
import { IncidentDraft, SimilarIncidentsService } from './similar-incidents.service';

/** No person: the nil UUID. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * A stored incident's recurrence flag and what it rests on, decided in one place. The flag rests on
 * an earlier, learned incident that the reporter may see and so may everyone who may see the
 * flagged incident (SimilarIncidentsService.recurrences). It is decided again when the incident's
 * text or audience changes, when the earlier incident is hidden or shown again, and when its
 * reporter's sight changes (a triangle role given, ended or taken away, a lead made member or back):
 * otherwise it would tell them that a confidential incident they may no longer see exists.
 */
@Injectable()
export class RecurrenceFlags {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly similar: SimilarIncidentsService,
  ) {}

  /**
   * The flag decided again, as at its report, with its reporter's eyes, and what it rests on. One
   * that is no longer a recurrence remembers the incident it rested on (or had lost), so that it is
   * decided again when that incident is shown again (redecideRestingOn, redecideForReporter).
   */
  async decide(m: EntityManager, incident: IncidentEntity): Promise<void> {
    const rested = incident.recurrenceOf ?? incident.recurrenceHiddenOf;
    const [match] = await this.similar.recurrences(
      this.dataSource,
      await this.reporterOf(m, incident),
      draftOf(incident),
      1,
      m,
    );
    incident.recurrenceOf = match?.id ?? null;
    incident.recurrence = incident.recurrenceOf !== null;
    // Remembered only while it still tells the same story: rewritten into another, it is not
    // flagged again when that incident is shown again.
    incident.recurrenceHiddenOf =
      !incident.recurrence && rested && (await this.similar.resembles(m, draftOf(incident), rested))
        ? rested
        : null;
  }

  /**
   * Locks the incident `earlierId` (FOR NO KEY UPDATE, as a change of it does) and those whose flags
   * rest on it, or rested on it until it was hidden, all in id order: before a change of who may see
   * it, which decides those again (redecideRestingOn). The re-check of a reporter's flags locks theirs
   * in id order too; the incident first and the others after deadlocked with it when one of those
   * came before it in id order and both were the reporter's. Not FOR UPDATE: a compilation of an
   * agenda about it holds it KEY SHARE while it puts its lessons on, and the two deadlocked. `also`:
   * incidents found held elsewhere by an earlier try (IncidentHeldElsewhere), in the same order.
   */
  async lockWithRestingOn(m: EntityManager, earlierId: string, also: readonly string[] = []): Promise<void> {
    await m.query(
      `SELECT id FROM incidents
       WHERE id = $1 OR recurrence_of = $1 OR recurrence_hidden_of = $1 OR id = ANY ($2::uuid[])
       ORDER BY id FOR NO KEY UPDATE`,
      [earlierId, also],
    );
  }

  /**
   * The earlier incident `earlierId` was hidden from some who saw it, or shown again: the flags that
   * rest on it, or rested on it until it was hidden, are decided again. The caller has locked them
   * (lockWithRestingOn); one that came to rest on it since (retold, or a new report) is taken without
   * waiting: another change that holds it may wait for those locked here (a re-check of its
   * reporter's flags takes theirs in id order), and the two deadlocked. Held elsewhere, it is not
   * waited for (IncidentHeldElsewhere: the caller starts again with it locked up front).
   */
  async redecideRestingOn(m: EntityManager, actor: Principal, earlierId: string): Promise<void> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM incidents WHERE recurrence_of = $1 OR recurrence_hidden_of = $1
       ORDER BY id FOR NO KEY UPDATE SKIP LOCKED`,
      [earlierId],
    );
    const ids = rows.map((r) => r.id);
    const held: { id: string }[] = await m.query(
      `SELECT id FROM incidents WHERE (recurrence_of = $1 OR recurrence_hidden_of = $1) AND id <> ALL ($2::uuid[])
       ORDER BY id`,
      [earlierId, ids],
    );
    if (held.length > 0) throw new IncidentHeldElsewhere(held.map((r) => r.id));
    await this.redecide(m, actor, ids);
  }

  /**
   * What a person may see changed (a triangle role, its term, their access role): the flags of the
   * incidents they reported are decided again, in the caller's transaction. Only a confidential
   * incident's flag can rest on what its reporter alone sees (a confidential incident of its chain,
   * seen through a triangle role or as a lead); an internal one's rests on internal incidents, which
   * every member sees. `actor` is who caused it (null: the nightly check, for terms that ended).
   */
  async redecideForReporter(m: EntityManager, actor: Principal | null, personId: string): Promise<void> {
    await this.redecideForReporters(m, actor, [personId]);
  }

  /**
   * As redecideForReporter, for several people at once (the nightly check): their incidents are
   * locked in one statement, in id order (FOR NO KEY UPDATE: the rows stay), as every lock of several
   * incidents is. Person by person, an incident of one reporter was taken after another's that rests
   * on it, the order opposite to a change of its audience (lockWithRestingOn): the two deadlocked.
   */
  async redecideForReporters(
    m: EntityManager,
    actor: Principal | null,
    personIds: readonly string[],
  ): Promise<void> {
    if (personIds.length === 0) return;
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM incidents
       WHERE reported_by_id = ANY ($1::uuid[]) AND confidentiality = '${Confidentiality.Confidential}'
         AND (recurrence_of IS NOT NULL OR recurrence_hidden_of IS NOT NULL)
       ORDER BY id FOR NO KEY UPDATE`,
      [personIds],
    );
    await this.redecide(
      m,
      actor,
      rows.map((r) => r.id),
    );
  }

  /**
   * Each incident (locked) against the earlier incident its flag rests on, or rested on until it was
   * hidden, so "seen before" never points at an incident someone who sees the flag may not see.
   * - One that may no longer rest on it is decided again (on another learned incident, or not a
   *   recurrence, remembering it).
   * - One that lost it that way is flagged again once it may rest on it again, as it was: it recurred
   *   after that lesson, even if the lesson was retired since (its own edits, not this, decide anew).
   * A change of the flag is audited as a change by whoever caused it.
   */
  private async redecide(m: EntityManager, actor: Principal | null, ids: string[]): Promise<void> {
    for (const id of ids) {
      const incident = await m.findOneBy(IncidentEntity, { id });
      const earlierId = incident?.recurrenceOf ?? incident?.recurrenceHiddenOf;
      if (!incident || !earlierId) continue;
      const before = { ...incident };
      const draft = draftOf(incident);
      const mayRest = await this.similar.mayRestOn(m, await this.reporterOf(m, incident), draft, earlierId);
      if (
        incident.recurrenceHiddenOf === earlierId &&
        mayRest &&
        (await this.similar.resembles(m, draft, earlierId))
      ) {
        incident.recurrenceOf = earlierId;
        incident.recurrence = true;
        incident.recurrenceHiddenOf = null;
      } else if (incident.recurrenceOf === earlierId && !mayRest) {
        await this.decide(m, incident);
      }
      if (
        incident.recurrenceOf === before.recurrenceOf &&
        incident.recurrence === before.recurrence &&
        incident.recurrenceHiddenOf === before.recurrenceHiddenOf
      )
        continue;
      const saved = await m.save(incident);
      if (saved.recurrence !== before.recurrence)
        await this.audit.updated(m, actor, INCIDENT_AUDIT_SUBJECT, saved.organisationId, before, saved);
    }
  }

  /**
   * The incident's reporter as a caller: the recurrence flag is decided with what they may see. Is
   * the reporter gone, a member of the organisation without a seat stands in (sees the least).
   */
  private async reporterOf(m: EntityManager, incident: IncidentEntity): Promise<Principal> {
    const [reporter]: { access_role: AccessRole; locale: 'nl' | 'en' }[] = incident.reportedById
      ? await m.query(`SELECT access_role, locale FROM people WHERE id = $1`, [incident.reportedById])
      : [];
    return {
      personId: reporter ? incident.reportedById : NOBODY,
      organisationId: incident.organisationId,
      accessRole: reporter?.access_role ?? AccessRole.Member,
      systemAdmin: false,
      locale: reporter?.locale ?? 'nl',
    };
  }
}

/** A stored incident as the recurrence check reads it. */
function draftOf(incident: IncidentEntity): IncidentDraft {
  return {
    id: incident.id,
    organisationId: incident.organisationId,
    chainId: incident.chainId,
    confidential: incident.confidentiality === Confidentiality.Confidential,
    title: incident.title,
    description: incident.description,
    reportedAt: incident.reportedAt,
  };
}
