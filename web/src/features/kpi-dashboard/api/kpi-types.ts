export type { GroupBy, KpiAnswer, KpiRow, KpiSummary } from '../../../../../server/modules/kpi/kpi.types';
