import type { Principal } from '@app/domain/access/principal';
import { CreateReflectionSeriesDto } from '@app/domain/reflection/dto/create-reflection-series.dto';
import { ReflectionSeriesQueryDto } from '@app/domain/reflection/dto/reflection-series-query.dto';
import { ReflectionSeriesDto } from '@app/domain/reflection/dto/reflection-series.dto';
import { UpdateReflectionSeriesDto } from '@app/domain/reflection/dto/update-reflection-series.dto';
import { ReflectionSeriesService } from '@app/domain/reflection/reflection-series.service';
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
@Controller('reflection-series')
export class ReflectionSeriesController {
  constructor(private readonly series: ReflectionSeriesService) {}

  @Get()
  @ApiOperation({ summary: 'List recurring reflection series' })
  @ApiPageResponse(ReflectionSeriesDto)
  list(@Actor() actor: Principal, @Query() query: ReflectionSeriesQueryDto) {
    return this.series.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a reflection series' })
  @ApiOkResponse({ type: ReflectionSeriesDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.series.get(actor, id);
  }

  @Post()
  @ApiOperation({
    summary:
      'Create a reflection series (leads); its sessions for the next twelve months are planned at once',
  })
  @ApiCreatedResponse({ type: ReflectionSeriesDto })
  create(@Actor() actor: Principal, @Body() dto: CreateReflectionSeriesDto) {
    return this.series.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a series (leads); a new schedule replaces the future planned sessions',
  })
  @ApiOkResponse({ type: ReflectionSeriesDto })
  update(
    @Actor() actor: Principal,
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateReflectionSeriesDto,
  ) {
    return this.series.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a series without recorded outcomes (leads); otherwise set active to false',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.series.remove(actor, id);
  }
}
