import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { ThemeEntity } from '../theme.entity';

export class ThemeDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ example: 'Vakmanschap in de uitvoering' }) title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When a held reflection session last discussed it',
  })
  lastDiscussedAt!: Date | null;

  static from(this: void, e: ThemeEntity): ThemeDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      title: e.title,
      description: e.description,
      ownerId: e.ownerId,
      active: e.active,
      lastDiscussedAt: e.lastDiscussedAt,
      ...resourceStamps(e),
    };
  }
}
