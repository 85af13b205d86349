import { Global, Module } from '@nestjs/common';
import { KpiController } from './kpi.controller';
import { KpiRepository } from './kpi.repository';
import { KpiService } from './kpi.service';
import { RollupService } from './rollup.service';

/** Global: every writer of calls, surveys or evaluations keeps the rollups current through RollupService. */
@Global()
@Module({
  controllers: [KpiController],
  providers: [RollupService, KpiService, KpiRepository],
  exports: [RollupService, KpiService],
})
export class KpiModule {}
