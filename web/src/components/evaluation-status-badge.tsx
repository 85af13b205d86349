import { useTranslation } from 'react-i18next';
import type { EvaluationStatus } from '../features/qa/api/qa-types';

export function EvaluationStatusBadge({ status }: { status: EvaluationStatus }) {
  const { t } = useTranslation();
  return <span className={`tag status-${status}`}>{t(`qa.statuses.${status}`)}</span>;
}
