import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { EntitySelect } from '../../components/entity-select';
import { QueryState } from '../../components/query-state';
import { addDays, weekStart } from '../../lib/date-range';
import { formatDateTime } from '../../lib/format';
import { useFilters } from '../../lib/use-filters';
import { useAgents } from '../org/api/get-agents';
import { useTeams } from '../org/api/get-teams';
import { useOrgTimeZone } from '../settings/api/get-settings';
import { useCreateSample } from './api/create-sample';
import { useSamples } from './api/get-samples';

/** Draw a sample of calls (the sampling API) and work through it: each call links to its scoring page. */
export function SamplesSection() {
  const { t, i18n } = useTranslation();
  const tz = useOrgTimeZone();
  const { today } = useFilters();
  const teams = useTeams();
  const agents = useAgents();
  const create = useCreateSample();
  const lastMonday = addDays(weekStart(today), -7);
  const [from, setFrom] = useState(lastMonday);
  const [to, setTo] = useState(addDays(lastMonday, 6));
  const [perAgent, setPerAgent] = useState(2);
  const [teamId, setTeamId] = useState<number | undefined>();
  const [agentId, setAgentId] = useState<number | undefined>();
  // The batch being worked through stays in the URL, so scoring a call comes back to it.
  const [params, setParams] = useSearchParams();
  const batchId = Number(params.get('sample')) || undefined;
  const setBatchId = (id: number | undefined) =>
    setParams((p) => {
      const n = new URLSearchParams(p);
      if (id) n.set('sample', String(id));
      else n.delete('sample');
      return n;
    });
  // The batch just drawn (with its scored calls, to show progress), else every open call.
  const calls = useSamples(batchId ? { status: 'all', batchId } : { status: 'open' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ from, to, perAgent, ...(agentId ? { agentIds: [agentId] } : teamId ? { teamId } : {}) }, { onSuccess: (b) => setBatchId(b.id) });
  };
  return (
    <section className="card" aria-labelledby="qa-samples">
      <h2 id="qa-samples">{t('qa.samples')}</h2>
      <form className="filter-row" onSubmit={submit} aria-label={t('qa.drawSample')}>
        <label className="field-inline">
          <span>{t('filters.from')}</span>
          <input type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="field-inline">
          <span>{t('filters.to')}</span>
          <input type="date" required value={to} min={from} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label className="field-inline">
          <span>{t('qa.perAgent')}</span>
          <input type="number" min={1} max={100} required value={perAgent} onChange={(e) => setPerAgent(Number(e.target.value))} />
        </label>
        {(teams.data?.length ?? 0) > 1 && <EntitySelect label={t('filters.team')} value={teamId} onChange={setTeamId} options={teams.data} emptyLabel={t('filters.allTeams')} />}
        <EntitySelect label={t('team.agent')} value={agentId} onChange={setAgentId} options={agents.data} emptyLabel={t('filters.allAgents')} />
        <button type="submit" className="btn primary" disabled={create.isPending}>
          {t('qa.drawSample')}
        </button>
      </form>
      {create.isError && (
        <p role="alert" className="error-text">
          {create.error.message}
        </p>
      )}
      {batchId && (
        <p className="muted small">
          {t('qa.sampleDrawn', { id: batchId })}{' '}
          <button type="button" className="btn small link" onClick={() => setBatchId(undefined)}>
            {t('qa.allOpenSamples')}
          </button>
        </p>
      )}
      <QueryState query={calls} empty={(d) => d.length === 0} emptyText={t('qa.noOpenSamples')}>
        {(d) => (
          <>
            <p className="small" data-testid="sample-progress">
              {t('qa.sampleProgress', { scored: d.filter((c) => c.scored).length, total: d.length })}
            </p>
            <div className="table-scroll">
              <table className="data-table compact" data-testid="sample-calls">
                <thead>
                  <tr>
                    <th scope="col">{t('qa.call')}</th>
                    <th scope="col">{t('team.agent')}</th>
                    <th scope="col">{t('qa.date')}</th>
                    <th scope="col">{t('qa.queue')}</th>
                    <th scope="col">{t('qa.next')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.map((c) => (
                    <tr key={`${c.batchId}-${c.callId}`}>
                      <td>{c.externalId}</td>
                      <td>{c.agent.name}</td>
                      <td>{formatDateTime(c.startedAt, i18n.language, tz)}</td>
                      <td>{c.queue ?? '–'}</td>
                      <td>
                        {c.scored && c.evaluationId ? (
                          <Link to={`/evaluations/${c.evaluationId}`}>✓ {t('qa.scored')}</Link>
                        ) : (
                          <Link to={`/qa/evaluate?agent=${c.agent.id}&call=${encodeURIComponent(c.externalId)}${batchId ? `&sample=${batchId}` : ''}`}>{t('qa.scoreThisCall')}</Link>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </QueryState>
    </section>
  );
}
