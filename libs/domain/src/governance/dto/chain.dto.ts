import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { ChainEntity } from '../chain.entity';

export class ChainDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ example: 'Studiefinanciering' }) name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;

  static from(this: void, e: ChainEntity): ChainDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      name: e.name,
      description: e.description,
      ...resourceStamps(e),
    };
  }
}
