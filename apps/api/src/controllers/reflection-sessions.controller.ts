import type { Principal } from '@app/domain/access/principal';
import { AgendaService } from '@app/domain/reflection/agenda.service';
import { AgendaDto } from '@app/domain/reflection/dto/agenda.dto';
import { ReflectionSessionQueryDto } from '@app/domain/reflection/dto/reflection-session-query.dto';
import { ReflectionSessionDto } from '@app/domain/reflection/dto/reflection-session.dto';
import { UpdateReflectionSessionDto } from '@app/domain/reflection/dto/update-reflection-session.dto';
import { ReflectionSessionsService } from '@app/domain/reflection/reflection-sessions.service';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../http/actor.decorator';
import { ApiPageResponse } from '../http/api-page-response.decorator';
import { UuidPipe } from '../http/uuid.pipe';
import { OrganisationWork } from '../http/organisation-work.decorator';

@ApiTags('reflection')
@OrganisationWork()
@Controller()
export class ReflectionSessionsController {
  constructor(
    private readonly sessions: ReflectionSessionsService,
    private readonly agenda: AgendaService,
  ) {}

  @Get('reflection-series/:seriesId/sessions')
  @ApiOperation({ summary: "List a series' sessions, by status and period" })
  @ApiPageResponse(ReflectionSessionDto)
  list(
    @Actor() actor: Principal,
    @Param('seriesId', UuidPipe) seriesId: string,
    @Query() query: ReflectionSessionQueryDto,
  ) {
    return this.sessions.list(actor, seriesId, query);
  }

  @Get('reflection-sessions/:id')
  @ApiOperation({ summary: 'Get a reflection session' })
  @ApiOkResponse({ type: ReflectionSessionDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.sessions.get(actor, id);
  }

  @Patch('reflection-sessions/:id')
  @ApiOperation({
    summary:
      'Record the outcome (leads): held with minutes, postponed to a new time, or cancelled; a wrong transition is 409',
    description:
      'Cancelled, everyone invited gets a cancellation by e-mail (an iTIP CANCEL of the calendar event) and ' +
      'a session.cancelled webhook goes out; its pending reminders and outcome request are cancelled. A ' +
      'session that is over (endsAt has passed) and went unrecorded may still be recorded as cancelled (it ' +
      'did not take place): then no cancellation is e-mailed, as that would strike a past meeting from ' +
      'calendars; the webhook still goes out and the calendar feeds show it as cancelled. One called off ' +
      'while under way (begun, not yet ended) is still e-mailed.',
  })
  @ApiOkResponse({ type: ReflectionSessionDto })
  update(
    @Actor() actor: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateReflectionSessionDto,
  ) {
    return this.sessions.update(actor, id, dto);
  }

  @Get('reflection-sessions/:id/agenda')
  @ApiOperation({
    summary: "The session's agenda: items in order with timeboxes, total and learning minutes",
  })
  @ApiOkResponse({ type: AgendaDto })
  getAgenda(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.agenda.get(actor, id);
  }

  @Post('reflection-sessions/:id/agenda')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Compile the agenda again now (leads); a sent agenda that changed is sent again',
    description:
      'A sent agenda keeps its items in their order (those added since after them; a compiled subject ' +
      "no longer due, or no longer in the series' chain, goes) and time left is filled as when it was " +
      'compiled. It goes out again only when what invitees read differs from the agenda last sent (an ' +
      "item's position, kind, referenceId as masked, title or timebox), also through item changes made " +
      'since: icalSequence + 1 and agendaSentAt now, e-mails to everyone invited and an agenda.published ' +
      'webhook, each in place of one not yet delivered. Unchanged, nothing is sent. 409 once the session ' +
      'has begun or its outcome is recorded. The answer is the agenda as it is now.',
  })
  @ApiOkResponse({ type: AgendaDto })
  compileAgenda(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.agenda.recompile(actor, id);
  }
}
