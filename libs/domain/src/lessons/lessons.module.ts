import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IncidentsModule } from '../incidents/incidents.module';
import { LessonRecheckEntity } from './lesson-recheck.entity';
import { LessonEntity } from './lesson.entity';
import { LessonsService } from './lessons.service';

@Module({
  imports: [TypeOrmModule.forFeature([LessonEntity, LessonRecheckEntity]), IncidentsModule],
  providers: [LessonsService],
  exports: [LessonsService],
})
export class LessonsModule {}
