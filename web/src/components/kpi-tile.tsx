import { useTranslation } from 'react-i18next';
import { deltaArrow, formatDelta, formatMetric, formatNumber } from '../lib/format';
import { AHT_RELATIVE, deltaTone, type MetricKey, type MetricValue, type SummaryMetric } from '../lib/metrics';

interface Props {
  metric: MetricKey;
  value: SummaryMetric | MetricValue | undefined;
  /** the team's figure, on an agent's scorecard */
  comparison?: { label: string; value: number | null | undefined };
}

/** One KPI: value, target, RAG colour, change vs the previous period with an arrow, n, low-sample mark. */
export function KpiTile({ metric, value, comparison }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const v = value;
  // n = 0: nothing known to count (e.g. a log without an escalation column) — no figure and no RAG, not a "low sample".
  const noData = v !== undefined && v.n === 0 && v.value === null;
  // A status needs a target to be measured against: without one the tile says so, in one voice.
  // An agent's AHT has none of its own: the server judges it against the team's AHT shown beside it.
  const teamJudged = metric === 'aht' && comparison !== undefined && v?.status !== null && v?.status !== undefined;
  const hasTarget = (v?.target !== null && v?.target !== undefined) || teamJudged;
  const status = noData || !hasTarget ? 'none' : v?.lowSample ? 'low' : (v?.status ?? 'none');
  const delta = v && 'delta' in v ? v.delta : null;
  const tone = deltaTone(metric, delta);
  const arrow = deltaArrow(metric, delta);
  const statusText = noData ? t('kpi.noData') : v?.lowSample ? t('kpi.lowSample') : hasTarget && v?.status ? t(`kpi.status.${v.status}`) : t('kpi.status.none');

  return (
    <article className={`kpi-tile rag-${status}`} aria-label={t(`metrics.${metric}.label`)} data-metric={metric}>
      <header>
        <h3 title={t(`metrics.${metric}.label`)}>{t(`metrics.${metric}.short`)}</h3>
        <span className={`rag-pill rag-${status}`}>{statusText}</span>
      </header>
      <p className="kpi-value">{formatMetric(metric, v?.value, lng)}</p>
      <dl className="kpi-meta">
        <div>
          <dt>{t('kpi.target')}</dt>
          <dd>
            {v?.target !== null && v?.target !== undefined
              ? formatMetric(metric, v.target, lng)
              : teamJudged
                ? t('kpi.teamRelativeTarget', { percent: Math.round((AHT_RELATIVE.green - 1) * 100) })
                : '–'}
          </dd>
        </div>
        {comparison && (
          <div>
            <dt>{comparison.label}</dt>
            <dd>{formatMetric(metric, comparison.value, lng)}</dd>
          </div>
        )}
        {v?.pending !== undefined && v.pending > 0 && (
          <div>
            <dt title={t('kpi.pendingHint')}>{t('kpi.pending')}</dt>
            <dd>{formatNumber(v.pending, lng)}</dd>
          </div>
        )}
        <div>
          <dt>{t('kpi.n')}</dt>
          <dd>
            {formatNumber(v?.n, lng)}
            {v?.lowSample && !noData && (
              <abbr className="low-mark" title={t('kpi.lowSampleHint')}>
                {' '}
                ⚠
              </abbr>
            )}
          </dd>
        </div>
      </dl>
      {v && 'delta' in v && (
        <p className={`kpi-delta ${tone}`} title={t('kpi.vsPrevious')}>
          <span aria-hidden="true">{arrow}</span> {formatDelta(metric, delta, lng)} <span className="muted">{t('kpi.vsPrevious')}</span>
        </p>
      )}
    </article>
  );
}
