import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { BestPracticeAdoptionEntity } from '../best-practice-adoption.entity';

export class BestPracticeAdoptionDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) bestPracticeId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid' }) teamId!: string;
  @ApiProperty({ format: 'date-time' }) adoptedAt!: Date;
  @ApiProperty({ description: 'What adopting it brought' }) result!: string;
  @ApiProperty({ format: 'uuid' }) recordedById!: string;

  static from(this: void, e: BestPracticeAdoptionEntity): BestPracticeAdoptionDto {
    return {
      id: e.id,
      bestPracticeId: e.bestPracticeId,
      organisationId: e.organisationId,
      teamId: e.teamId,
      adoptedAt: e.adoptedAt,
      result: e.result,
      recordedById: e.recordedById,
      ...resourceStamps(e),
    };
  }
}
