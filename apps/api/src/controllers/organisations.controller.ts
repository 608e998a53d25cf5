import type { Principal } from '@app/domain/access/principal';
import { CreateOrganisationDto } from '@app/domain/governance/dto/create-organisation.dto';
import { OrganisationQueryDto } from '@app/domain/governance/dto/organisation-query.dto';
import { OrganisationDto } from '@app/domain/governance/dto/organisation.dto';
import { UpdateOrganisationDto } from '@app/domain/governance/dto/update-organisation.dto';
import { OrganisationsService } from '@app/domain/governance/organisations.service';
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

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOperation({ summary: 'List organisations (the system administrator sees all, others their own)' })
  @ApiPageResponse(OrganisationDto)
  list(@Actor() actor: Principal, @Query() query: OrganisationQueryDto) {
    return this.organisations.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an organisation' })
  @ApiOkResponse({ type: OrganisationDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.organisations.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create an organisation (system administrator)' })
  @ApiCreatedResponse({ type: OrganisationDto })
  create(@Actor() actor: Principal, @Body() dto: CreateOrganisationDto) {
    return this.organisations.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an organisation (its admins or the system administrator)' })
  @ApiOkResponse({ type: OrganisationDto })
  update(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Body() dto: UpdateOrganisationDto) {
    return this.organisations.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an empty organisation (system administrator)',
    description:
      'With its delivery log (messages sent, cancelled or failed). 409 while teams, people, chains or ' +
      'other records refer to it (the problem detail names what it still has), then while messages are ' +
      'still to be sent (a withdrawal from a calendar, due at once).',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.organisations.remove(actor, id);
  }
}
