import { Injectable } from '@nestjs/common';
import { whereInList } from '../shared/where-in-list';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { ErrorCode } from '../shared/error-code';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { paginate } from '../shared/paginate';
import { TOTAL_CAP } from '../shared/total-cap';
import { NotificationQueryDto } from './dto/notification-query.dto';
import { NotificationDto } from './dto/notification.dto';
import { isStillInvited } from './is-still-invited';
import { NOTIFICATION_AUDIT_SUBJECT } from './notification-audit-subject';
import { NotificationChannel } from './notification-channel';
import { NotificationSort } from './notification-sort';
import { NotificationStatus } from './notification-status';
import { NotificationEntity } from './notification.entity';
import { wherePeriod } from '../shared/where-period';

/**
 * Each order, then the due time and id in the same direction, as the organisation's indexes have
 * them (notifications_org_due_idx, notifications_org_sent_idx, notifications_org_idx).
 */
const SORTS: Record<NotificationSort, [column: string, direction: 'ASC' | 'DESC', nulls?: 'NULLS LAST']> = {
  [NotificationSort.DueAt]: ['n.dueAt', 'ASC'],
  [NotificationSort.DueAtDesc]: ['n.dueAt', 'DESC'],
  [NotificationSort.SentAtDesc]: ['n.sentAt', 'DESC', 'NULLS LAST'],
  [NotificationSort.CreatedAt]: ['n.createdAt', 'ASC'],
  [NotificationSort.CreatedAtDesc]: ['n.createdAt', 'DESC'],
};

/** The delivery log of an organisation, for its leads and admins, and retrying what failed. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Principal, query: NotificationQueryDto): Promise<Page<NotificationDto>> {
    this.access.requireRole(actor, AccessRole.Lead);
    const qb = this.dataSource.getRepository(NotificationEntity).createQueryBuilder('n');
    const organisationId = this.access.organisationScope(actor, query.organisationId);
    if (organisationId) qb.andWhere('n.organisationId = :organisationId', { organisationId });
    // Another organisation's id finds nothing, as on every other list (not the caller's own rows).
    if (query.organisationId)
      qb.andWhere('n.organisationId = :requested', { requested: query.organisationId });
    const filters = ['recipientId', 'subjectId'] as const;
    for (const field of filters) {
      if (query[field] !== undefined) qb.andWhere(`n.${field} = :${field}`, { [field]: query[field] });
    }
    whereInList(qb, 'n.kind', 'kind', query.kind);
    whereInList(qb, 'n.subjectType', 'subjectType', query.subjectType);
    whereInList(qb, 'n.status', 'status', query.status);
    whereInList(qb, 'n.channel', 'channel', query.channel);
    wherePeriod(qb, 'n.dueAt', query.from, query.to);
    let sort = query.sort ?? NotificationSort.DueAtDesc;
    // Only messages not sent (status=pending, failed…, which have no sent time): by sent time is by
    // due time, and the index by sent time would be walked past every message that was sent first.
    if (sort === NotificationSort.SentAtDesc && query.status?.every((s) => s !== NotificationStatus.Sent))
      sort = NotificationSort.DueAtDesc;
    const [column, direction, nulls] = SORTS[sort];
    qb.orderBy(column, direction, nulls);
    if (column !== 'n.dueAt') qb.addOrderBy('n.dueAt', direction);
    qb.addOrderBy('n.id', direction);
    return paginate(qb, query, NotificationDto.from, { totalCap: TOTAL_CAP });
  }

  async get(actor: Principal, id: string): Promise<NotificationDto> {
    this.access.requireRole(actor, AccessRole.Lead);
    const row = await this.dataSource
      .getRepository(NotificationEntity)
      .findOneBy({ id, ...this.access.scopeWhere(actor) });
    if (!row) throw DomainError.notFound('Notification', id);
    return NotificationDto.from(row);
  }

  /**
   * Sends a failed notification again: attempts back to 0, pending, to the address it has now (a
   * person's current e-mail, the subscription's current URL). Its due time stays when it was due
   * (reports count escalations by it; webhooks send it as the event's time), which has passed, so
   * the worker's dispatcher picks it up within seconds. Only for failed ones (409 otherwise), and
   * not for an event the subscription no longer listens to.
   */
  async retry(actor: Principal, id: string): Promise<NotificationDto> {
    return this.dataSource.transaction(async (m) => {
      const row = await lockForUpdate(
        m,
        NotificationEntity,
        id,
        undefined,
        'Notification',
        this.access.scopeWhere(actor),
        // In permit, so that a member is refused (403) before an If-Match is compared (412).
        () => this.access.requireRole(actor, AccessRole.Lead),
      );
      if (row.status !== NotificationStatus.Failed) {
        throw new DomainError(
          ErrorCode.InvalidTransition,
          `Only a failed notification can be retried; this one is ${row.status}.`,
          { allowedNextStates: [] },
        );
      }
      const before = { ...row };
      row.target = await this.currentTarget(m, row);
      row.status = NotificationStatus.Pending;
      row.attempts = 0;
      row.claimedUntil = null;
      const saved = await m.save(row);
      await this.audit.updated(m, actor, NOTIFICATION_AUDIT_SUBJECT, row.organisationId, before, saved);
      return NotificationDto.from(saved);
    });
  }

  /** Where the message goes now: pending ones follow a new address; a failed one is retried there. */
  private async currentTarget(m: EntityManager, row: NotificationEntity): Promise<string> {
    if (row.channel === NotificationChannel.Webhook) {
      const [subscription]: { url: string; events: string[]; active: boolean }[] = row.webhookSubscriptionId
        ? await m.query(`SELECT url, events, active FROM webhook_subscriptions WHERE id = $1`, [
            row.webhookSubscriptionId,
          ])
        : [];
      if (!subscription?.active || !subscription.events.includes(row.kind))
        throw new DomainError(
          ErrorCode.Conflict,
          `The webhook subscription no longer listens to ${row.kind}; there is nothing to send it to.`,
        );
      return subscription.url;
    }
    const [person]: { email: string; active: boolean }[] = row.recipientId
      ? await m.query(`SELECT email, active FROM people WHERE id = $1`, [row.recipientId])
      : [];
    // As delivery does: someone who left, or was deleted, gets nothing but the withdrawal of an
    // invitation; someone taken off a series' list no invitation or reminder of its sessions.
    if (row.kind !== 'session-uninvited') {
      if (!person || !person.active)
        throw new DomainError(
          ErrorCode.Conflict,
          `The recipient ${person ? 'is no longer active' : 'no longer exists'}; there is nobody to send it to.`,
        );
      if (!(await isStillInvited(m, row, this.clock.now())))
        throw new DomainError(
          ErrorCode.Conflict,
          'The recipient is no longer invited to this session; sending it would put it in their calendar.',
        );
    }
    return person?.email ?? row.target;
  }
}
