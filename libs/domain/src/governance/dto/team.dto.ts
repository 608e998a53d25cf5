import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceFields } from '../../shared/resource-fields';
import { TeamEntity } from '../team.entity';

export class TeamDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ example: 'Team Klantcontact' }) name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;

  static from(this: void, e: TeamEntity): TeamDto {
    return {
      ...resourceFields(e),
      organisationId: e.organisationId,
      name: e.name,
      description: e.description,
    };
  }
}
