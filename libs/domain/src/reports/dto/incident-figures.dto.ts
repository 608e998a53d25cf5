import { ApiProperty } from '@nestjs/swagger';
import { CauseLevel } from '../../incidents/cause-level';
import { IncidentSource } from '../../incidents/incident-source';
import { IncidentStatus } from '../../incidents/incident-status';
import { PublicAttention } from '../../incidents/public-attention';
import { Severity } from '../../incidents/severity';
import { enumCountsDto } from './enum-counts.dto';
import { PublicAttentionCounts } from './public-attention-counts.dto';

const SeverityCounts = enumCountsDto('SeverityCounts', Object.values(Severity));
const CauseLevelCounts = enumCountsDto('CauseLevelCounts', [...Object.values(CauseLevel), 'unknown']);
const IncidentSourceCounts = enumCountsDto('IncidentSourceCounts', Object.values(IncidentSource));
const IncidentStatusCounts = enumCountsDto('IncidentStatusCounts', Object.values(IncidentStatus));

const OF_QUARTER = 'Incidents registered in the quarter (reportedAt in the quarter, Dutch local time)';

export class IncidentFiguresDto {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: `${OF_QUARTER}, confidential ones included.`,
  })
  total!: number;

  @ApiProperty({ type: SeverityCounts, description: `${OF_QUARTER} by severity.` })
  bySeverity!: Record<Severity, number>;

  @ApiProperty({ type: PublicAttentionCounts, description: `${OF_QUARTER} by public attention.` })
  byPublicAttention!: Record<PublicAttention, number>;

  @ApiProperty({
    type: CauseLevelCounts,
    description: `${OF_QUARTER} by cause level; \`unknown\` counts those without a cause level.`,
  })
  byCauseLevel!: Record<CauseLevel | 'unknown', number>;

  @ApiProperty({ type: IncidentSourceCounts, description: `${OF_QUARTER} by source.` })
  bySource!: Record<IncidentSource, number>;

  @ApiProperty({
    type: IncidentStatusCounts,
    description:
      `${OF_QUARTER} by the status each had when the quarter ended (a status change happens at the ` +
      'moment of its audit event): a change before the end counts, one at or after it does not, so a ' +
      'report computed later gives the same figures. For a quarter that has not ended yet: the current ' +
      'status, as of dataAsOf. An incident recorded after the quarter ended, with an earlier reportedAt, ' +
      'counts with the status it was first recorded with. An incident stored closed without a recorded ' +
      'close was closed at its closedAt: at an end on or before closedAt it counts as lessons-drawn.',
  })
  byStatusAtQuarterEnd!: Record<IncidentStatus, number>;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      'Closes of incidents in the quarter, whenever they were registered; a close counts in its quarter also when the incident is reopened later.',
  })
  closed!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description:
      `${OF_QUARTER} flagged as a recurrence: they resemble an earlier incident whose lesson was ` +
      'validated or embedded, so that lesson did not stick.',
  })
  recurrences!: number;
}
