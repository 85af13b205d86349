import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { TrendChart } from '../../components/charts';
import { ExportButton } from '../../components/export-button';
import { FilterBar } from '../../components/filter-bar';
import { KpiTile } from '../../components/kpi-tile';
import { ErrorNote, QueryState } from '../../components/query-state';
import { addDays } from '../../lib/date-range';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { TILE_METRICS, type MetricKey } from '../../lib/metrics';
import { useFilters, writeFilters } from '../../lib/use-filters';
import { useSession } from '../../lib/session';
import { AgentFindings } from './agent-findings';
import { CallLink } from '../../components/call-link';
import { useCoachingNotes } from '../coaching/api/get-coaching-notes';
import { useKpiSummary } from '../kpi-dashboard/api/get-kpi-summary';
import { useKpis } from '../kpi-dashboard/api/get-kpis';
import { MetricPicker } from '../../components/metric-picker';
import { useAgent } from '../org/api/get-agent';
import { useEvaluations } from '../qa/api/get-evaluations';
import { CoachingNoteForm } from '../../components/coaching-note-form';
import { EvaluationStatusBadge } from '../../components/evaluation-status-badge';

/** An agent's scorecard: /agents/:id for supervisors, admin and HR; "/" (My scorecard) for the agent. */
export function ScorecardPage({ own = false }: { own?: boolean }) {
  const params = useParams();
  const user = useSession();
  const agentId = own ? (user.agentId ?? 0) : Number(params.agentId);
  const { t } = useTranslation();
  if (!agentId) return <p className="page-state notice">{t('scorecard.noAgentLink')}</p>;
  return <Scorecard agentId={agentId} own={own} />;
}

