import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { TeamEntity } from '../team.entity';

export class TeamDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ example: 'Team Klantcontact' }) name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;

  static from(this: void, e: TeamEntity): TeamDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      name: e.name,
      description: e.description,
      ...resourceStamps(e),
    };
  }
}
