import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfidentialityFilter } from './confidentiality-filter';
import { IncidentEntity } from './incident.entity';
import { IncidentsService } from './incidents.service';
import { RecurrenceFlags } from './recurrence-flags.service';
import { ReporterSightCheck } from './reporter-sight-check.service';
import { SimilarIncidentsService } from './similar-incidents.service';

@Module({
  imports: [TypeOrmModule.forFeature([IncidentEntity])],
  providers: [
    IncidentsService,
    SimilarIncidentsService,
    ConfidentialityFilter,
    RecurrenceFlags,
    ReporterSightCheck,
  ],
  exports: [
    IncidentsService,
    SimilarIncidentsService,
    ConfidentialityFilter,
    RecurrenceFlags,
    ReporterSightCheck,
  ],
})
export class IncidentsModule {}
