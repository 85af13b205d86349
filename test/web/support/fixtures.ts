import type { EvaluationDetail, EvaluationView, FormSectionView, FormView } from '../../../server/modules/qa/qa.types';
import type { ImportJob } from '../../../server/modules/ingest/import.types';
import type { KpiAnswer, KpiColumns } from '../../../server/modules/kpi/kpi.types';
import type { KpiRow } from '../../../web/src/features/kpi-dashboard/api/kpi-types';
import type { MetricKey, MetricValue } from '../../../web/src/lib/metrics';

/** A metric figure with the fields a test cares about; the rest neutral. */
export function metric(partial: Partial<MetricValue> & { value: number | null }): MetricValue {
  return { num: 0, den: 0, n: 100, lowSample: false, target: null, status: null, ...partial };
}

export function agentRow(id: number, name: string, metrics: Partial<Record<MetricKey, Partial<MetricValue> & { value: number | null }>>, period = 'total'): KpiRow {
  return {
    period,
    periodStart: period === 'total' ? '2026-10-01' : period,
    group: { type: 'agent', id, name, code: `A${id}` },
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, metric(v!)])),
  };
}

/** The columnar form of mock rows (`shape=columns`), for mocks of pages that ask for it. */
export function asColumns(rows: KpiRow[]): KpiColumns {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))] as MetricKey[];
  const metrics: KpiColumns['metrics'] = {};
  for (const k of keys) {
    const figs = rows.map((r) => r.metrics[k]!);
    metrics[k] = {
      value: figs.map((f) => f.value), num: figs.map((f) => f.num), den: figs.map((f) => f.den), n: figs.map((f) => f.n),
      lowSample: figs.map((f) => f.lowSample), target: figs.map((f) => f.target), status: figs.map((f) => f.status),
    };
  }
  const out: KpiColumns = { shape: 'columns', from: '2026-10-01', to: '2026-10-31', timezone: 'Asia/Shanghai', granularity: 'total', groupBy: 'agent', length: rows.length, period: rows.map((r) => r.period), periodStart: rows.map((r) => r.periodStart), metrics };
  if (rows[0]?.group) out.group = { type: rows[0].group.type, id: rows.map((r) => r.group!.id), name: rows.map((r) => r.group!.name), code: rows.map((r) => r.group!.code ?? null) };
  return out;
}

/** An evaluation as the list answers it: the fields a test gives, the rest neutral. */
export function evaluationView(fields: Partial<EvaluationView> & Pick<EvaluationView, 'id' | 'status'>): EvaluationView {
  return {
    source: 'app', score: null, autoFail: false, agent: { id: 11, code: 'A011', name: 'Li Na' }, evaluator: null, evaluatorLabel: null, form: null, formLabel: null,
    formVersionId: null, callExternalId: null, callId: null, calibrationId: null, comment: null, submittedAt: null, acknowledgedAt: null, disputedAt: null,
    disputeReason: null, disputeItems: [], resolvedAt: null, resolvedBy: null, resolutionNote: null, disputeDeadline: null,
    createdAt: '2026-11-20T01:00:00Z', updatedAt: '2026-11-20T01:00:00Z', ...fields,
  };
}

/** An evaluation as its detail answers it (items by section, history). */
export function evaluationDetail(fields: Partial<EvaluationDetail> & Pick<EvaluationDetail, 'id' | 'status'>): EvaluationDetail {
  return { ...evaluationView(fields), earned: null, possible: null, sections: [], unansweredItemIds: [], history: [], ...fields };
}

/** `GET /api/kpis` in rows over October 2026. */
export function kpiAnswer(rows: KpiRow[], groupBy: KpiAnswer['groupBy'] = 'agent'): KpiAnswer {
  return { from: '2026-10-01', to: '2026-10-31', timezone: 'Asia/Shanghai', granularity: 'total', groupBy, rows };
}

/** A QA form with its current version: the fields a test gives, the rest neutral. */
export function qaForm(fields: Pick<FormView, 'id' | 'name'> & { sections: FormSectionView[]; versionId?: number }): FormView {
  return {
    id: fields.id, name: fields.name, description: null, archivedAt: null, createdAt: '2026-10-01T00:00:00Z', updatedAt: '2026-10-01T00:00:00Z',
    currentVersion: { id: fields.versionId ?? fields.id, version: 1, createdAt: '2026-10-01T00:00:00Z', sections: fields.sections },
  };
}

/** An import job as `GET /api/imports/:id` answers it. */
export function importJob(fields: Partial<ImportJob> & Pick<ImportJob, 'id' | 'status' | 'progress'>): ImportJob {
  return {
    kind: 'calls', rowsTotal: 0, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 0, rowsSkipped: 0, newAgents: [], errors: [], missingFields: [],
    fileName: null, fileSize: null, onError: 'reject', dryRun: false, written: false, dateRange: null, failureMessage: null, createdAt: '2026-11-20T01:00:00Z', startedAt: null,
    finishedAt: null,
    ...fields,
  };
}
