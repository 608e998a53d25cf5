import type { Principal } from '@app/domain/access/principal';
import { CreateThemeDto } from '@app/domain/themes/dto/create-theme.dto';
import { ThemeQueryDto } from '@app/domain/themes/dto/theme-query.dto';
import { ThemeDto } from '@app/domain/themes/dto/theme.dto';
import { UpdateThemeDto } from '@app/domain/themes/dto/update-theme.dto';
import { ThemesService } from '@app/domain/themes/themes.service';
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

@ApiTags('themes')
@OrganisationWork()
@Controller('themes')
export class ThemesController {
  constructor(private readonly themes: ThemesService) {}

  @Get()
  @ApiOperation({ summary: 'List long-term themes: active first, least recently discussed first' })
  @ApiPageResponse(ThemeDto)
  list(@Actor() actor: Principal, @Query() query: ThemeQueryDto) {
    return this.themes.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a theme' })
  @ApiOkResponse({ type: ThemeDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.themes.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a long-term theme (leads)' })
  @ApiCreatedResponse({ type: ThemeDto })
  create(@Actor() actor: Principal, @Body() dto: CreateThemeDto) {
    return this.themes.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a theme; set active to false to end it (leads)' })
  @ApiOkResponse({ type: ThemeDto })
  update(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Body() dto: UpdateThemeDto) {
    return this.themes.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a theme created by mistake (leads)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.themes.remove(actor, id);
  }
}
