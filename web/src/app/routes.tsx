import { lazy, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { Role } from '../features/auth/api/auth-types';
import { useSession } from '../lib/session';
import { AppLayout } from './layout';

// Each page is its own chunk: an agent's browser never downloads the QA editor or imports.
const AgreementPage = lazy(() => import('../features/autoqa/agreement-page').then((m) => ({ default: m.AgreementPage })));
const CallPage = lazy(() => import('../features/calls/call-page').then((m) => ({ default: m.CallPage })));
const RuleSetPage = lazy(() => import('../features/autoqa/rule-set-page').then((m) => ({ default: m.RuleSetPage })));
const ScorecardPage = lazy(() => import('../features/agents/scorecard-page').then((m) => ({ default: m.ScorecardPage })));
const ExportsPage = lazy(() => import('../features/exports/exports-page').then((m) => ({ default: m.ExportsPage })));
const ImportsPage = lazy(() => import('../features/imports/imports-page').then((m) => ({ default: m.ImportsPage })));
const OverviewPage = lazy(() => import('../features/kpi-dashboard/overview-page').then((m) => ({ default: m.OverviewPage })));
const AgentsPage = lazy(() => import('../features/kpi-dashboard/agents-page').then((m) => ({ default: m.AgentsPage })));
const TeamPage = lazy(() => import('../features/kpi-dashboard/team-page').then((m) => ({ default: m.TeamPage })));
const EvaluatePage = lazy(() => import('../features/qa/evaluate-page').then((m) => ({ default: m.EvaluatePage })));
const EvaluationDetailPage = lazy(() => import('../features/qa/evaluation-detail-page').then((m) => ({ default: m.EvaluationDetailPage })));
const FormEditorPage = lazy(() => import('../features/qa/form-editor-page').then((m) => ({ default: m.FormEditorPage })));
const QaPage = lazy(() => import('../features/qa/qa-page').then((m) => ({ default: m.QaPage })));
const SettingsPage = lazy(() => import('../features/settings/settings-page').then((m) => ({ default: m.SettingsPage })));
const UsersPage = lazy(() => import('../features/settings/users-page').then((m) => ({ default: m.UsersPage })));
const ComplaintsPage = lazy(() => import('../features/complaints/complaints-page').then((m) => ({ default: m.ComplaintsPage })));
const WeeklyReviewPage = lazy(() => import('../features/weekly-review/weekly-review-page').then((m) => ({ default: m.WeeklyReviewPage })));

function Only({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const user = useSession();
  const { t } = useTranslation();
  return roles.includes(user.role) ? <>{children}</> : <p className="page-state error-text">{t('common.forbidden')}</p>;
}

export function AppRoutes() {
  const user = useSession();
  if (user.role === 'agent') {
    // An agent's whole app: their scorecard, their own evaluations and calls. No other URL exists.
    return (
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<ScorecardPage own />} />
          <Route path="complaints" element={<ComplaintsPage />} />
          <Route path="evaluations/:evaluationId" element={<EvaluationDetailPage />} />
          <Route path="calls/:externalId" element={<CallPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    );
  }
  const writers: Role[] = ['admin', 'supervisor'];
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<OverviewPage />} />
        <Route path="weekly-review" element={<Only roles={writers}><WeeklyReviewPage /></Only>} />
        <Route path="team" element={<TeamPage />} />
        <Route path="agents" element={<AgentsPage />} />
        <Route path="complaints" element={<ComplaintsPage />} />
        <Route path="agents/:agentId" element={<ScorecardPage />} />
        <Route path="evaluations/:evaluationId" element={<EvaluationDetailPage />} />
        <Route path="calls/:externalId" element={<CallPage />} />
        <Route path="autoqa/rules" element={<RuleSetPage />} />
        <Route path="autoqa/agreement" element={<AgreementPage />} />
        <Route path="qa" element={<Only roles={writers}><QaPage /></Only>} />
        <Route path="qa/evaluate" element={<Only roles={writers}><EvaluatePage /></Only>} />
        <Route path="qa/forms/:formId" element={<Only roles={writers}><FormEditorPage /></Only>} />
        <Route path="imports" element={<Only roles={writers}><ImportsPage /></Only>} />
        <Route path="exports" element={<ExportsPage />} />
        <Route path="settings" element={<Only roles={['admin']}><SettingsPage /></Only>} />
        <Route path="users" element={<Only roles={['admin']}><UsersPage /></Only>} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
