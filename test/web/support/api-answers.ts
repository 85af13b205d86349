/**
 * What each route of the fake server answers, typed from the server's own view types (through the
 * web's `api/*-types.ts`, which re-export them): a fixture that drifts from the API fails the
 * web typecheck. A route a test mocks must be listed here.
 */
import type { KpiColumns } from '../../../server/modules/kpi/kpi.types';
import type { NotificationSettings } from '../../../web/src/features/notifications/api/notification-settings';
import type { Notification } from '../../../web/src/features/notifications/api/notification-types';
import type { SessionUser } from '../../../web/src/features/auth/api/auth-types';
import type { AgentFinding, CallDetail } from '../../../web/src/features/calls/api/call-types';
import type { AgreementRow, PreviewResult, Rescoring, RuleSet } from '../../../web/src/features/autoqa/api/autoqa-types';
import type { CoachingNote } from '../../../web/src/features/coaching/api/coaching-types';
import type { ComplaintCase } from '../../../web/src/features/complaints/api/complaint-types';
import type { ImportJob, ImportPreview } from '../../../web/src/features/imports/api/import-types';
import type { KpiAnswer, KpiSummary } from '../../../web/src/features/kpi-dashboard/api/kpi-types';
import type { Agent, Named, Team } from '../../../web/src/features/org/api/org-types';
import type { Calibration, CalibrationReportAnswer } from '../../../web/src/features/qa/api/get-calibrations';
import type { Evaluation, EvaluationDetail, QaForm } from '../../../web/src/features/qa/api/qa-types';
import type { SampledCall } from '../../../server/modules/qa/qa.types';
import type { Settings, User } from '../../../web/src/features/settings/api/settings-types';
import type { Delivery, Schedule } from '../../../web/src/features/settings/automation/api/automation-types';
import type { WeeklyReview } from '../../../web/src/features/weekly-review/api/review-types';

type EvaluationAction = 'submit' | 'acknowledge' | 'dispute' | 'resolve';

export interface ApiAnswers {
  'GET /api/auth/me': SessionUser;
  'POST /api/auth/login': { token: string; user: SessionUser };
  'GET /api/settings': Settings;
  'PATCH /api/settings': Settings;
  'GET /api/sites': Named[];
  'GET /api/teams': Team[];
  'GET /api/agents': Agent[];
  [agent: `GET /api/agents/${number}`]: Agent;
  'GET /api/kpis': KpiAnswer | KpiColumns;
  'GET /api/kpis/summary': KpiSummary;
  'GET /api/reviews/weekly': WeeklyReview;
  'POST /api/reviews/weekly/coaching': CoachingNote;
  'GET /api/coaching-notes': CoachingNote[];
  'POST /api/coaching-notes': CoachingNote;
  'GET /api/qa/evaluations': { items: Evaluation[]; total: number };
  'POST /api/qa/evaluations': EvaluationDetail;
  [evaluation: `GET /api/qa/evaluations/${number}`]: EvaluationDetail;
  [action: `POST /api/qa/evaluations/${number}/${EvaluationAction}`]: EvaluationDetail;
  'GET /api/qa/forms': QaForm[];
  'POST /api/qa/forms': QaForm;
  [form: `GET /api/qa/forms/${number}`]: QaForm;
  'GET /api/qa/samples': SampledCall[];
  'GET /api/qa/calibrations': Calibration[];
  [report: `GET /api/qa/calibrations/${number}/report`]: CalibrationReportAnswer;
  [call: `GET /api/calls/${string}`]: CallDetail;
  [overrule: `POST /api/calls/${string}/autoqa/overrule`]: unknown;
  'GET /api/autoqa/rule-set': RuleSet;
  'PUT /api/autoqa/rule-set': RuleSet;
  'GET /api/autoqa/rule-set/rescoring': Rescoring;
  'POST /api/autoqa/preview': PreviewResult;
  'GET /api/autoqa/findings': AgentFinding[];
  'GET /api/autoqa/agreement': AgreementRow[];
  'GET /api/complaints': ComplaintCase[];
  'GET /api/imports': ImportJob[];
  [job: `GET /api/imports/${number}`]: ImportJob;
  'POST /api/imports/preview': ImportPreview;
  'GET /api/notifications': { items: Notification[]; unread: number };
  [read: `POST /api/notifications/${number}/read`]: void;
  'GET /api/notifications/settings': NotificationSettings;
  'PATCH /api/notifications/settings': NotificationSettings;
  'GET /api/schedules': Schedule[];
  'POST /api/schedules': Schedule;
  [run: `POST /api/schedules/${number}/run`]: Delivery;
  [deliveries: `GET /api/schedules/${number}/deliveries`]: Delivery[];
  'GET /api/users': User[];
  [user: `PATCH /api/users/${number}`]: User;
}
