import { ApiProperty } from '@nestjs/swagger';
import { AddressedRole } from '../../lessons/addressed-role';
import { LessonEntity } from '../../lessons/lesson.entity';
import { LessonStatus } from '../../lessons/lesson-status';

/** A lesson drawn from a best practice, as listed with it (the full lesson is at /v1/lessons/{id}). */
export class BestPracticeLessonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: LessonStatus }) status!: LessonStatus;
  @ApiProperty({ enum: AddressedRole }) addressedRole!: AddressedRole;
  @ApiProperty({ format: 'date-time' }) createdAt!: Date;

  static from(this: void, e: LessonEntity): BestPracticeLessonDto {
    return {
      id: e.id,
      title: e.title,
      status: e.status,
      addressedRole: e.addressedRole,
      createdAt: e.createdAt,
    };
  }
}
