import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { BestPracticeEntity } from '../best-practice.entity';
import { BestPracticeStatus } from '../best-practice-status';

export class BestPracticeDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) chainId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId!: string | null;
  @ApiProperty({ example: 'Vaste belafspraak bij complexe aanvragen' }) title!: string;
  @ApiProperty() context!: string;
  @ApiProperty() practice!: string;
  @ApiProperty() evidence!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ enum: BestPracticeStatus }) status!: BestPracticeStatus;
  @ApiProperty({ format: 'uuid' }) proposedById!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endorsedAt!: Date | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) endorsedById!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) adoptedAt!: Date | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) retiredAt!: Date | null;

  static from(this: void, e: BestPracticeEntity): BestPracticeDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      chainId: e.chainId,
      teamId: e.teamId,
      title: e.title,
      context: e.context,
      practice: e.practice,
      evidence: e.evidence,
      tags: e.tags,
      status: e.status,
      proposedById: e.proposedById,
      endorsedAt: e.endorsedAt,
      endorsedById: e.endorsedById,
      adoptedAt: e.adoptedAt,
      retiredAt: e.retiredAt,
      ...resourceStamps(e),
    };
  }
}
