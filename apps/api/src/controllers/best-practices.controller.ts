import type { Principal } from '@app/domain/access/principal';
import { BestPracticesService } from '@app/domain/best-practices/best-practices.service';
import { BestPracticeDetailDto } from '@app/domain/best-practices/dto/best-practice-detail.dto';
import { BestPracticeQueryDto } from '@app/domain/best-practices/dto/best-practice-query.dto';
import { BestPracticeDto } from '@app/domain/best-practices/dto/best-practice.dto';
import { CreateBestPracticeDto } from '@app/domain/best-practices/dto/create-best-practice.dto';
import { UpdateBestPracticeDto } from '@app/domain/best-practices/dto/update-best-practice.dto';
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

@ApiTags('best-practices')
@OrganisationWork()
@Controller('best-practices')
export class BestPracticesController {
  constructor(private readonly practices: BestPracticesService) {}

  @Get()
  @ApiOperation({
    summary: 'List and search best practices',
    description:
      '`q` searches in Dutch (word forms and accents do not matter): the newest 200 matches best match ' +
      'first, then older matches newest first.',
  })
  @ApiPageResponse(BestPracticeDto, undefined, {
    cappedTotal: '10,000 best practices; 200 with a search text q, which ranks the newest 200 matches',
  })
  list(@Actor() actor: Principal, @Query() query: BestPracticeQueryDto) {
    return this.practices.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a best practice with the lessons drawn from it and its adoptions' })
  @ApiOkResponse({ type: BestPracticeDetailDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.practices.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Propose a best practice' })
  @ApiCreatedResponse({ type: BestPracticeDto })
  create(@Actor() actor: Principal, @Body() dto: CreateBestPracticeDto) {
    return this.practices.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a best practice or its status (endorsing, and retiring what was endorsed: leads)',
    description:
      'Members change a proposal; once endorsed, only leads change its content (a field sent as it is ' +
      'does not count; 403) and, retired, nobody (409: "A retired best practice can no longer be changed."). Endorsing: see status. Checked in this ' +
      'order: emptying practice or evidence of one no longer proposed (400); the change of status (409 ' +
      'when not allowed, then 403, then 400 for what endorsing needs); the content rules above; the ' +
      'version (409 with currentVersion); chainId and teamId (422 when not of your organisation, naming ' +
      'the field). Nothing is written on any of them.',
  })
  @ApiOkResponse({ type: BestPracticeDetailDto })
  update(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Body() dto: UpdateBestPracticeDto) {
    return this.practices.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a proposed best practice (its proposer or a lead); retire others' })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.practices.remove(actor, id);
  }
}
