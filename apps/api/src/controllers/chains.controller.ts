import type { Principal } from '@app/domain/access/principal';
import { CreateChainDto } from '@app/domain/governance/dto/create-chain.dto';
import { ChainQueryDto } from '@app/domain/governance/dto/chain-query.dto';
import { ChainDto } from '@app/domain/governance/dto/chain.dto';
import { UpdateChainDto } from '@app/domain/governance/dto/update-chain.dto';
import { ChainsService } from '@app/domain/governance/chains.service';
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

@ApiTags('chains')
@Controller('chains')
export class ChainsController {
  constructor(private readonly chains: ChainsService) {}

  @Get()
  @ApiOperation({ summary: 'List policy-implementation chains' })
  @ApiPageResponse(ChainDto)
  list(@Actor() actor: Principal, @Query() query: ChainQueryDto) {
    return this.chains.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a chain' })
  @ApiOkResponse({ type: ChainDto })
  get(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.chains.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a chain (admins)' })
  @ApiCreatedResponse({ type: ChainDto })
  create(@Actor() actor: Principal, @Body() dto: CreateChainDto) {
    return this.chains.create(actor, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a chain (admins)' })
  @ApiOkResponse({ type: ChainDto })
  update(@Actor() actor: Principal, @Param('id', UuidPipe) id: string, @Body() dto: UpdateChainDto) {
    return this.chains.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a chain (admins)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Actor() actor: Principal, @Param('id', UuidPipe) id: string) {
    return this.chains.remove(actor, id);
  }
}
