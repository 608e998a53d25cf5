import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { CauseLevel } from '../cause-level';
import { Confidentiality } from '../confidentiality';
import { IncidentEntity } from '../incident.entity';
import { IncidentSource } from '../incident-source';
import { IncidentStatus } from '../incident-status';
import { PublicAttention } from '../public-attention';
import { Severity } from '../severity';

export class IncidentDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid' }) chainId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId!: string | null;
  @ApiProperty({ example: 'Kinderopvangtoeslag te laat uitbetaald' }) title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: Date;
  @ApiProperty({ format: 'date-time', description: 'When it was registered (set by the system)' })
  reportedAt!: Date;
  @ApiProperty({ format: 'uuid' }) reportedById!: string;
  @ApiProperty({ enum: Severity }) severity!: Severity;
  @ApiProperty({ enum: PublicAttention }) publicAttention!: PublicAttention;
  @ApiProperty({ enum: IncidentSource }) source!: IncidentSource;
  @ApiProperty({ enum: CauseLevel, nullable: true }) causeLevel!: CauseLevel | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ enum: Confidentiality }) confidentiality!: Confidentiality;
  @ApiProperty({ enum: IncidentStatus }) status!: IncidentStatus;
  @ApiProperty({
    description:
      'Resembles an earlier incident with a validated or embedded lesson that everyone who may see this one may see: ' +
      'the lesson did not stick. That includes its reporter as things are now: a confidential incident flagged because of ' +
      'a confidential one of its chain that its reporter saw through a triangle role or as a lead loses the flag when they ' +
      'no longer may see it (the role deleted, its term shortened to the past or ended, made a member; a term that ends ' +
      'with time by the nightly check shortly after midnight), unless another earlier incident they may see resembles it, ' +
      'and gets it back when they may see it again',
  })
  recurrence!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closedAt!: Date | null;

  static from(this: void, e: IncidentEntity): IncidentDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      chainId: e.chainId,
      teamId: e.teamId,
      title: e.title,
      description: e.description,
      occurredAt: e.occurredAt,
      reportedAt: e.reportedAt,
      reportedById: e.reportedById,
      severity: e.severity,
      publicAttention: e.publicAttention,
      source: e.source,
      causeLevel: e.causeLevel,
      tags: e.tags,
      confidentiality: e.confidentiality,
      status: e.status,
      recurrence: e.recurrence,
      closedAt: e.closedAt,
      ...resourceStamps(e),
    };
  }
}
