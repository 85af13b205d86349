import { Global, Module } from '@nestjs/common';
import { KpiService } from './kpi.service';
import { RollupService } from './rollup.service';

/** Global: every writer of calls, surveys or evaluations keeps the rollups current through RollupService. */
@Global()
@Module({
  providers: [RollupService, KpiService],
  exports: [RollupService, KpiService],
})
export class KpiModule {}
