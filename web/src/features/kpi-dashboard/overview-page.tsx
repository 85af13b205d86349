import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ComparisonBarChart, TrendChart } from '../../components/charts';
import { ExportButton } from '../../components/export-button';
import { FilterBar } from '../../components/filter-bar';
import { KpiTile } from '../../components/kpi-tile';
import { ErrorNote, QueryState } from '../../components/query-state';
import { isoWeekLabel } from '../../lib/date-range';
import { formatDate } from '../../lib/format';
import { TILE_METRICS, type MetricKey } from '../../lib/metrics';
import { carrySearch, useFilters } from '../../lib/use-filters';
import { useSession } from '../../lib/session';
import { useKpiSummary } from './api/get-kpi-summary';
import { useKpis } from './api/get-kpis';
import { MetricPicker } from '../../components/metric-picker';
import { pivotByGroup } from './trend-data';

export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const user = useSession();
  const f = useFilters();
  const [metric, setMetric] = useState<MetricKey>('aht');
  const scope = { siteId: f.siteId, teamId: f.teamId, agentId: f.agentId };
  const summary = useKpiSummary({ from: f.from, to: f.to, ...scope });
  // One line per team; with a team or an agent chosen, that one line.
  const trendGroup = f.agentId ? 'agent' : 'team';
  const trend = useKpis({ from: f.from, to: f.to, granularity: f.granularity, groupBy: trendGroup, ...scope, metrics: [metric] });
  // A supervisor of one team (or a team picked) compares its agents; one bar for the team says nothing.
  const oneTeam = f.teamId ?? (user.role === 'supervisor' && user.teamIds.length === 1 ? user.teamIds[0] : undefined);
  const compareAgents = oneTeam !== undefined && !f.agentId;
  const byTeam = useKpis(
    compareAgents
      ? { from: f.from, to: f.to, granularity: 'total', groupBy: 'agent', teamId: oneTeam, metrics: [metric] }
      : { from: f.from, to: f.to, granularity: 'total', groupBy: 'team', siteId: f.siteId, metrics: [metric] },
  );
  const month = f.to.slice(0, 7);
  const search = carrySearch(f.search);

  const pivot = trend.data ? pivotByGroup(trend.data.rows, metric, (r) => r.group?.name ?? t('overview.allTeams')) : null;
  const target = summary.data?.metrics[metric]?.target ?? null;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t('overview.title')}</h1>
          <p className="muted">{t('overview.subtitle', { from: formatDate(f.from, i18n.language), to: formatDate(f.to, i18n.language) })}</p>
        </div>
        <div className="actions">
          {user.role === 'supervisor' && (
            <Link className="btn primary" to={`/weekly-review${search}`}>
              {t('nav.weeklyReview')} →
            </Link>
          )}
          <ExportButton label={t('exports.monthly', { month })} request={{ kind: 'monthly', month, siteId: f.siteId, teamId: f.teamId }} />
          {f.agentId && <ExportButton label={t('exports.agent')} request={{ kind: 'agent', agentId: f.agentId, from: f.from, to: f.to }} />}
          {f.teamId && <ExportButton label={t('exports.weekly', { week: isoWeekLabel(f.to) })} request={{ kind: 'weekly', week: isoWeekLabel(f.to), teamId: f.teamId }} />}
        </div>
      </header>
      <FilterBar pickers={['site', 'team', 'agent']} />

      <section aria-labelledby="tiles-title">
        <h2 id="tiles-title" className="sr-only">
          {t('overview.kpis')}
        </h2>
        <QueryState query={summary}>
          {(s) => (
            <div className="tile-grid">
              {TILE_METRICS.map((k) => (
                <KpiTile key={k} metric={k} value={s.metrics[k]} />
              ))}
            </div>
          )}
        </QueryState>
      </section>

      <div className="chart-grid">
        <section className="card" aria-labelledby="trend-title">
          <header className="card-header">
            <h2 id="trend-title">{t('overview.trend')}</h2>
            <MetricPicker value={metric} onChange={setMetric} />
          </header>
          {trend.isError ? <ErrorNote error={trend.error} /> : pivot && pivot.data.length > 0 ? <TrendChart metric={metric} data={pivot.data} series={pivot.series} target={target} /> : <p className="page-state muted">{trend.isPending ? t('common.loading') : t('common.noData')}</p>}
        </section>
        <section className="card" aria-labelledby="compare-title">
          <header className="card-header">
            <h2 id="compare-title">{compareAgents ? t('overview.agentComparison') : t('overview.teamComparison')}</h2>
          </header>
          <QueryState query={byTeam} empty={(d) => d.rows.length === 0}>
            {(d) => (
              <ComparisonBarChart
                by={compareAgents ? 'agent' : 'team'}
                metric={metric}
                target={target}
                data={d.rows.map((r) => {
                  const m = r.metrics[metric];
                  return { name: r.group?.name ?? '', value: m?.value ?? null, status: m?.lowSample ? 'low' : (m?.status ?? 'none') };
                })}
              />
            )}
          </QueryState>
        </section>
      </div>
    </div>
  );
}
