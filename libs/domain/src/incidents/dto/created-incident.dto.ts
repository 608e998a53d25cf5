import { ApiProperty } from '@nestjs/swagger';
import { IncidentDetailDto } from './incident-detail.dto';
import { SimilarIncidentDto } from './similar-incident.dto';

/** A new incident, with the earlier incidents it resembles whose lessons were validated or embedded. */
export class CreatedIncidentDto extends IncidentDetailDto {
  @ApiProperty({
    type: [SimilarIncidentDto],
    description: 'When not empty the incident is a recurrence: an earlier lesson did not stick',
  })
  similarIncidents!: SimilarIncidentDto[];
}
