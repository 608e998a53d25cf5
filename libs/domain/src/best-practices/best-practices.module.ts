import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LessonEntity } from '../lessons/lesson.entity';
import { BestPracticeAdoptionEntity } from './best-practice-adoption.entity';
import { BestPracticeAdoptionsService } from './best-practice-adoptions.service';
import { BestPracticeEntity } from './best-practice.entity';
import { BestPracticesService } from './best-practices.service';

const services = [BestPracticesService, BestPracticeAdoptionsService];

@Module({
  imports: [TypeOrmModule.forFeature([BestPracticeEntity, BestPracticeAdoptionEntity, LessonEntity])],
  providers: services,
  exports: services,
})
export class BestPracticesModule {}
