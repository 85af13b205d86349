/**
 * Every query key of the dashboard, in one place: a mutation in one feature can name what it makes
 * stale in another (see `invalidation.ts`) without reaching into that feature. Every parameter a
 * query sends is part of its key.
 */
import type { EvaluationStatus } from '../../../server/modules/qa/qa.types';
import type { KpiQuery, KpiSummaryQuery } from '../../../server/modules/kpi/kpi.types';

/** `GET /api/kpis` parameters: granularity and grouping fall back to the server's defaults. */
export type KpiParams = Omit<KpiQuery, 'granularity' | 'groupBy'> & Partial<Pick<KpiQuery, 'granularity' | 'groupBy'>>;
export type SummaryParams = KpiSummaryQuery;

export interface EvaluationListParams {
  agentId?: number;
  teamId?: number;
  from?: string;
  to?: string;
  status?: EvaluationStatus;
  formId?: number;
  limit?: number;
}

export interface SampleListParams {
  status?: 'open' | 'scored' | 'all';
  batchId?: number;
}

export interface CoachingListParams {
  agentId?: number;
  evaluationId?: number;
  /** local dates the notes were written on */
  from?: string;
  to?: string;
}

/** `GET /api/complaints` parameters (grade and category are filtered on the page, over the same answer). */
export interface ComplaintParams {
  from: string;
  to: string;
  teamId?: number;
  agentId?: number;
}

export interface AgentFindingsParams {
  agentId: number;
  from: string;
  to: string;
}

export interface AgreementParams {
  from: string;
  to: string;
  teamId?: number;
}

export interface ReviewParams {
  week: string;
  teamId: number;
  lang: string;
}

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

export const automationKeys = {
  all: ['automation'] as const,
  schedules: () => [...automationKeys.all, 'schedules'] as const,
  allDeliveries: () => [...automationKeys.all, 'deliveries'] as const,
  deliveries: (scheduleId: number) => [...automationKeys.allDeliveries(), scheduleId] as const,
  apiKeys: () => [...automationKeys.all, 'api-keys'] as const,
};

export const autoqaKeys = {
  all: ['autoqa'] as const,
  ruleSet: () => [...autoqaKeys.all, 'rule-set'] as const,
  rescoring: () => [...autoqaKeys.all, 'rescoring'] as const,
  agreement: (params: AgreementParams) => [...autoqaKeys.all, 'agreement', params] as const,
};

export const callKeys = {
  all: ['calls'] as const,
  detail: (externalId: string) => [...callKeys.all, 'detail', externalId] as const,
  agentFindings: (params: AgentFindingsParams) => [...callKeys.all, 'agent-findings', params] as const,
};

export const coachingKeys = {
  all: ['coaching'] as const,
  list: (params: CoachingListParams) => [...coachingKeys.all, 'list', params] as const,
};

export const complaintKeys = {
  all: ['complaints'] as const,
  list: (params: ComplaintParams) => [...complaintKeys.all, 'list', params] as const,
};

export const importKeys = {
  all: ['imports'] as const,
  list: () => [...importKeys.all, 'list'] as const,
  job: (id: number | string) => [...importKeys.all, 'job', String(id)] as const,
  preview: (file: string, kind: string, mapping: unknown) => [...importKeys.all, 'preview', file, kind, mapping] as const,
};

export const kpiKeys = {
  all: ['kpi'] as const,
  list: (params: KpiParams) => [...kpiKeys.all, 'list', params] as const,
  columns: (params: KpiParams) => [...kpiKeys.all, 'columns', params] as const,
  summary: (params: SummaryParams) => [...kpiKeys.all, 'summary', params] as const,
};

export const notificationKeys = {
  all: ['notifications'] as const,
  inbox: () => [...notificationKeys.all, 'inbox'] as const,
  settings: () => [...notificationKeys.all, 'settings'] as const,
};

export const orgKeys = {
  all: ['org'] as const,
  sites: () => [...orgKeys.all, 'sites'] as const,
  teams: () => [...orgKeys.all, 'teams'] as const,
  agents: () => [...orgKeys.all, 'agents'] as const,
  agent: (id: number) => [...orgKeys.all, 'agent', id] as const,
};

export const qaKeys = {
  all: ['qa'] as const,
  forms: () => [...qaKeys.all, 'forms'] as const,
  form: (id: number) => [...qaKeys.all, 'form', id] as const,
  evaluations: () => [...qaKeys.all, 'evaluations'] as const,
  evaluationList: (params: EvaluationListParams) => [...qaKeys.evaluations(), 'list', params] as const,
  evaluation: (id: number) => [...qaKeys.evaluations(), 'detail', id] as const,
  calibrations: () => [...qaKeys.all, 'calibrations'] as const,
  evaluators: () => [...qaKeys.all, 'evaluators'] as const,
  samples: () => [...qaKeys.all, 'samples'] as const,
  sampleList: (params: SampleListParams) => [...qaKeys.samples(), 'list', params] as const,
  calibrationReport: (id: number) => [...qaKeys.calibrations(), 'report', id] as const,
};

export const reviewKeys = {
  all: ['weekly-review'] as const,
  week: (params: ReviewParams) => [...reviewKeys.all, params] as const,
};

export const settingsKeys = {
  all: ['settings'] as const,
  current: () => [...settingsKeys.all, 'current'] as const,
  users: () => [...settingsKeys.all, 'users'] as const,
};
