import { Column, Entity } from 'typeorm';
import { ResourceEntity } from '../shared/resource.entity';

/** An HTTPS endpoint that receives signed JSON events of an organisation. */
@Entity({ name: 'webhook_subscriptions' })
export class WebhookSubscriptionEntity extends ResourceEntity {
  @Column({ type: 'uuid' }) organisationId!: string;
  @Column() url!: string;
  @Column({ type: 'text', array: true }) events!: string[];
  /** HMAC-SHA256 key for the signature header; never shown again after creation. */
  @Column({ select: false }) secret!: string;
  @Column({ type: 'varchar', nullable: true }) description!: string | null;
  @Column({ default: true }) active!: boolean;
  @Column({ type: 'uuid', nullable: true }) createdById!: string | null;
}
