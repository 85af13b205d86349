import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { Role } from '../features/auth/api/auth-keys';
import { useSession } from '../features/auth/session';
import { ScorecardPage } from '../features/agents/scorecard-page';
import { ExportsPage } from '../features/exports/exports-page';
import { ImportsPage } from '../features/imports/imports-page';
import { OverviewPage } from '../features/kpi-dashboard/overview-page';
import { TeamPage } from '../features/kpi-dashboard/team-page';
import { EvaluatePage } from '../features/qa/evaluate-page';
import { EvaluationDetailPage } from '../features/qa/evaluation-detail-page';
import { FormEditorPage } from '../features/qa/form-editor-page';
import { QaPage } from '../features/qa/qa-page';
import { SettingsPage } from '../features/settings/settings-page';
import { UsersPage } from '../features/settings/users-page';
import { WeeklyReviewPage } from '../features/weekly-review/weekly-review-page';
import { AppLayout } from './layout';

function Only({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const user = useSession();
  const { t } = useTranslation();
  return roles.includes(user.role) ? <>{children}</> : <p className="page-state error-text">{t('common.forbidden')}</p>;
}

export function AppRoutes() {
  const user = useSession();
  if (user.role === 'agent') {
    // An agent's whole app: their scorecard and their own evaluations. No other URL exists.
    return (
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<ScorecardPage own />} />
          <Route path="evaluations/:evaluationId" element={<EvaluationDetailPage />} />
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
        <Route path="agents/:agentId" element={<ScorecardPage />} />
        <Route path="evaluations/:evaluationId" element={<EvaluationDetailPage />} />
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
