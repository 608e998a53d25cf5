import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface } from 'typeorm';
import { DomainError } from './domain.error';
import { requestContext } from './request-context';

/**
 * The backstop of If-Match: while a request's If-Match matched no current representation and
 * lockForUpdate has not checked that yet (it answers 412 there, after the write's own 404 or 403),
 * no transaction of the request commits. A write that forgot lockForUpdate would otherwise change
 * a resource that is not as the client read it; its transaction is rolled back with a 412 instead,
 * and the slip is logged. (It sees transactions through TypeORM, not a bare query outside one.)
 */
@Injectable()
export class UncheckedPreconditionSubscriber implements EntitySubscriberInterface {
  private readonly logger = new Logger('IfMatch');

  constructor(@InjectDataSource() dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  beforeTransactionCommit(): void {
    const store = requestContext.getStore();
    const precondition = store?.precondition;
    if (!precondition || precondition.version !== null || precondition.checked) return;
    this.logger.error(
      `Request ${store?.requestId} was about to commit a write without checking its If-Match (lockForUpdate): 412`,
    );
    throw DomainError.preconditionFailed('The resource');
  }
}
