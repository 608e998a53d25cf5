import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { ReflectionModule } from '../reflection/reflection.module';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [ActionsModule, IncidentsModule, ReflectionModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
