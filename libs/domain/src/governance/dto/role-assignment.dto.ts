import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { ChainRole } from '../chain-role';
import { RoleAssignmentEntity } from '../role-assignment.entity';

export class RoleAssignmentDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) chainId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ChainRole }) role!: ChainRole;
  @ApiProperty({ format: 'date', description: 'First day in the role' }) validFrom!: string;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'Last day in the role; open-ended when null',
  })
  validTo!: string | null;

  static from(this: void, e: RoleAssignmentEntity): RoleAssignmentDto {
    return {
      id: e.id,
      chainId: e.chainId,
      personId: e.personId,
      role: e.role,
      validFrom: e.validFrom,
      validTo: e.validTo,
      ...resourceStamps(e),
    };
  }
}
