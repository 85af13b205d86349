import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { Sparkline } from '../../components/charts';
import { ExportButton } from '../../components/export-button';
import { FilterBar } from '../../components/filter-bar';
import { QueryState } from '../../components/query-state';
import { isoWeekLabel } from '../../lib/date-range';
import { formatMetric, formatNumber } from '../../lib/format';
import { AGENT_TABLE_METRICS, type MetricKey } from '../../lib/metrics';
import { carrySearch, useFilters } from '../../lib/use-filters';
import { useTeams } from '../org/api/get-teams';
import { useKpiColumns } from './api/get-kpi-columns';
import { useKpis } from './api/get-kpis';
import { bestFirstDescending, isLowSampleRow, sortAgentRows, type SortKey } from './agent-table-sort';

export function TeamPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const f = useFilters();
  const teams = useTeams();
  const teamId = f.teamId ?? teams.data?.find((tm) => f.siteId === undefined || tm.site?.id === f.siteId)?.id;
  const team = teams.data?.find((tm) => tm.id === teamId);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'aht', desc: false });
  const trendMetric: MetricKey = sort.key === 'name' ? 'aht' : sort.key;

  const table = useKpiColumns({ from: f.from, to: f.to, granularity: 'total', groupBy: 'agent', teamId, metrics: AGENT_TABLE_METRICS }, teamId !== undefined);
  const teamTotal = useKpis({ from: f.from, to: f.to, granularity: 'total', groupBy: 'team', teamId, metrics: AGENT_TABLE_METRICS }, teamId !== undefined);
  const trend = useKpiColumns({ from: f.from, to: f.to, granularity: f.granularity, groupBy: 'agent', teamId, metrics: [trendMetric] }, teamId !== undefined);

  const sparks = useMemo(() => {
    const periods = [...new Set((trend.data?.rows ?? []).map((r) => r.periodStart))].sort();
    const byAgent = new Map<string, Array<number | null>>();
    for (const r of trend.data?.rows ?? []) {
      const id = String(r.group?.id);
      const arr = byAgent.get(id) ?? periods.map(() => null);
      arr[periods.indexOf(r.periodStart)] = r.metrics[trendMetric]?.value ?? null;
      byAgent.set(id, arr);
    }
    return byAgent;
  }, [trend.data, trendMetric]);

  const clickSort = (key: SortKey) => setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: bestFirstDescending(key) }));
  const search = carrySearch(f.search);
  const teamRow = teamTotal.data?.rows[0];

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{team ? t('team.titleOf', { team: team.name }) : t('team.title')}</h1>
          <p className="muted">{t('team.subtitle')}</p>
        </div>
        <div className="actions">{teamId && <ExportButton label={t('exports.weekly', { week: isoWeekLabel(f.to) })} request={{ kind: 'weekly', week: isoWeekLabel(f.to), teamId }} />}</div>
      </header>
      <FilterBar pickers={['site', 'team']} currentTeamId={teamId} />
      {teamId === undefined ? (
        <p className="page-state muted">{teams.isPending ? t('common.loading') : t('team.noTeam')}</p>
      ) : (
        <section className="card">
          <QueryState query={table} empty={(d) => d.rows.length === 0}>
            {(d) => {
              const rows = sortAgentRows(d.rows, sort.key, sort.desc);
              return (
                <div className="table-scroll">
                  <table className="data-table agent-table">
                    <caption className="sr-only">{t('team.tableCaption')}</caption>
                    <thead>
                      <tr>
                        <SortHeader label={t('team.agent')} active={sort.key === 'name'} desc={sort.desc} onClick={() => clickSort('name')} />
                        {AGENT_TABLE_METRICS.map((k) => (
                          <SortHeader key={k} label={t(`metrics.${k}.short`)} title={t(`metrics.${k}.label`)} active={sort.key === k} desc={sort.desc} onClick={() => clickSort(k)} numeric />
                        ))}
                        <th scope="col">{t('team.trend', { metric: t(`metrics.${trendMetric}.short`) })}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => {
                        const id = Number(r.group?.id);
                        const go = () => navigate(`/agents/${id}${search}`);
                        return (
                          <tr key={id} className={isLowSampleRow(r, AGENT_TABLE_METRICS) ? 'low-sample' : undefined} onClick={go}>
                            <th scope="row">
                              <a
                                href={`/agents/${id}${search}`}
                                onClick={(e) => {
                                  e.preventDefault();
                                  go();
                                }}
                              >
                                {r.group?.name}
                              </a>{' '}
                              <span className="muted small">{r.group?.code}</span>
                            </th>
                            {AGENT_TABLE_METRICS.map((k) => {
                              const m = r.metrics[k];
                              const cls = m?.lowSample ? 'low' : (m?.status ?? 'none');
                              return (
                                <td key={k} className={`num rag-cell rag-${cls}`} title={m ? `${t('kpi.n')} = ${formatNumber(m.n, lng)}${m.lowSample ? ` · ${t('kpi.lowSample')}` : ''}` : undefined}>
                                  {formatMetric(k, m?.value, lng)}
                                  {m && k !== 'handled' && <span className="cell-n">n={formatNumber(m.n, lng)}</span>}
                                </td>
                              );
                            })}
                            <td>
                              <Sparkline values={sparks.get(String(id)) ?? []} />
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                    {teamRow && (
                      <tfoot>
                        <tr>
                          <th scope="row">{t('team.teamFigure')}</th>
                          {AGENT_TABLE_METRICS.map((k) => (
                            <td key={k} className="num">
                              {formatMetric(k, teamRow.metrics[k]?.value, lng)}
                            </td>
                          ))}
                          <td />
                        </tr>
                      </tfoot>
                    )}
                  </table>
                  <p className="muted small">{t('team.lowSampleNote')}</p>
                </div>
              );
            }}
          </QueryState>
        </section>
      )}
    </div>
  );
}

export function SortHeader({ label, title, active, desc, onClick, numeric }: { label: string; title?: string; active: boolean; desc: boolean; onClick: () => void; numeric?: boolean }) {
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (desc ? 'descending' : 'ascending') : 'none'} title={title}>
      <button type="button" className="sort-btn" onClick={onClick}>
        {label} <span aria-hidden="true">{active ? (desc ? '▼' : '▲') : '↕'}</span>
      </button>
    </th>
  );
}
