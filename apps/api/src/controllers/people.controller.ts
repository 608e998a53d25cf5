import type { Principal } from '@app/domain/access/principal';
import { CreatePersonDto } from '@app/domain/governance/dto/create-person.dto';
import { PersonQueryDto } from '@app/domain/governance/dto/person-query.dto';
import { PersonDto } from '@app/domain/governance/dto/person.dto';
import { UpdatePersonDto } from '@app/domain/governance/dto/update-person.dto';
import { PeopleService } from '@app/domain/governance/people.service';
import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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

@ApiTags('people')
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  // A person's calendar feed URL is in it, a secret that opens their calendar: no cache keeps it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'List people, filtered by team, access role or name' })
  @ApiPageResponse(PersonDto)
  list(@Actor() actor: Principal, @Query() query: PersonQueryDto) {
    return this.people.list(actor, query);
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Get a person' })
  @ApiOkResponse({ type: PersonDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.people.get(actor, id);
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Add a person (admins)' })
  @ApiCreatedResponse({ type: PersonDto })
  create(@Actor() actor: Principal, @Body() dto: CreatePersonDto) {
    return this.people.create(actor, dto);
  }

  @Patch(':id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Change a person, their role or teams (admins)' })
  @ApiOkResponse({ type: PersonDto })
  update(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Body() dto: UpdatePersonDto) {
    return this.people.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a person (admins)',
    description:
      'For mistakes. 409 while anything refers to them (a role assignment, even an ended one, an ' +
      'incident they reported, an action, a series they chair), and for yourself or the last admin.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.people.remove(actor, id);
  }
}
