import { ApiProperty } from '@nestjs/swagger';
import { ResourceDto } from '../../shared/resource.dto';
import { resourceStamps } from '../../shared/resource-stamps';
import { LessonRecheckEntity } from '../lesson-recheck.entity';
import { RecheckOutcome } from '../recheck-outcome';

export class LessonRecheckDto extends ResourceDto {
  @ApiProperty({ format: 'uuid' }) lessonId!: string;
  @ApiProperty({ format: 'date-time' }) checkedAt!: Date;
  @ApiProperty({ enum: RecheckOutcome }) outcome!: RecheckOutcome;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'uuid' }) checkedById!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'The re-check date that was planned when this check was recorded (null when none was)',
  })
  dueAt!: Date | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextRecheckAt!: Date | null;

  static from(this: void, e: LessonRecheckEntity): LessonRecheckDto {
    return {
      id: e.id,
      lessonId: e.lessonId,
      checkedAt: e.checkedAt,
      outcome: e.outcome,
      note: e.note,
      checkedById: e.checkedById,
      dueAt: e.dueAt,
      nextRecheckAt: e.nextRecheckAt,
      ...resourceStamps(e),
    };
  }
}
