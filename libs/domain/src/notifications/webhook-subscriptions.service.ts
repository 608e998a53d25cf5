import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { planOverdueWebhooksOfOpenActions } from '../actions/plan-overdue-webhooks-of-open-actions';
import { AuditService } from '../audit/audit.service';
import { AuditSubject } from '../audit/audit-subject';
import { applyPatch } from '../shared/apply-patch';
import { Clock } from '../shared/clock';
import { DomainError } from '../shared/domain.error';
import { lockForUpdate } from '../shared/lock-for-update';
import { Page } from '../shared/page';
import { PageQueryDto } from '../shared/page-query.dto';
import { paginate } from '../shared/paginate';
import { CreateWebhookSubscriptionDto } from './dto/create-webhook-subscription.dto';
import { CreatedWebhookSubscriptionDto } from './dto/created-webhook-subscription.dto';
import { UpdateWebhookSubscriptionDto } from './dto/update-webhook-subscription.dto';
import { WebhookSubscriptionDto } from './dto/webhook-subscription.dto';
import { NotificationWriter } from './notification-writer.service';
import { lockWebhookSubscriptions } from './lock-webhook-subscriptions';
import { WebhookEventPlanner } from './webhook-event-planner.service';
import { WebhookEventType } from './webhook-event-type';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { webhookUrlCredentialsProblem } from './webhook-url-credentials-problem';
import { webhookUrlAsSent } from './webhook-url-as-sent';
import { webhookUrlProblem } from './webhook-url-problem';
import { WEBHOOK_URL_MAX_LENGTH } from './webhook-url-max-length';
import { planSessionRemindersOfSubscription } from '../reflection/plan-session-reminders-of-subscription';
import { patchChanges } from '../shared/patch-changes';

// The secret is never audited, only a fingerprint of it: a rotation shows, the secret does not.
const SUBJECT: AuditSubject = {
  type: 'webhook-subscription',
  fields: ['url', 'events', 'description', 'active', 'secretFingerprint'],
};

/** What the audit records: the secret (which entities read only when asked) as a fingerprint. */
function auditable(
  subscription: WebhookSubscriptionEntity,
  secret: string | undefined,
): { id: string } & Record<string, unknown> {
  const secretFingerprint = secret && createHash('sha256').update(secret).digest('hex').slice(0, 12);
  return { ...subscription, secretFingerprint };
}

/** Whether the subscription hears of actions becoming overdue. */
/** Events planned ahead of their moment, which a subscription that starts listening is caught up on. */
const PLANNED_AHEAD = [WebhookEventType.ActionOverdue, WebhookEventType.SessionReminder];

/** Whether the subscription, as it is, hears `event`. */
function hears(subscription: { active: boolean; events: string[] }, event: WebhookEventType): boolean {
  return subscription.active && subscription.events.includes(event);
}

