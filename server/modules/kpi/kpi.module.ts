import { Global, Module } from '@nestjs/common';
import { RollupService } from './rollup.service';

/** Global: every writer of calls, surveys or evaluations keeps the rollups current through RollupService. */
@Global()
@Module({
  providers: [RollupService],
  exports: [RollupService],
})
export class KpiModule {}
