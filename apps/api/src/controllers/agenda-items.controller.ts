import type { Principal } from '@app/domain/access/principal';
import { AgendaItemsService } from '@app/domain/reflection/agenda-items.service';
import { AgendaItemQueryDto } from '@app/domain/reflection/dto/agenda-item-query.dto';
import { AgendaItemDto } from '@app/domain/reflection/dto/agenda-item.dto';
import { CreateAgendaItemDto } from '@app/domain/reflection/dto/create-agenda-item.dto';
import { UpdateAgendaItemDto } from '@app/domain/reflection/dto/update-agenda-item.dto';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor } from '../http/actor.decorator';
import { ApiPageResponse } from '../http/api-page-response.decorator';
import { UuidPipe } from '../http/uuid.pipe';
import { OrganisationWork } from '../http/organisation-work.decorator';

@ApiTags('reflection')
@OrganisationWork()
@Controller('agenda-items')
export class AgendaItemsController {
  constructor(private readonly items: AgendaItemsService) {}

  @Get()
  @ApiOperation({ summary: 'List agenda items, by series, session, backlog, status and kind' })
  @ApiPageResponse(AgendaItemDto, undefined, { cappedTotal: '10,000 agenda items' })
  list(@Actor() actor: Principal, @Query() query: AgendaItemQueryDto) {
    return this.items.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an agenda item' })
  @ApiOkResponse({ type: AgendaItemDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.items.get(actor, id);
  }

  @Post()
  @ApiOperation({
    summary: "Propose an item for a session or for a series' backlog (leads)",
    description:
      'On a session whose agenda went out it must fit beside the rest (409, as for PATCH) and is not ' +
      'sent until a lead sends the agenda again with POST /v1/reflection-sessions/{id}/agenda.',
  })
  @ApiCreatedResponse({ type: AgendaItemDto })
  create(@Actor() actor: Principal, @Body() dto: CreateAgendaItemDto) {
    return this.items.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change, move or drop an agenda item (leads)',
    description:
      'An item on a session whose agenda went out (agenda-sent) can still be changed, moved on or off, ' +
      'dropped and brought back, until the outcome is recorded (then 409: "The agenda of a held session ' +
      'can no longer change."; a discussed item, 409 too). What it adds to a sent agenda (moved there, a ' +
      'longer timebox, back from dropped) must fit beside the rest: 409 "The agenda of this session would ' +
      'take 95 of its 90 minutes; shorten or drop another item first.", with invalidParams naming ' +
      'timeboxMinutes. The change is not sent: the answer is the item, the session keeps its agendaSentAt ' +
      'and icalSequence, and invitees and agenda.published subscribers keep the agenda they got until a ' +
      'lead sends it again with POST /v1/reflection-sessions/{id}/agenda.',
  })
  @ApiOkResponse({ type: AgendaItemDto })
  update(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Body() dto: UpdateAgendaItemDto) {
    return this.items.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an agenda item that was not discussed (leads)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.items.remove(actor, id);
  }
}
