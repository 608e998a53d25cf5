import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [ActionsModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
