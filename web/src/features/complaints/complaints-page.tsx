import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FilterBar } from '../../components/filter-bar';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { useFilters } from '../../lib/use-filters';
import { useComplaints } from './api/get-complaints';
import { callHref, clockNow, complaintLevels, formatSpan, type ComplaintCase, type ComplaintLevel } from './complaint-view';

/** Re-renders every `ms` so the clocks keep running between fetches. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/**
 * Complaint cases of the range (opened from..to), overdue queue first with the clock, then the
 * open and the closed ones; each links to its call. Scope is the server's: a supervisor sees
 * their teams' cases, an agent those charged to them.
 */
export function ComplaintsPage() {
  const { t } = useTranslation();
  const f = useFilters();
  const query = useComplaints({ from: f.from, to: f.to, teamId: f.teamId, agentId: f.agentId });
  const [level, setLevel] = useState<ComplaintLevel | ''>('');
  const [category, setCategory] = useState('');
  const now = useNow(15_000);

  const categories = useMemo(() => [...new Set((query.data ?? []).map((c) => c.category).filter((c): c is string => !!c))].sort(), [query.data]);
  const shown = (query.data ?? []).filter((c) => (level === '' || c.level === level) && (category === '' || c.category === category));
  const fetchedAt = query.dataUpdatedAt || now;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t('complaints.title')}</h1>
          <p className="muted">{t('complaints.subtitle')}</p>
        </div>
      </header>
      <FilterBar pickers={['site', 'team', 'agent']} granularity={false} />
      <section className="filter-bar" aria-label={t('complaints.caseFilters')}>
        <label className="field-inline">
          <span>{t('complaints.grade')}</span>
          <select value={level} onChange={(e) => setLevel(e.target.value as ComplaintLevel | '')}>
            <option value="">{t('complaints.allGrades')}</option>
            {complaintLevels.map((l) => (
              <option key={l} value={l}>
                {t(`complaints.levels.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>{t('complaints.category')}</span>
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t('complaints.allCategories')}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </section>
      <QueryState query={query}>
        {() => (
          <>
            <CaseTable id="overdue" title={t('complaints.overdueQueue')} cases={shown.filter((c) => c.status === 'overdue')} now={now} fetchedAt={fetchedAt} />
            <CaseTable id="open" title={t('complaints.open')} cases={shown.filter((c) => c.status === 'open')} now={now} fetchedAt={fetchedAt} />
            <CaseTable id="closed" title={t('complaints.closed')} cases={shown.filter((c) => c.status === 'closed')} now={now} fetchedAt={fetchedAt} />
          </>
        )}
      </QueryState>
    </div>
  );
}

function CaseTable({ id, title, cases, now, fetchedAt }: { id: string; title: string; cases: ComplaintCase[]; now: number; fetchedAt: number }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const f = useFilters();
  const when = (iso: string | null) => formatDateTime(iso, lng, f.timezone);
  return (
    <section className="card" aria-labelledby={`complaints-${id}`} data-testid={`complaints-${id}`}>
      <header className="card-header">
        <h2 id={`complaints-${id}`}>
          {title} <span className="muted small">({cases.length})</span>
        </h2>
      </header>
      {cases.length === 0 ? (
        <p className="muted">{t('complaints.none')}</p>
      ) : (
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">{t('complaints.case')}</th>
              <th scope="col">{t('complaints.grade')}</th>
              <th scope="col">{t('complaints.clock')}</th>
              <th scope="col">{t('complaints.opened')}</th>
              <th scope="col">{t('complaints.responseDue')}</th>
              <th scope="col">{t('complaints.resolutionDue')}</th>
              <th scope="col">{t('complaints.agent')}</th>
              <th scope="col">{t('complaints.team')}</th>
              <th scope="col">{t('complaints.category')}</th>
              <th scope="col">{t('complaints.call')}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => {
              const clock = clockNow(c, now, fetchedAt);
              return (
                <tr key={c.externalId} data-case={c.externalId}>
                  <th scope="row">{c.externalId}</th>
                  <td>
                    <span className={`grade grade-${c.level}`}>{t(`complaints.levels.${c.level}`)}</span>
                  </td>
                  <td className={clock.kind === 'over' ? 'error-text' : undefined} data-clock={clock.kind}>
                    {clock.kind === 'over'
                      ? t('complaints.overBy', { span: formatSpan(clock.seconds, lng) })
                      : clock.kind === 'left'
                        ? t('complaints.left', { span: formatSpan(clock.seconds, lng) })
                        : t(`complaints.outcome.${c.resolution}`)}
                  </td>
                  <td>{when(c.openedAt)}</td>
                  <td title={c.firstResponseAt ? `${t('complaints.answered')} ${when(c.firstResponseAt)}` : undefined}>
                    {when(c.responseDueAt)} <span className="muted small">{t(`complaints.outcome.${c.response}`)}</span>
                  </td>
                  <td title={c.resolvedAt ? `${t('complaints.resolved')} ${when(c.resolvedAt)}` : undefined}>
                    {when(c.resolutionDueAt)} <span className="muted small">{t(`complaints.outcome.${c.resolution}`)}</span>
                  </td>
                  <td>{c.agent ? `${c.agent.name} (${c.agent.code})` : '–'}</td>
                  <td>{c.team?.name ?? '–'}</td>
                  <td>{c.category ?? '–'}</td>
                  <td>{c.callExternalId ? <Link to={callHref(c.callExternalId)}>{c.callExternalId}</Link> : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
