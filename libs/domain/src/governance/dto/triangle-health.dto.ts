import { ApiProperty } from '@nestjs/swagger';
import { ChainRole } from '../chain-role';
import { RoleAssignmentDto } from './role-assignment.dto';

class MixedRoleDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ChainRole, isArray: true }) roles!: ChainRole[];
}

export class TriangleHealthDto {
  @ApiProperty({ format: 'uuid' }) chainId!: string;
  @ApiProperty({ format: 'date', description: 'The day judged' }) on!: string;
  @ApiProperty({ description: 'Every role filled and nobody in two roles' }) healthy!: boolean;
  @ApiProperty({ enum: ChainRole, isArray: true }) vacantRoles!: ChainRole[];
  @ApiProperty({
    type: [MixedRoleDto],
    description: 'People holding more than one role (rolvastheid broken)',
  })
  mixedRoles!: MixedRoleDto[];
  @ApiProperty({ type: [RoleAssignmentDto], description: 'Ended assignments that were not renewed' })
  expiredAssignments!: RoleAssignmentDto[];
  @ApiProperty({
    type: [RoleAssignmentDto],
    description: 'Assignments in force whose holder has left the organisation: their roles are vacant',
  })
  heldByLeavers!: RoleAssignmentDto[];
}
