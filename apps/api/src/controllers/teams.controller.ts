import type { Principal } from '@app/domain/access/principal';
import { CreateTeamDto } from '@app/domain/governance/dto/create-team.dto';
import { TeamQueryDto } from '@app/domain/governance/dto/team-query.dto';
import { TeamDto } from '@app/domain/governance/dto/team.dto';
import { UpdateTeamDto } from '@app/domain/governance/dto/update-team.dto';
import { TeamsService } from '@app/domain/governance/teams.service';
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

@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @ApiOperation({ summary: 'List teams' })
  @ApiPageResponse(TeamDto)
  list(@Actor() actor: Principal, @Query() query: TeamQueryDto) {
    return this.teams.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a team' })
  @ApiOkResponse({ type: TeamDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.teams.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a team (admins)' })
  @ApiCreatedResponse({ type: TeamDto })
  create(@Actor() actor: Principal, @Body() dto: CreateTeamDto) {
    return this.teams.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a team (admins)' })
  @ApiOkResponse({ type: TeamDto })
  update(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Body() dto: UpdateTeamDto) {
    return this.teams.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a team (admins)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.teams.remove(actor, id);
  }
}
