import type { Principal } from '@app/domain/access/principal';
import { ActionsService } from '@app/domain/actions/actions.service';
import { ActionQueryDto } from '@app/domain/actions/dto/action-query.dto';
import { ActionDto } from '@app/domain/actions/dto/action.dto';
import { CreateActionDto } from '@app/domain/actions/dto/create-action.dto';
import { UpdateActionDto } from '@app/domain/actions/dto/update-action.dto';
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

@ApiTags('actions')
@OrganisationWork()
@Controller('actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Get()
  @ApiOperation({ summary: 'List improvement actions; overdue=true for open actions past their due date' })
  @ApiPageResponse(ActionDto, undefined, { cappedTotal: '10,000 actions' })
  list(@Actor() actor: Principal, @Query() query: ActionQueryDto) {
    return this.actions.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'Get an action (an action on a confidential incident, or a lesson of one, is 404 to whoever may not see that, except its assignee)',
  })
  @ApiOkResponse({ type: ActionDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.actions.get(actor, id);
  }

  @Post()
  @ApiOperation({
    summary: 'Create an action following up a lesson, incident or reflection session; plans its reminders',
    description:
      'Plans a reminder to the assignee 3 days before the due date, an overdue notice the day after and an ' +
      "escalation to the chain's owner (or the leads) 14 days after, at 09:00 Dutch time. Of the moments " +
      'already past, each recipient gets the latest at once (an action entered long overdue escalates now).',
  })
  @ApiCreatedResponse({ type: ActionDto })
  create(@Actor() actor: Principal, @Body() dto: CreateActionDto) {
    return this.actions.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an action, or mark it done or cancelled (both final)' })
  @ApiOkResponse({ type: ActionDto })
  update(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Body() dto: UpdateActionDto) {
    return this.actions.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an action made by mistake (its creator or a lead); otherwise cancel it',
    description: 'Only open actions; a done or cancelled one stays on the record (409).',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.actions.remove(actor, id);
  }
}
