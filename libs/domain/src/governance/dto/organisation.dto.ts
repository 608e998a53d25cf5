import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { OrganisationEntity } from '../organisation.entity';
import { OrganisationKind } from '../organisation-kind';

export class OrganisationDto extends ResourceDto {
  @ApiProperty({ example: 'Ministerie van Infrastructuur en Waterstaat' }) name!: string;
  @ApiProperty({ enum: OrganisationKind }) kind!: OrganisationKind;

  static from(this: void, e: OrganisationEntity): OrganisationDto {
    return { id: e.id, name: e.name, kind: e.kind, ...resourceStamps(e) };
  }
}
