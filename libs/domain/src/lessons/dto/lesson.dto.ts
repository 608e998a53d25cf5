import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { AddressedRole } from '../addressed-role';
import { LessonEntity } from '../lesson.entity';
import { LessonResponse } from '../lesson-response';
import { LessonSourceType } from '../lesson-source-type';
import { LessonStatus } from '../lesson-status';

export class LessonDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      "The source's chain by default, followed when the source moves to another chain while the lesson " +
      'is in its old one (a new version, audited); a chain chosen apart from the source is kept.',
  })
  chainId!: string | null;
  @ApiProperty({ enum: LessonSourceType }) sourceType!: LessonSourceType;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'What happened' }) observation!: string;
  @ApiProperty({ description: 'Why it happened' }) insight!: string;
  @ApiProperty({ description: 'What to do differently' }) recommendation!: string;
  @ApiProperty({ enum: AddressedRole }) addressedRole!: AddressedRole;
  @ApiProperty({ enum: LessonStatus }) status!: LessonStatus;
  @ApiProperty({ enum: LessonResponse, nullable: true }) response!: LessonResponse | null;
  @ApiProperty({ nullable: true, type: String }) responseReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) evidence!: string | null;
  @ApiProperty({ format: 'uuid' }) drawnById!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) validatedAt!: Date | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) validatedById!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) embeddedAt!: Date | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Next effectiveness re-check',
  })
  recheckAt!: Date | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Last effectiveness re-check',
  })
  recheckedAt!: Date | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) retiredAt!: Date | null;

  static from(this: void, e: LessonEntity): LessonDto {
    return {
      id: e.id,
      organisationId: e.organisationId,
      chainId: e.chainId,
      sourceType: e.sourceType,
      sourceId: e.sourceId,
      title: e.title,
      observation: e.observation,
      insight: e.insight,
      recommendation: e.recommendation,
      addressedRole: e.addressedRole,
      status: e.status,
      response: e.response,
      responseReason: e.responseReason,
      evidence: e.evidence,
      drawnById: e.drawnById,
      validatedAt: e.validatedAt,
      validatedById: e.validatedById,
      embeddedAt: e.embeddedAt,
      recheckAt: e.recheckAt,
      recheckedAt: e.recheckedAt,
      retiredAt: e.retiredAt,
      ...resourceStamps(e),
    };
  }
}
