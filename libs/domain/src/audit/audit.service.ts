import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { whereInList } from '../shared/where-in-list';
import { Principal } from '../access/principal';
import { paginate } from '../shared/paginate';
import { TOTAL_CAP } from '../shared/total-cap';
import { preparedQuery } from '../shared/prepared-query';
import { Page } from '../shared/page';
import { requestContext } from '../shared/request-context';
import { AuditAction } from './audit-action';
import { auditChanges } from './audit-changes';
import { AuditEventDto } from './audit-event.dto';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventQueryDto } from './audit-event-query.dto';
import { AuditSubject } from './audit-subject';
import { SYSTEM_ADMIN_AUDIT_TYPES } from './system-admin-audit-types';
import { wherePeriod } from '../shared/where-period';

export interface AuditedChange {
  entityType: AuditSubject['type'];
  entityId: string;
  organisationId: string | null;
  action: AuditAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  fields: readonly string[];
}

type Snapshot = { id: string } & object;

/** Writes audit events in the caller's transaction or statement, so a failed change leaves no audit row. */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async record(manager: EntityManager, actor: Principal | null, change: AuditedChange): Promise<void> {
    const changes = auditChanges(change.before, change.after, change.fields);
    if (change.action === AuditAction.Update && Object.keys(changes).length === 0) return;
    // Plain SQL: every write of the api comes here, and an entity insert costs the api three times
    // the CPU (its query building and the RETURNING it asks for: 190 against 70 µs a row).
    await manager.query(
      `INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, request_id, entity_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        ...this.eventValues(actor, change.organisationId, change.entityType, change.action, changes),
        change.entityId,
      ],
    );
  }

  /**
   * Runs `insert` (one INSERT … RETURNING that returns the new row's `id`, parameters $1…$n) and
   * writes its create event in the same statement: the two commit or fail together, without a
   * transaction's two extra round trips (BEGIN, COMMIT), which on this api's hot create path cost
   * more than the audit row. Prepared under `insert.name` (one name per text), outside any
   * transaction. Returns the row the insert returned; none (and no event) if it inserted none.
   */
  async insertCreated<Row extends { id: string }>(
    actor: Principal | null,
    subject: AuditSubject,
    organisationId: string | null,
    after: object,
    insert: { name: string; sql: string; parameters: unknown[] },
  ): Promise<Row | undefined> {
    const values = this.eventValues(
      actor,
      organisationId,
      subject.type,
      AuditAction.Create,
      auditChanges(null, { ...after }, subject.fields),
    );
    const first = insert.parameters.length + 1;
    const placeholders = values.map((_, k) => `$${first + k}`).join(', ');
    const [row] = await preparedQuery<Row>(
      this.dataSource,
      insert.name,
      `WITH created AS (${insert.sql}),
       event AS (
         INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, request_id, entity_id)
         SELECT ${placeholders}, created.id FROM created)
       SELECT * FROM created`,
      [...insert.parameters, ...values],
    );
    return row;
  }

  /** An event's columns but its entity id, in the order of the inserts above. */
  private eventValues(
    actor: Principal | null,
    organisationId: string | null,
    entityType: AuditSubject['type'],
    action: AuditAction,
    changes: Record<string, unknown>,
  ): unknown[] {
    return [
      organisationId,
      actor?.personId ?? null,
      entityType,
      action,
      JSON.stringify(changes),
      requestContext.getStore()?.requestId ?? null,
    ];
  }

  created(
    m: EntityManager,
    actor: Principal | null,
    subject: AuditSubject,
    organisationId: string | null,
    after: Snapshot,
  ) {
    return this.record(m, actor, {
      entityType: subject.type,
      entityId: after.id,
      organisationId,
      action: AuditAction.Create,
      before: null,
      after: { ...after },
      fields: subject.fields,
    });
  }

  /** Create events of many new rows in one statement: the sessions a series' rule makes. */
  createdMany(
    m: EntityManager,
    actor: Principal | null,
    subject: AuditSubject,
    organisationId: string | null,
    rows: Snapshot[],
  ): Promise<void> {
    const changes = rows.map((row) => auditChanges(null, { ...row }, subject.fields));
    return this.recordMany(m, actor, subject, organisationId, AuditAction.Create, rows, changes);
  }

  /** Delete events of many rows in one statement: the sessions that go with their series. */
  deletedMany(
    m: EntityManager,
    actor: Principal | null,
    subject: AuditSubject,
    organisationId: string | null,
    rows: Snapshot[],
  ): Promise<void> {
    const changes = rows.map((row) => auditChanges({ ...row }, null, subject.fields));
    return this.recordMany(m, actor, subject, organisationId, AuditAction.Delete, rows, changes);
  }

  /**
   * Update events of many rows in one statement, each as `updated` writes it (none for a row whose
   * audited fields did not change): the sessions a series' new schedule moves.
   */
  updatedMany(
    m: EntityManager,
    actor: Principal | null,
    subject: AuditSubject,
    organisationId: string | null,
    changes: { before: Snapshot; after: Snapshot }[],
  ): Promise<void> {
    const changed = changes
      .map(({ before, after }) => ({
        row: after,
        change: auditChanges({ ...before }, { ...after }, subject.fields),
      }))
      .filter(({ change }) => Object.keys(change).length > 0);
    return this.recordMany(
      m,
      actor,
      subject,
      organisationId,
      AuditAction.Update,
      changed.map(({ row }) => row),
      changed.map(({ change }) => change),
    );
  }

  private async recordMany(
    m: EntityManager,
    actor: Principal | null,
    subject: AuditSubject,
    organisationId: string | null,
    action: AuditAction,
    rows: Snapshot[],
    changes: Record<string, unknown>[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const [org, actorId, entityType, , , requestId] = this.eventValues(
      actor,
      organisationId,
      subject.type,
      action,
      {},
    );
    await m.query(
      `INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, request_id, entity_id)
       SELECT $1, $2, $3, $4, u.changes, $5, u.entity_id FROM unnest($6::jsonb[], $7::uuid[]) AS u (changes, entity_id)`,
      [
        org,
        actorId,
        entityType,
        action,
        requestId,
        changes.map((each) => JSON.stringify(each)),
        rows.map((row) => row.id),
      ],
    );
  }

  updated(
    m: EntityManager,
    actor: Principal | null,
    subject: AuditSubject,
    organisationId: string | null,
    before: Snapshot,
    after: Snapshot,
  ) {
    return this.record(m, actor, {
      entityType: subject.type,
      entityId: after.id,
      organisationId,
      action: AuditAction.Update,
      before: { ...before },
      after: { ...after },
      fields: subject.fields,
    });
  }

  deleted(
    m: EntityManager,
    actor: Principal | null,
    subject: AuditSubject,
    organisationId: string | null,
    before: Snapshot,
  ) {
    return this.record(m, actor, {
      entityType: subject.type,
      entityId: before.id,
      organisationId,
      action: AuditAction.Delete,
      before: { ...before },
      after: null,
      fields: subject.fields,
    });
  }

  async list(actor: Principal, query: AuditEventQueryDto): Promise<Page<AuditEventDto>> {
    this.access.requireRole(actor, AccessRole.Admin);
    const qb = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('e.organisationId = :organisationId', { organisationId });
    // Another organisation's id finds nothing, as on every other list (not the caller's own rows).
    if (query.organisationId)
      qb.andWhere('e.organisationId = :requested', { requested: query.organisationId });
    // The system administrator manages organisations, not their register: an event about an
    // incident, say, holds its text, which may be confidential.
    if (actor.systemAdmin)
      qb.andWhere('e.entityType IN (:...governance)', { governance: SYSTEM_ADMIN_AUDIT_TYPES });
    whereInList(qb, 'e.entityType', 'entityType', query.entityType);
    if (query.entityId) qb.andWhere('e.entityId = :entityId', { entityId: query.entityId });
    if (query.actorId) qb.andWhere('e.actorId = :actorId', { actorId: query.actorId });
    whereInList(qb, 'e.action', 'action', query.action);
    wherePeriod(qb, 'e.occurredAt', query.from, query.to);
    qb.orderBy('e.occurredAt', 'DESC').addOrderBy('e.id', 'DESC');
    return paginate(qb, query, AuditEventDto.from, { totalCap: TOTAL_CAP });
  }
}
