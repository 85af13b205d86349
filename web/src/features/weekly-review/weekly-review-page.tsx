import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { EntitySelect } from '../../components/entity-select';
import { ExportButton } from '../../components/export-button';
import { QueryState } from '../../components/query-state';
import { addDays, isoWeekLabel, isoWeekStart, weekStart } from '../../lib/date-range';
import { formatDateTime, formatDelta, formatMetric } from '../../lib/format';
import { useOrgTimeZone } from '../settings/api/get-settings';
import { deltaTone, type MetricKey } from '../../lib/metrics';
import { useFilters } from '../../lib/use-filters';
import { useSession } from '../../lib/session';
import { useCoachingNotes } from '../coaching/api/get-coaching-notes';
import type { CoachingNote } from '../coaching/api/coaching-types';
import { callPath } from '../../components/call-link';
import { EvidenceQuote } from '../../components/evidence-quote';
import { useTeams } from '../org/api/get-teams';
import { useWeeklyReview } from './api/get-weekly-review';
import type { ReviewReason, WeeklyReview } from './api/review-types';
import { CoachingNoteForm } from '../../components/coaching-note-form';

export function WeeklyReviewPage() {
  const { t, i18n } = useTranslation();
  const user = useSession();
  const { today } = useFilters();
  const [params, setParams] = useSearchParams();
  const teams = useTeams();
  // Monday morning's question is about the week that just ended.
  const monday = isoWeekStart(params.get('week') ?? '') ?? weekStart(addDays(today, -7));
  const week = isoWeekLabel(monday);
  const teamParam = Number(params.get('team'));
  const teamId = teamParam > 0 ? teamParam : (user.teamIds[0] ?? teams.data?.[0]?.id);
  const review = useWeeklyReview(teamId ? { week, teamId, lang: i18n.language } : null);

  const set = (k: string, v: string) =>
    setParams((p) => {
      const n = new URLSearchParams(p);
      n.set(k, v);
      return n;
    });
  const shiftWeek = (weeks: number) => set('week', isoWeekLabel(addDays(monday, weeks * 7)));

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t('review.title')}</h1>
          <p className="muted">{t('review.subtitle')}</p>
        </div>
        <div className="actions">{teamId && <ExportButton label={t('exports.weekly', { week })} request={{ kind: 'weekly', week, teamId }} />}</div>
      </header>
      <section className="filter-bar" aria-label={t('filters.label')}>
        <div className="week-stepper" role="group" aria-label={t('review.week')}>
          <button type="button" className="btn" onClick={() => shiftWeek(-1)} aria-label={t('review.prevWeek')}>
            ‹
          </button>
          <strong>{week}</strong>
          <span className="muted small">
            {monday} – {addDays(monday, 6)}
          </span>
          <button type="button" className="btn" onClick={() => shiftWeek(1)} aria-label={t('review.nextWeek')} disabled={monday > addDays(today, -7)}>
            ›
          </button>
        </div>
        {(teams.data?.length ?? 0) > 1 && (
          <EntitySelect label={t('filters.team')} value={teamId} onChange={(id) => set('team', String(id))} options={teams.data} />
        )}
      </section>
      {!teamId ? <p className="page-state muted">{teams.isPending ? t('common.loading') : t('team.noTeam')}</p> : <QueryState query={review}>{(r) => <ReviewBody review={r} today={today} lng={i18n.language} />}</QueryState>}
    </div>
  );
}

/** How many attention entries open with their reasons shown; the rest are folded to one line each. */
const EXPANDED = 3;

