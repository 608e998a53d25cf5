import { ApiProperty } from '@nestjs/swagger';
import { QuarterFiguresDto } from './quarter-figures.dto';

/**
 * The quarterly report of an organisation, or of one of its chains: the quarter's figures and
 * the same figures for the quarter before. Contains no incident text, so confidential incidents
 * only count.
 */
export class QuarterlyReportDto extends QuarterFiguresDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ example: 'Ministerie van Binnenlandse Zaken' }) organisationName!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Set when the report covers one chain: then every figure counts only records of that chain',
  })
  chainId!: string | null;
  @ApiProperty({ nullable: true, type: String }) chainName!: string | null;
  @ApiProperty({ example: 'Europe/Amsterdam', description: 'The time zone quarters and local dates follow' })
  timeZone!: string;
  @ApiProperty({ format: 'date-time', description: 'When these figures were computed' })
  generatedAt!: string;
  @ApiProperty({
    format: 'date-time',
    description:
      'The moment the data was read: every change committed before it is counted, later ones are not',
  })
  dataAsOf!: string;
  @ApiProperty({ type: QuarterFiguresDto, description: 'The same figures for the quarter before' })
  previous!: QuarterFiguresDto;
}
