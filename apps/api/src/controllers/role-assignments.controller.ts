import type { Principal } from '@app/domain/access/principal';
import { CreateRoleAssignmentDto } from '@app/domain/governance/dto/create-role-assignment.dto';
import { RoleAssignmentQueryDto } from '@app/domain/governance/dto/role-assignment-query.dto';
import { RoleAssignmentDto } from '@app/domain/governance/dto/role-assignment.dto';
import { TriangleHealthQueryDto } from '@app/domain/governance/dto/triangle-health-query.dto';
import { TriangleHealthDto } from '@app/domain/governance/dto/triangle-health.dto';
import { UpdateRoleAssignmentDto } from '@app/domain/governance/dto/update-role-assignment.dto';
import { RoleAssignmentsService } from '@app/domain/governance/role-assignments.service';
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
@Controller('chains/:chainId')
export class RoleAssignmentsController {
  constructor(private readonly assignments: RoleAssignmentsService) {}

  @Get('role-assignments')
  @ApiOperation({ summary: "List the chain's role assignments, history included" })
  @ApiPageResponse(RoleAssignmentDto)
  list(
    @Actor() actor: Principal,
    @Param('chainId', UuidPipe) chainId: string,
    @Query() query: RoleAssignmentQueryDto,
  ) {
    return this.assignments.list(actor, chainId, query);
  }

  @Post('role-assignments')
  @ApiOperation({ summary: 'Assign a triangle role to a person (admins); several commissioners are allowed' })
  @ApiCreatedResponse({ type: RoleAssignmentDto })
  create(
    @Actor() actor: Principal,
    @Param('chainId', UuidPipe) chainId: string,
    @Body() dto: CreateRoleAssignmentDto,
  ) {
    return this.assignments.create(actor, chainId, dto);
  }

  @Patch('role-assignments/:id')
  @ApiOperation({ summary: 'Change the period of an assignment; end a role by setting validTo (admins)' })
  @ApiOkResponse({ type: RoleAssignmentDto })
  update(
    @Actor() actor: Principal,
    @Param('chainId', UuidPipe) chainId: string,
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateRoleAssignmentDto,
  ) {
    return this.assignments.update(actor, chainId, id, dto);
  }

  @Delete('role-assignments/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an assignment made by mistake (admins); to end a role, set validTo' })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(
    @Actor() actor: Principal,
    @Param('chainId', UuidPipe) chainId: string,
    @Param('id', UuidPipe) id: string,
  ) {
    return this.assignments.remove(actor, chainId, id);
  }

  @Get('triangle-health')
  @ApiOperation({ summary: 'Vacant roles, people in more than one role, and expired assignments' })
  @ApiOkResponse({ type: TriangleHealthDto })
  health(
    @Actor() actor: Principal,
    @Param('chainId', UuidPipe) chainId: string,
    @Query() query: TriangleHealthQueryDto,
  ) {
    return this.assignments.triangleHealth(actor, chainId, query.on);
  }
}