function ReviewBody({ review, today, lng }: { review: WeeklyReview; today: string; lng: string }) {
  const { t } = useTranslation();
  const [noteFor, setNoteFor] = useState<string | null>(null);
  const tz = useOrgTimeZone();
  const from = review.from;
  // The notes written for this review: in the reviewed week or the week after (when it is read).
  const notes = useCoachingNotes({ from, to: addDays(from, 13) });
  const noteOf = new Map<number, CoachingNote>();
  for (const n of notes.data ?? []) if (!noteOf.has(n.agent.id)) noteOf.set(n.agent.id, n);
  // 13 weeks ending with the reviewed one: a trend long enough to see "8th week in a row".
  const agentLink = (id: number) => `/agents/${id}?from=${addDays(from, -84)}&to=${addDays(from, 6)}&g=week`;
  const metrics = Object.entries(review.metrics) as Array<[MetricKey, NonNullable<WeeklyReview['metrics'][MetricKey]>]>;

  const entryBody = (entry: WeeklyReview['attention'][number]) => {
    const key = String(entry.agent.id);
    const first = entry.reasons[0];
    const written = noteOf.get(entry.agent.id);
    return (
      <>
        <ul className="reasons">
          {entry.reasons.map((r, i) => (
            <ReasonItem key={i} reason={r} />
          ))}
        </ul>
        {written && (
          <p className="success-text small note-written" data-testid="note-written">
            ✓ {t('coaching.writtenOn', { date: formatDateTime(written.createdAt, lng, tz) })}
            {written.author ? ` · ${written.author.name}` : ''}: <span className="note-text">{written.text}</span>
          </p>
        )}
        {!first ? null : noteFor === key ? (
          <CoachingNoteForm
            agentId={entry.agent.id}
            earliestFollowUp={addDays(from, 7) > today ? addDays(from, 7) : today}
            initialText=""
            fromReview={{ week: review.week, rule: first.rule, ...(first.metric ? { metric: first.metric } : {}), reasons: entry.reasons.map((r) => r.text) }}
            onSaved={() => setNoteFor(null)}
            onCancel={() => setNoteFor(null)}
          />
        ) : (
          <button type="button" className="btn small" onClick={() => setNoteFor(key)}>
            ✎ {written ? t('coaching.addAnother') : t('coaching.add')}
          </button>
        )}
      </>
    );
  };

  return (
    <>
      <div className="review-grid">
        <section className="card" aria-labelledby="attention-title" data-testid="attention">
          <h2 id="attention-title">
            {t('review.attention')} <span className="count-badge">{review.attention.length}</span>
          </h2>
          {review.attention.length === 0 && <p className="muted">{t('review.nobody')}</p>}
          <ol className="attention-list">
            {review.attention.map((entry, rank) => {
              // A folded entry's summary holds no link (a control inside a control): its body links the agent.
              const head = (linked: boolean) => (
                <>
                  <span className="attention-rank">{rank + 1}.</span>
                  {linked ? (
                    <Link to={agentLink(entry.agent.id)} className="agent-name">
                      {entry.agent.name}
                    </Link>
                  ) : (
                    <span className="agent-name">{entry.agent.name}</span>
                  )}{' '}
                  <span className="muted small">{entry.agent.code}</span>
                  <span className={`severity level-${entry.level ?? 'medium'}`} title={t('review.severityValue', { value: Math.round(entry.severity * 10) / 10 })}>
                    {entry.level ? t(`review.levels.${entry.level}`) : t('review.severityValue', { value: Math.round(entry.severity * 10) / 10 })}
                  </span>
                  {noteOf.has(entry.agent.id) && <span className="tag">✓ {t('coaching.noted')}</span>}
                </>
              );
              return (
                <li key={entry.agent.id} className="attention-entry" data-testid="attention-entry">
                  {rank < EXPANDED ? (
                    <>
                      <header>{head(true)}</header>
                      {entryBody(entry)}
                    </>
                  ) : (
                    <details>
                      <summary>
                        {head(false)} <span className="muted small">{t('review.reasonsCount', { count: entry.reasons.length })}</span>
                      </summary>
                      <p>
                        <Link to={agentLink(entry.agent.id)} className="agent-name">
                          {entry.agent.name}
                        </Link>
                      </p>
                      {entryBody(entry)}
                    </details>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
        <section className="card" aria-labelledby="recognition-title">
          <h2 id="recognition-title">
            {t('review.recognition')} <span className="count-badge good">{review.recognition.length}</span>
          </h2>
          {review.recognition.length === 0 && <p className="muted">{t('review.noRecognition')}</p>}
          <ul className="attention-list">
            {review.recognition.map((entry) => (
              <li key={entry.agent.id} className="attention-entry good">
                <header>
                  <Link to={agentLink(entry.agent.id)} className="agent-name">
                    {entry.agent.name}
                  </Link>{' '}
                  <span className="muted small">{entry.agent.code}</span>
                </header>
                <ul className="reasons">
                  {entry.reasons.map((r, i) => (
                    <ReasonItem key={i} reason={r} />
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      </div>
      {(review.followUps?.length ?? 0) > 0 && (
        <section className="card" aria-labelledby="followups-title">
          <h2 id="followups-title">{t('review.followUps')}</h2>
          <ul className="attention-list">
            {review.followUps!.map((fu) => (
              <li key={fu.noteId} className={`attention-entry followup moved-${fu.moved}`} data-testid="follow-up">
                <header>
                  <Link to={agentLink(fu.agent.id)} className="agent-name">
                    {fu.agent.name}
                  </Link>{' '}
                  <span className="muted small">{fu.agent.code}</span>
                  <span className={`tag moved-${fu.moved}`}>{t(`review.moved.${fu.moved}`)}</span>
                </header>
                <p className="reason-text">{fu.text}</p>
                <p className="muted small note-text">
                  {t('review.noteSaid')}: {fu.noteText}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <details className="card" data-testid="team-metrics">
        <summary>
          <h2 id="team-week" className="inline-heading">
            {t('review.teamWeek', { team: review.team.name, week: review.week })}
          </h2>
        </summary>
        <div className="table-scroll">
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('common.metric')}</th>
                <th scope="col" className="num">{t('review.thisWeek')}</th>
                <th scope="col" className="num">{t('kpi.target')}</th>
                <th scope="col" className="num">{t('review.vsLastWeek')}</th>
                <th scope="col" className="num">{t('review.avg4w')}</th>
              </tr>
            </thead>
            <tbody>
              {metrics.map(([k, m]) => (
                <tr key={k}>
                  <th scope="row">{t(`metrics.${k}.label`, { defaultValue: k })}</th>
                  <td className={`num rag-cell rag-${m.lowSample ? 'low' : (m.status ?? 'none')}`}>{formatMetric(k, m.value, lng)}</td>
                  <td className="num">{formatMetric(k, m.target, lng)}</td>
                  <td className={`num delta-${deltaTone(k, m.delta)}`}>{formatDelta(k, m.delta, lng)}</td>
                  <td className="num">{formatMetric(k, m.avg4w, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

function ReasonItem({ reason }: { reason: ReviewReason }) {
  const { t } = useTranslation();
  const ev = reason.evidence;
  const calls = ev.calls ?? [];
  const turns = ev.turns ?? [];
  return (
    <li>
      <span className="rule-tag">{t(`review.rules.${reason.rule}`, { defaultValue: reason.rule })}</span> {reason.text}
      {(ev.evaluationIds.length > 0 || calls.length > 0) && (
        <div className="evidence">
          {ev.evaluationIds.slice(0, 5).map((id) => (
            <Link key={`e${id}`} className="evidence-link" to={`/evaluations/${id}`}>
              {t('review.evaluation', { id })}
            </Link>
          ))}
          {calls.slice(0, 5).map((c) => (
            <Link key={`c${c.id}`} className="evidence-link" to={callPath(c.externalId)} title={t('review.callHint')}>
              {t('review.call', { id: c.externalId })}
            </Link>
          ))}
        </div>
      )}
      {turns.length > 0 && (
        <ul className="evidence-turns">
          {turns.slice(0, 5).map((u) => (
            <li key={`${u.callId}-${u.seq}-${u.start}`}>
              <Link to={callPath(u.externalId)} className="evidence-link">
                {u.externalId}
              </Link>{' '}
              <EvidenceQuote text={u.text} start={u.start} end={u.end} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
