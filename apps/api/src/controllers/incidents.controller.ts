import type { Principal } from '@app/domain/access/principal';
import { CreateIncidentDto } from '@app/domain/incidents/dto/create-incident.dto';
import { CreatedIncidentDto } from '@app/domain/incidents/dto/created-incident.dto';
import { IncidentDetailDto } from '@app/domain/incidents/dto/incident-detail.dto';
import { IncidentQueryDto } from '@app/domain/incidents/dto/incident-query.dto';
import { IncidentDto } from '@app/domain/incidents/dto/incident.dto';
import { SimilarIncidentListDto } from '@app/domain/incidents/dto/similar-incident-list.dto';
import { SimilarIncidentQueryDto } from '@app/domain/incidents/dto/similar-incident-query.dto';
import { UpdateIncidentDto } from '@app/domain/incidents/dto/update-incident.dto';
import { IncidentsService } from '@app/domain/incidents/incidents.service';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../http/actor.decorator';
import { ApiPageResponse } from '../http/api-page-response.decorator';
import { sendRenderedPage } from '../http/send-rendered-page';
import { UuidPipe } from '../http/uuid.pipe';
import { OrganisationWork } from '../http/organisation-work.decorator';

@ApiTags('incidents')
@OrganisationWork()
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @ApiOperation({
    summary: 'List incidents',
    description:
      'Filters combine with AND. `q` searches title and description in Dutch (word forms and accents do not ' +
      'matter) and sorts by relevance unless `sort` says otherwise. Confidential incidents appear only for ' +
      'their reporter, the chain triangle, leads and admins.',
  })
  @ApiPageResponse(IncidentDto, undefined, {
    cappedTotal: '10,000 incidents; 200 with a search text q, which ranks the newest 200 matches',
  })
  async list(
    @Actor() actor: Principal,
    @Query() query: IncidentQueryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendRenderedPage(res, await this.incidents.list(actor, query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an incident with its lessons and actions' })
  @ApiOkResponse({ type: IncidentDetailDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.incidents.get(actor, id);
  }

  @Get(':id/similar-incidents')
  @ApiOperation({
    summary: 'Incidents that resemble this one',
    description:
      'By default only earlier ones with a validated or embedded lesson: the evidence that a lesson did not stick. ' +
      'Candidates share a word of the title (Dutch stems, accents ignored): with withLessonsOnly the 40 newest per ' +
      'word, otherwise the 200 newest; the 20 nearest titles among them are scored, most similar first.',
  })
  @ApiOkResponse({ type: SimilarIncidentListDto })
  similar(
    @Actor() actor: Principal,
    @Param('id', UuidPipe) id: string,
    @Query() query: SimilarIncidentQueryDto,
  ) {
    return this.incidents.similarIncidents(actor, id, query);
  }

  @Post()
  @ApiOperation({
    summary: 'Report an incident',
    description:
      'reportedAt and reportedById are set by the system. The response lists earlier incidents it resembles ' +
      'whose lessons were validated or embedded (similarIncidents); then recurrence is true. It is compared with ' +
      'those whose title shares a word with its title, as GET /v1/incidents/{id}/similar-incidents does, and ' +
      'only with those everyone who may see the new incident may see (internal ones; for a confidential report also ' +
      'the confidential ones of its chain that the reporter may see): a confidential incident does not reveal itself ' +
      'through the flag.',
  })
  @ApiCreatedResponse({ type: CreatedIncidentDto })
  create(@Actor() actor: Principal, @Body() dto: CreateIncidentDto) {
    return this.incidents.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change an incident or move it to its next status',
    description:
      'status: reported → analysing → lessons-drawn (needs a lesson) → closed; closed → analysing reopens. ' +
      'Any other change of status is 409 with allowedNextStates.',
  })
  @ApiOkResponse({ type: IncidentDetailDto })
  update(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Body() dto: UpdateIncidentDto) {
    return this.incidents.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an incident reported by mistake (leads and admins)',
    description: 'Refused (409) while lessons or actions refer to it.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.incidents.remove(actor, id);
  }
}
