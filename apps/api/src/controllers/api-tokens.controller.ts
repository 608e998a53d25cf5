import type { Principal } from '@app/domain/access/principal';
import { ApiTokensService } from '@app/domain/governance/api-tokens.service';
import { ApiTokenDto } from '@app/domain/governance/dto/api-token.dto';
import { CreateApiTokenDto } from '@app/domain/governance/dto/create-api-token.dto';
import { CreatedApiTokenDto } from '@app/domain/governance/dto/created-api-token.dto';
import { PageQueryDto } from '@app/domain/shared/page-query.dto';
import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../http/actor.decorator';
import { ApiPageResponse } from '../http/api-page-response.decorator';
import { UuidPipe } from '../http/uuid.pipe';

@ApiTags('people')
@Controller('people/:personId/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @ApiOperation({ summary: "List a person's API tokens (admins, or the person)" })
  @ApiPageResponse(ApiTokenDto)
  list(
    @Actor() actor: Principal,
    @Param('personId', UuidPipe) personId: string,
    @Query() paging: PageQueryDto,
  ) {
    return this.tokens.list(actor, personId, paging);
  }

  @Post()
  // The token is in this answer: no cache on the way may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Create an API token; the token itself is in this response only' })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  create(
    @Actor() actor: Principal,
    @Param('personId', UuidPipe) personId: string,
    @Body() dto: CreateApiTokenDto,
  ) {
    return this.tokens.create(actor, personId, dto);
  }

  @Delete(':tokenId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token; it stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  revoke(
    @Actor() actor: Principal,
    @Param('personId', UuidPipe) personId: string,
    @Param('tokenId', UuidPipe) tokenId: string,
  ) {
    return this.tokens.revoke(actor, personId, tokenId);
  }
}
