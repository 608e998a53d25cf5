import { ApiProperty } from '@nestjs/swagger';
import { CauseLevel } from '../../incidents/cause-level';
import { IncidentSource } from '../../incidents/incident-source';
import { IncidentStatus } from '../../incidents/incident-status';
import { PublicAttention } from '../../incidents/public-attention';
import { Severity } from '../../incidents/severity';
import { enumCountsDto } from './enum-counts.dto';

const SeverityCounts = enumCountsDto('SeverityCounts', Object.values(Severity));
const PublicAttentionCounts = enumCountsDto('PublicAttentionCounts', Object.values(PublicAttention));
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
      `${OF_QUARTER} by their current status (as of dataAsOf). The quarter-close snapshot, made at ` +
      '06:00 on the first working day after the quarter, so holds their status as the quarter ended; a ' +
      'report computed later shows where those incidents stand now. (Reconstructing the status at the ' +
      'end from the audit log costs an index lookup per incident: too slow for large registers.)',
  })
  byStatusAtQuarterEnd!: Record<IncidentStatus, number>;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Incidents closed in the quarter (closedAt in the quarter), whenever they were registered.',
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
