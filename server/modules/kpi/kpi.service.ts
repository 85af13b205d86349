import { Injectable } from '@nestjs/common';
import type { Caller } from '../../common/auth/caller';
import type { KpiAnswer, KpiQuery, KpiSummary, KpiSummaryQuery } from './kpi.types';

/**
 * The KPI read API used by the controller, the exports and the weekly review: every answer is
 * scoped to what the caller may see and built from the rollups as ratios of sums.
 */
@Injectable()
export class KpiService {
  async query(caller: Caller, query: KpiQuery): Promise<KpiAnswer> {
    void caller;
    void query;
    throw new Error('KpiService.query: being implemented by the KPI engine work');
  }

  async summary(caller: Caller, query: KpiSummaryQuery): Promise<KpiSummary> {
    void caller;
    void query;
    throw new Error('KpiService.summary: being implemented by the KPI engine work');
  }
}
