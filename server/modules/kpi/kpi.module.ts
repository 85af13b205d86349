import { Global, Module } from '@nestjs/common';
import { ReplicaReads } from '../../common/database/replica-reads';
import { KpiController } from './kpi.controller';
import { KpiRepository } from './kpi.repository';
import { KpiService } from './kpi.service';
import { DataChangeService } from './data-change.service';
import { RollupService } from './rollup.service';

/** Global: every writer that changes what a figure counts reports it to DataChangeService (rollups, data version). */
@Global()
@Module({
  controllers: [KpiController],
  providers: [RollupService, DataChangeService, KpiService, KpiRepository, ReplicaReads],
  exports: [RollupService, DataChangeService, KpiService],
})
export class KpiModule {}
