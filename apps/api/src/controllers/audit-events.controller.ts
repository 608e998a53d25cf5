import type { Principal } from '@app/domain/access/principal';
import { AuditEventQueryDto } from '@app/domain/audit/audit-event-query.dto';
import { AuditEventDto } from '@app/domain/audit/audit-event.dto';
import { AuditService } from '@app/domain/audit/audit.service';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../http/actor.decorator';
import { ApiPageResponse } from '../http/api-page-response.decorator';

@ApiTags('audit')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'The audit log, newest first (admins); filter by entity, actor and period',
    description:
      "An organisation's admins read all of its events. The system administrator reads those of how organisations are set up (organisation, person, team, chain, role-assignment, api-token) in every organisation.",
  })
  @ApiPageResponse(AuditEventDto, undefined, { cappedTotal: '10,000 audit events' })
  list(@Actor() actor: Principal, @Query() query: AuditEventQueryDto) {
    return this.audit.list(actor, query);
  }
}
