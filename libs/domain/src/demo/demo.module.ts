import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { ReflectionModule } from '../reflection/reflection.module';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [ActionsModule, ReflectionModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