function Scorecard({ agentId, own }: { agentId: number; own: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const user = useSession();
  const f = useFilters();
  const [params, setParams] = useSearchParams();
  // Without a range in the link, open on weeks that include today: a new evaluation shows at once.
  const noRange = !params.has('range') && !params.has('from');
  useEffect(() => {
    if (noRange) setParams((p) => writeFilters(p, { preset: 'recent_4_weeks' }), { replace: true });
  }, [noRange, setParams]);
  const agent = useAgent(agentId);
  const teamId = agent.data?.team.id;
  const [metric, setMetric] = useState<MetricKey>('aht');
  const summary = useKpiSummary({ from: f.from, to: f.to, agentId });
  // The team's aggregate only: the scorecard never lists other agents.
  const teamTotal = useKpis({ from: f.from, to: f.to, granularity: 'total', groupBy: 'team', teamId, metrics: TILE_METRICS }, teamId !== undefined);
  const agentTrend = useKpis({ from: f.from, to: f.to, granularity: f.granularity, groupBy: 'agent', agentId, metrics: [metric] });
  const teamTrend = useKpis({ from: f.from, to: f.to, granularity: f.granularity, groupBy: 'team', teamId, metrics: [metric] }, teamId !== undefined);
  const evaluations = useEvaluations({ agentId, from: f.from, to: f.to, limit: 100 });
  const notes = useCoachingNotes({ agentId });
  const [addingNote, setAddingNote] = useState(false);
  const canCoach = user.role === 'admin' || user.role === 'supervisor';

  if (agent.isError) return <ErrorNote error={agent.error} />;
  const teamFigure = teamTotal.data?.rows[0]?.metrics;
  const me = own ? t('scorecard.me') : (agent.data?.name ?? '');
  const trendData = (() => {
    const points = new Map<string, Record<string, string | number | null>>();
    for (const [series, rows] of [
      [me, agentTrend.data?.rows ?? []],
      [t('scorecard.team'), teamTrend.data?.rows ?? []],
    ] as const) {
      for (const r of rows) {
        const p = points.get(r.period) ?? { period: r.period };
        p[series] = r.metrics[metric]?.value ?? null;
        points.set(r.period, p);
      }
    }
    return [...points.values()].sort((a, b) => String(a.period).localeCompare(String(b.period)));
  })();

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{own ? t('scorecard.myTitle') : t('scorecard.title', { name: agent.data?.name ?? '…' })}</h1>
          <p className="muted">
            {agent.data && (
              <>
                {agent.data.code} · {agent.data.team.name}
                {agent.data.site ? ` · ${agent.data.site.name}` : ''}
              </>
            )}
          </p>
        </div>
        <div className="actions">
          <ExportButton label={t('exports.agent')} request={{ kind: 'agent', agentId, from: f.from, to: f.to }} />
        </div>
      </header>
      <FilterBar pickers={[]} />

      <section aria-labelledby="sc-tiles">
        {/* The tiles' h3 titles need an h2 above them (heading order). */}
        <h2 id="sc-tiles" className="sr-only">
          {t('overview.kpis')}
        </h2>
        <QueryState query={summary}>
          {(s) => (
            <div className="tile-grid">
              {TILE_METRICS.map((k) => (
                <KpiTile key={k} metric={k} value={s.metrics[k]} comparison={{ label: t('scorecard.teamFigure'), value: teamFigure?.[k]?.value }} />
              ))}
            </div>
          )}
        </QueryState>
      </section>

      <section className="card" aria-labelledby="sc-trend">
        <header className="card-header">
          <h2 id="sc-trend">{t('scorecard.trend')}</h2>
          <MetricPicker value={metric} onChange={setMetric} />
        </header>
        {agentTrend.isError ? <ErrorNote error={agentTrend.error} /> : trendData.length > 0 ? <TrendChart metric={metric} data={trendData} series={[me, t('scorecard.team')]} target={summary.data?.metrics[metric]?.target} /> : <p className="page-state muted">{agentTrend.isPending ? t('common.loading') : t('common.noData')}</p>}
      </section>

      <AgentFindings agentId={agentId} from={f.from} to={f.to} own={own} />

      <div className="chart-grid">
        <section className="card" aria-labelledby="sc-evals">
          <h2 id="sc-evals">{t('scorecard.evaluations')}</h2>
          <QueryState query={evaluations} empty={(d) => d.items.length === 0} emptyText={t('scorecard.noEvaluations')}>
            {(d) => (
              <table className="data-table compact">
                <thead>
                  <tr>
                    <th scope="col">{t('qa.date')}</th>
                    <th scope="col">{t('qa.call')}</th>
                    <th scope="col">{t('qa.form')}</th>
                    <th scope="col" className="num">{t('qa.score')}</th>
                    <th scope="col">{t('qa.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((ev) => (
                    <tr key={ev.id}>
                      <td>
                        <Link to={`/evaluations/${ev.id}`}>{formatDateTime(ev.submittedAt ?? ev.createdAt, lng, f.timezone)}</Link>
                      </td>
                      <td>{ev.callExternalId ? <CallLink externalId={ev.callExternalId} /> : <span className="muted">{t('qa.noCall')}</span>}</td>
                      <td>{ev.form?.name ?? ev.formLabel ?? '–'}</td>
                      <td className="num">
                        {formatNumber(ev.score, lng, 1)}
                        {ev.autoFail && <span className="tag danger">{t('qa.autoFail')}</span>}
                      </td>
                      <td>
                        <EvaluationStatusBadge status={ev.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </QueryState>
        </section>
        <section className="card" aria-labelledby="sc-notes">
          <header className="card-header">
            <h2 id="sc-notes">{t('coaching.title')}</h2>
            {canCoach && !addingNote && (
              <button type="button" className="btn small" onClick={() => setAddingNote(true)}>
                ✎ {t('coaching.add')}
              </button>
            )}
          </header>
          {addingNote && <CoachingNoteForm agentId={agentId} initialText="" earliestFollowUp={addDays(f.today, 1)} onSaved={() => setAddingNote(false)} onCancel={() => setAddingNote(false)} />}
          <QueryState query={notes} empty={(d) => d.length === 0} emptyText={t('coaching.none')}>
            {(d) => (
              <ul className="notes">
                {d.map((n) => (
                  <li key={n.id}>
                    <p className="note-text">{n.text}</p>
                    <ReviewContext context={n.context} />
                    <p className="muted small">
                      {formatDateTime(n.createdAt, lng, f.timezone)}
                      {n.author ? ` · ${n.author.name}` : ''}
                      {n.followUpDate ? ` · ${t('coaching.followUpOn', { date: formatDate(n.followUpDate, lng) })}` : ''}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </section>
      </div>
    </div>
  );
}

/** A note written from the weekly review keeps the review's finding; shown folded, under what the supervisor wrote. */
function ReviewContext({ context }: { context?: Record<string, unknown> }) {
  const { t } = useTranslation();
  if (context?.source !== 'weekly_review') return null;
  const rule = String(context.rule ?? '');
  const reasons = Array.isArray(context.reasons) ? (context.reasons as unknown[]).map(String) : [];
  return (
    <details className="review-reasons-folded muted small">
      <summary>{t('coaching.fromReview', { week: String(context.week ?? '') })}</summary>
      <p>{t(`review.rules.${rule}`, { defaultValue: rule })}</p>
      {reasons.map((r, i) => (
        <p key={i}>{r}</p>
      ))}
    </details>
  );
}
