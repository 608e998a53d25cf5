import { ApiProperty } from '@nestjs/swagger';
import { ChainRole } from '../../governance/chain-role';

class ReportMixedRoleDto {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ChainRole, isArray: true }) roles!: ChainRole[];
}

/** Triangle health of one chain on the last day of the quarter (today, for a quarter under way). */
export class ChainTriangleDto {
  @ApiProperty({ format: 'uuid' }) chainId!: string;
  @ApiProperty({ example: 'Studiefinanciering' }) name!: string;
  @ApiProperty({ description: 'Every role filled and nobody in two roles' }) healthy!: boolean;
  @ApiProperty({ enum: ChainRole, isArray: true, description: 'Roles nobody held on the day judged on' })
  vacantRoles!: ChainRole[];
  @ApiProperty({
    type: [ReportMixedRoleDto],
    description: 'People holding more than one role on the day judged on (rolvastheid broken)',
  })
  mixedRoles!: ReportMixedRoleDto[];
}
