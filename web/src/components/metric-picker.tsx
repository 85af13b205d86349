import { useTranslation } from 'react-i18next';
import { TILE_METRICS, type MetricKey } from '../lib/metrics';

export function MetricPicker({ value, onChange, options = TILE_METRICS }: { value: MetricKey; onChange: (m: MetricKey) => void; options?: MetricKey[] }) {
  const { t } = useTranslation();
  return (
    <label className="field-inline">
      <span>{t('common.metric')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as MetricKey)}>
        {options.map((k) => (
          <option key={k} value={k}>
            {t(`metrics.${k}.label`)}
          </option>
        ))}
      </select>
    </label>
  );
}
