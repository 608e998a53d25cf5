import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, TransactionStartEvent } from 'typeorm';
import { requestContext } from '../shared/request-context';

/**
 * Tells the database who makes a change, for the length of each transaction a request starts:
 * the audit events that triggers write for what follows from a change (an action moving with its
 * incident, an agenda item's title following its subject) then name the caller and the request
 * of the change itself (migration 1764860000000), not nobody. Work without a caller (the worker's
 * jobs) sets nothing.
 */
@Injectable()
export class AuditActorSubscriber implements EntitySubscriberInterface {
  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    const store = requestContext.getStore();
    if (!store?.actorId) return;
    await event.queryRunner.query(
      `SELECT set_config('leerlus.actor_id', $1, true), set_config('leerlus.request_id', $2, true)`,
      [store.actorId, store.requestId],
    );
  }
}