/** An organisation's webhook endpoints; its leads and admins manage them. */
@Injectable()
export class WebhookSubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly writer: NotificationWriter,
    private readonly webhooks: WebhookEventPlanner,
    private readonly clock: Clock,
  ) {}

  async list(actor: Principal, paging: PageQueryDto): Promise<Page<WebhookSubscriptionDto>> {
    this.access.requireRole(actor, AccessRole.Lead);
    const qb = this.dataSource.getRepository(WebhookSubscriptionEntity).createQueryBuilder('w');
    const organisationId = this.access.organisationScope(actor);
    if (organisationId) qb.andWhere('w.organisationId = :organisationId', { organisationId });
    qb.orderBy('w.createdAt', 'DESC').addOrderBy('w.id', 'DESC');
    return paginate(qb, paging, WebhookSubscriptionDto.from);
  }

  async get(actor: Principal, id: string): Promise<WebhookSubscriptionDto> {
    this.access.requireRole(actor, AccessRole.Lead);
    const found = await this.dataSource
      .getRepository(WebhookSubscriptionEntity)
      .findOneBy({ id, ...this.access.scopeWhere(actor) });
    if (!found) throw DomainError.notFound('Webhook subscription', id);
    return WebhookSubscriptionDto.from(found);
  }

  async create(actor: Principal, dto: CreateWebhookSubscriptionDto): Promise<CreatedWebhookSubscriptionDto> {
    this.access.requireRole(actor, AccessRole.Lead);
    const organisationId = this.access.targetOrganisation(actor, dto.organisationId);
    const url = this.checkUrl(dto.url);
    const secret = dto.secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
    return this.dataSource.transaction(async (m) => {
      const exists: unknown[] = await m.query(`SELECT 1 FROM organisations WHERE id = $1`, [organisationId]);
      if (exists.length === 0) throw DomainError.reference('organisationId', 'organisation');
      await lockWebhookSubscriptions(m, organisationId, 'exclusive');
      const saved = await m.save(
        m.create(WebhookSubscriptionEntity, {
          organisationId,
          url,
          events: dto.events,
          secret,
          description: dto.description ?? null,
          active: dto.active ?? true,
          createdById: actor.personId,
        }),
      );
      await this.planAhead(m, saved, []);
      await this.audit.created(m, actor, SUBJECT, organisationId, auditable(saved, secret));
      return { ...WebhookSubscriptionDto.from(saved), secret };
    });
  }

  async update(
    actor: Principal,
    id: string,
    dto: UpdateWebhookSubscriptionDto,
  ): Promise<WebhookSubscriptionDto> {
    return this.dataSource.transaction(async (m) => {
      await this.lockSubscriptionsOf(m, id);
      const found = await lockForUpdate(
        m,
        WebhookSubscriptionEntity,
        id,
        dto.version,
        'Webhook subscription',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Lead),
      );
      if (dto.url !== undefined) dto.url = this.checkUrl(dto.url);
      // The old secret (entities read it only when asked) is needed only to show a rotation.
      const secret: string | undefined =
        dto.secret === undefined
          ? undefined
          : (await m.query(`SELECT secret FROM webhook_subscriptions WHERE id = $1`, [id]))[0].secret;
      // Nothing to change: no new version (a client holding this one would be told it is stale).
      const { secret: newSecret, ...fields } = dto;
      if (!patchChanges(found, fields) && (newSecret === undefined || newSecret === secret))
        return WebhookSubscriptionDto.from(found);
      const before = auditable({ ...found }, secret);
      const heardBefore = PLANNED_AHEAD.filter((event) => hears(found, event));
      applyPatch(found, dto);
      found.updatedAt = new Date();
      const saved = await m.save(found);
      await this.writer.followSubscription(m, saved.id, saved.url, saved.events);
      await this.planAhead(m, saved, heardBefore);
      await this.audit.updated(m, actor, SUBJECT, found.organisationId, before, auditable(saved, dto.secret));
      return WebhookSubscriptionDto.from(saved);
    });
  }

  /** Deleting also cancels what was still to be sent to it. */
  async remove(actor: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.lockSubscriptionsOf(m, id);
      const found = await lockForUpdate(
        m,
        WebhookSubscriptionEntity,
        id,
        undefined,
        'Webhook subscription',
        this.access.scopeWhere(actor),
        () => this.access.requireRole(actor, AccessRole.Lead),
      );
      await m.query(
        `UPDATE notifications SET status = 'cancelled', updated_at = now(), version = version + 1,
           cancel_reason = 'the webhook subscription was deleted'
         WHERE webhook_subscription_id = $1 AND status IN ('pending', 'queued')`,
        [id],
      );
      await m.delete(WebhookSubscriptionEntity, { id });
      await this.audit.deleted(m, actor, SUBJECT, found.organisationId, found);
    });
  }

  /** The organisation's subscriptions lock, taken before the subscription's row (planners' order). */
  private async lockSubscriptionsOf(m: EntityManager, id: string): Promise<void> {
    const [row]: { organisationId: string }[] = await m.query(
      `SELECT organisation_id AS "organisationId" FROM webhook_subscriptions WHERE id = $1`,
      [id],
    );
    if (row) await lockWebhookSubscriptions(m, row.organisationId, 'exclusive');
  }

  /**
   * A subscription that starts listening to an event planned ahead (made, given the event, or made
   * active again) hears what is still to come, not only what is planned from now on: the open
   * actions that become overdue later, and the reminders of the sessions within the notice window.
   * `heardBefore`: the events it listened to already.
   */
  private async planAhead(
    m: EntityManager,
    subscription: WebhookSubscriptionEntity,
    heardBefore: WebhookEventType[],
  ): Promise<void> {
    const now = this.clock.now();
    const starts = (event: WebhookEventType) => hears(subscription, event) && !heardBefore.includes(event);
    if (starts(WebhookEventType.ActionOverdue))
      await planOverdueWebhooksOfOpenActions(m, this.webhooks, subscription, now);
    if (starts(WebhookEventType.SessionReminder))
      await planSessionRemindersOfSubscription(m, this.webhooks, subscription, now);
  }

  /**
   * Refuses a URL that could only reach this side of the firewall (or is not https when that is
   * required). Only what the URL itself shows: the worker checks what the host resolves to at
   * every delivery, because DNS can change after this. Gives the URL as it is stored and sent.
   */
  private checkUrl(url: string): string {
    const problem = webhookUrlProblem(url, this.config) ?? webhookUrlCredentialsProblem(url);
    if (problem) throw DomainError.invalid('url', problem);
    const asSent = webhookUrlAsSent(url);
    // Percent-encoding makes a URL longer (é is %C3%A9): a URL within the limit as typed may not be.
    if (asSent.length > WEBHOOK_URL_MAX_LENGTH)
      throw DomainError.invalid(
        'url',
        `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters as sent, percent-encoded (this one is ${asSent.length})`,
      );
    return asSent;
  }
}
