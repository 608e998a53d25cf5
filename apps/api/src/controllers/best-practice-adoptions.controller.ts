import type { Principal } from '@app/domain/access/principal';
import { BestPracticeAdoptionsService } from '@app/domain/best-practices/best-practice-adoptions.service';
import { BestPracticeAdoptionDto } from '@app/domain/best-practices/dto/best-practice-adoption.dto';
import { CreateBestPracticeAdoptionDto } from '@app/domain/best-practices/dto/create-best-practice-adoption.dto';
import { UpdateBestPracticeAdoptionDto } from '@app/domain/best-practices/dto/update-best-practice-adoption.dto';
import { PageQueryDto } from '@app/domain/shared/page-query.dto';
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
@Controller('best-practices/:bestPracticeId/adoptions')
export class BestPracticeAdoptionsController {
  constructor(private readonly adoptions: BestPracticeAdoptionsService) {}

  @Get()
  @ApiOperation({ summary: 'List the teams that adopted a best practice' })
  @ApiPageResponse(BestPracticeAdoptionDto)
  list(
    @Actor() actor: Principal,
    @Param('bestPracticeId', UuidPipe) bestPracticeId: string,
    @Query() paging: PageQueryDto,
  ) {
    return this.adoptions.list(actor, bestPracticeId, paging);
  }

  @Post()
  @ApiOperation({
    summary: 'Record that a team adopted an endorsed best practice; the first adoption makes it adopted',
  })
  @ApiCreatedResponse({ type: BestPracticeAdoptionDto })
  create(
    @Actor() actor: Principal,
    @Param('bestPracticeId', UuidPipe) bestPracticeId: string,
    @Body() dto: CreateBestPracticeAdoptionDto,
  ) {
    return this.adoptions.create(actor, bestPracticeId, dto);
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Record or change an adoption's result (its recorder or a lead), also once retired",
    description:
      'Only result can be changed (with the version you read); other fields, such as teamId or ' +
      'adoptedAt, are refused (400). The team and the moment stay: adoptedAt decides when the best ' +
      'practice counts as adopted; to correct either, delete the adoption and record it anew (while ' +
      'the best practice can be adopted). A body that changes nothing gives no new version.',
  })
  @ApiOkResponse({ type: BestPracticeAdoptionDto })
  update(
    @Actor() actor: Principal,
    @Param('bestPracticeId', UuidPipe) bestPracticeId: string,
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateBestPracticeAdoptionDto,
  ) {
    return this.adoptions.update(actor, bestPracticeId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an adoption recorded by mistake (its recorder or a lead)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(
    @Actor() actor: Principal,
    @Param('bestPracticeId', UuidPipe) bestPracticeId: string,
    @Param('id', UuidPipe) id: string,
  ) {
    return this.adoptions.remove(actor, bestPracticeId, id);
  }
}
