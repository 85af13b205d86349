import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EntitySelect } from '../../components/entity-select';
import { QueryState } from '../../components/query-state';
import { formatDateTime, formatNumber } from '../../lib/format';
import { CallLink } from '../../components/call-link';
import { useAgents } from '../org/api/get-agents';
import { useOrgTimeZone } from '../settings/api/get-settings';
import { useEvaluations } from './api/get-evaluations';
import { useForms } from './api/get-forms';
import type { EvaluationListParams } from '../../lib/query-keys';
import type { EvaluationStatus } from './api/qa-types';
import { EvaluationStatusBadge } from '../../components/evaluation-status-badge';

const STATUSES: EvaluationStatus[] = ['draft', 'submitted', 'disputed', 'acknowledged', 'resolved'];

/** The evaluations and drafts a supervisor works through, filtered by status, agent, form and period. */
export function WorkQueue() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const tz = useOrgTimeZone();
  const agents = useAgents();
  const forms = useForms();
  const [filters, setFilters] = useState<EvaluationListParams>({ status: 'draft' });
  const list = useEvaluations({ ...filters, limit: 100 });
  const set = (patch: Partial<EvaluationListParams>) => setFilters((f) => ({ ...f, ...patch }));
  return (
    <section className="card" aria-labelledby="qa-queue">
      <h2 id="qa-queue">
        {t('qa.workQueue')} {list.data && <span className="count-badge">{list.data.total}</span>}
      </h2>
      <div className="filter-row">
        <label className="field-inline">
          <span>{t('qa.status')}</span>
          <select value={filters.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as EvaluationStatus | undefined })}>
            <option value="">{t('qa.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`qa.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <EntitySelect label={t('team.agent')} value={filters.agentId} onChange={(agentId) => set({ agentId })} options={agents.data} emptyLabel={t('filters.allAgents')} />
        <EntitySelect label={t('qa.form')} value={filters.formId} onChange={(formId) => set({ formId })} options={forms.data} emptyLabel={t('qa.allForms')} />
        <label className="field-inline">
          <span>{t('filters.from')}</span>
          <input type="date" value={filters.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
        </label>
        <label className="field-inline">
          <span>{t('filters.to')}</span>
          <input type="date" value={filters.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
        </label>
      </div>
      <QueryState query={list} empty={(d) => d.items.length === 0} emptyText={t('qa.queueEmpty')}>
        {(d) => (
          <div className="table-scroll">
            <table className="data-table compact" data-testid="work-queue">
              <thead>
                <tr>
                  <th scope="col">{t('qa.date')}</th>
                  <th scope="col">{t('team.agent')}</th>
                  <th scope="col">{t('qa.call')}</th>
                  <th scope="col">{t('qa.form')}</th>
                  <th scope="col" className="num">{t('qa.score')}</th>
                  <th scope="col">{t('qa.status')}</th>
                  <th scope="col">{t('qa.next')}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((ev) => (
                  <tr key={ev.id}>
                    <td>{formatDateTime(ev.submittedAt ?? ev.createdAt, lng, tz)}</td>
                    <td>{ev.agent.name}</td>
                    <td>{ev.callExternalId ? <CallLink externalId={ev.callExternalId} /> : <span className="muted">{t('qa.noCall')}</span>}</td>
                    <td>{ev.form?.name ?? ev.formLabel ?? '–'}</td>
                    <td className="num">
                      {formatNumber(ev.score, lng, 1)}
                      {ev.autoFail && <span className="tag danger">{t('qa.autoFail')}</span>}
                    </td>
                    <td>
                      <EvaluationStatusBadge status={ev.status} />
                    </td>
                    <td>
                      {ev.status === 'draft' ? (
                        <Link to={`/qa/evaluate?draft=${ev.id}`}>{t('qa.continueDraft')}</Link>
                      ) : (
                        <Link to={`/evaluations/${ev.id}`}>{ev.status === 'disputed' ? t('qa.resolve') : t('qa.open')}</Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}
