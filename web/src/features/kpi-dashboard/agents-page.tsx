import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FilterBar } from '../../components/filter-bar';
import { QueryState } from '../../components/query-state';
import { formatMetric, formatNumber } from '../../lib/format';
import { AGENT_TABLE_METRICS } from '../../lib/metrics';
import { carrySearch, useFilters } from '../../lib/use-filters';
import { useKpis } from './api/get-kpis';
import { bestFirstDescending, isLowSampleRow, sortAgentRows, type SortKey } from './agent-table-sort';
import { SortHeader } from './team-page';

/** Every agent the caller may see (HR and admin: all; a supervisor: their teams), filtered by site, team and code/name, sorted by any metric. */
export function AgentsPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const f = useFilters();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'name', desc: false });
  const table = useKpis({ from: f.from, to: f.to, granularity: 'total', groupBy: 'agent', siteId: f.siteId, teamId: f.teamId, metrics: AGENT_TABLE_METRICS });
  const clickSort = (key: SortKey) => setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: bestFirstDescending(key) }));
  const search = carrySearch(f.search);
  const needle = query.trim().toLowerCase();

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t('agents.title')}</h1>
          <p className="muted">{t('agents.subtitle')}</p>
        </div>
      </header>
      <FilterBar pickers={['site', 'team']} />
      <section className="card" aria-labelledby="agents-table-title">
        <h2 id="agents-table-title" className="sr-only">
          {t('agents.title')}
        </h2>
        <div className="form-row">
          <label className="field-inline">
            <span>{t('agents.search')}</span>
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('agents.searchPlaceholder')} />
          </label>
          <label className="field-inline">
            <span>{t('agents.sortBy')}</span>
            <select value={sort.key} onChange={(e) => setSort({ key: e.target.value as SortKey, desc: bestFirstDescending(e.target.value as SortKey) })}>
              <option value="name">{t('team.agent')}</option>
              {AGENT_TABLE_METRICS.map((k) => (
                <option key={k} value={k}>
                  {t(`metrics.${k}.short`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <QueryState query={table} empty={(d) => d.rows.length === 0}>
          {(d) => {
            const rows = sortAgentRows(d.rows, sort.key, sort.desc).filter((r) => !needle || (r.group?.name ?? '').toLowerCase().includes(needle) || (r.group?.code ?? '').toLowerCase().includes(needle));
            return (
              <div className="table-scroll">
                <p className="muted small" data-testid="agents-count">
                  {t('agents.count', { count: rows.length, total: d.rows.length })}
                </p>
                <table className="data-table agent-table">
                  <caption className="sr-only">{t('agents.title')}</caption>
                  <thead>
                    <tr>
                      <SortHeader label={t('team.agent')} active={sort.key === 'name'} desc={sort.desc} onClick={() => clickSort('name')} />
                      {AGENT_TABLE_METRICS.map((k) => (
                        <SortHeader key={k} label={t(`metrics.${k}.short`)} title={t(`metrics.${k}.label`)} active={sort.key === k} desc={sort.desc} onClick={() => clickSort(k)} numeric />
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={String(r.group?.id)} className={isLowSampleRow(r, AGENT_TABLE_METRICS) ? 'low-sample' : undefined}>
                        <th scope="row">
                          <Link to={`/agents/${r.group?.id}${search}`}>{r.group?.name}</Link> <span className="muted small">{r.group?.code}</span>
                        </th>
                        {AGENT_TABLE_METRICS.map((k) => {
                          const m = r.metrics[k];
                          const cls = m?.lowSample ? 'low' : (m?.status ?? 'none');
                          return (
                            <td key={k} className={`num rag-cell rag-${cls}`}>
                              {formatMetric(k, m?.value, lng)}
                              {m && k !== 'handled' && <span className="cell-n">n={formatNumber(m.n, lng)}</span>}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }}
        </QueryState>
      </section>
    </div>
  );
}
