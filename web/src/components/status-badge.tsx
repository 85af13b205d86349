import { useTranslation } from 'react-i18next';
import type { Status } from '../lib/metrics';

export function StatusDot({ status, lowSample }: { status: Status | null; lowSample?: boolean }) {
  const { t } = useTranslation();
  const label = lowSample ? t('kpi.lowSample') : status ? t(`kpi.status.${status}`) : t('kpi.status.none');
  return <span className={`status-dot ${lowSample ? 'low' : (status ?? 'none')}`} role="img" aria-label={label} title={label} />;
}
