import type { Principal } from '@app/domain/access/principal';
import { CreateLessonRecheckDto } from '@app/domain/lessons/dto/create-lesson-recheck.dto';
import { CreateLessonDto } from '@app/domain/lessons/dto/create-lesson.dto';
import { LessonDetailDto } from '@app/domain/lessons/dto/lesson-detail.dto';
import { LessonQueryDto } from '@app/domain/lessons/dto/lesson-query.dto';
import { LessonRecheckDto } from '@app/domain/lessons/dto/lesson-recheck.dto';
import { LessonDto } from '@app/domain/lessons/dto/lesson.dto';
import { UpdateLessonDto } from '@app/domain/lessons/dto/update-lesson.dto';
import { LessonsService } from '@app/domain/lessons/lessons.service';
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

@ApiTags('lessons')
@OrganisationWork()
@Controller('lessons')
export class LessonsController {
  constructor(private readonly lessons: LessonsService) {}

  @Get()
  @ApiOperation({
    summary: 'List lessons',
    description:
      'Lessons drawn from a confidential incident appear only for those who may see the incident. ' +
      '`q` searches in Dutch and, unless `sort` says otherwise, ranks the newest 200 matches by relevance ' +
      'and then lists older matches newest first.',
  })
  @ApiPageResponse(LessonDto, undefined, {
    cappedTotal: '10,000 lessons; 200 with a search text q, which ranks the newest 200 matches',
  })
  list(@Actor() actor: Principal, @Query() query: LessonQueryDto) {
    return this.lessons.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a lesson with its source, actions and effectiveness re-checks' })
  @ApiOkResponse({ type: LessonDetailDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.lessons.get(actor, id);
  }

  @Post()
  @ApiOperation({
    summary: 'Draw a lesson from an incident, a best practice or a reflection session',
    description:
      "The source must exist in your organisation (422 otherwise); chainId defaults to the source's.",
  })
  @ApiCreatedResponse({ type: LessonDetailDto })
  create(@Actor() actor: Principal, @Body() dto: CreateLessonDto) {
    return this.lessons.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a lesson, or validate, embed or retire it (leads)',
    description:
      'Members edit drafts. status (leads): draft → validated (with response and responseReason) → embedded ' +
      '(with evidence; recheckAt defaults to six months later) → retired, and validated → retired. Other ' +
      'changes of status are 409 with allowedNextStates.',
  })
  @ApiOkResponse({ type: LessonDetailDto })
  update(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Body() dto: UpdateLessonDto) {
    return this.lessons.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a draft lesson (its author or a lead)',
    description: 'Only drafts; a validated lesson is retired instead (409).',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.lessons.remove(actor, id);
  }

  @Get(':id/rechecks')
  @ApiOperation({ summary: "The lesson's effectiveness re-checks, most recent first" })
  @ApiPageResponse(LessonRecheckDto)
  listRechecks(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Query() query: PageQueryDto) {
    return this.lessons.listRechecks(actor, id, query);
  }

  @Post(':id/rechecks')
  @ApiOperation({
    summary: 'Record an effectiveness re-check of an embedded lesson (leads): did it stick?',
    description:
      "Sets the lesson's recheckedAt to checkedAt and its recheckAt to nextRecheckAt (none when left out).",
  })
  @ApiCreatedResponse({ type: LessonRecheckDto })
  recheck(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Body() dto: CreateLessonRecheckDto) {
    return this.lessons.recheck(actor, id, dto);
  }
}
