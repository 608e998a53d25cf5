import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditActorSubscriber } from './audit-actor.subscriber';
import { AuditEventEntity } from './audit-event.entity';
import { AuditService } from './audit.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  providers: [AuditService, AuditActorSubscriber],
  exports: [AuditService],
})
export class AuditModule {}
