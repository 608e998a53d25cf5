import { ApiProperty } from '@nestjs/swagger';
import { SimilarIncidentDto } from './similar-incident.dto';

export class SimilarIncidentListDto {
  @ApiProperty({ type: [SimilarIncidentDto], description: 'Most similar first' })
  items!: SimilarIncidentDto[];
}
