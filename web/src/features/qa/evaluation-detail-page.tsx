import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { QueryState } from '../../components/query-state';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useSession } from '../auth/session';
import { CallLink } from '../calls/call-link';
import { useOrgTimeZone } from '../settings/api/get-settings';
import { useEvaluationAction } from './api/evaluation-actions';
import { useEvaluation } from './api/get-evaluation';
import type { AnswerValue, EvaluationDetail } from './api/qa-keys';
import { EvaluationStatusBadge } from './evaluation-status-badge';
import { ResolveDisputeForm } from './resolve-dispute-form';

export function EvaluationDetailPage() {
  const id = Number(useParams().evaluationId);
  const evaluation = useEvaluation(id);
  return <QueryState query={evaluation}>{(ev) => <EvaluationView ev={ev} />}</QueryState>;
}

function answerText(value: AnswerValue | null, max: number | null, t: (k: string) => string): string {
  if (value === null) return '–';
  if (value === 'na') return t('qa.na');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  return `${value} / ${max ?? ''}`;
}

function EvaluationView({ ev }: { ev: EvaluationDetail }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const user = useSession();
  const tz = useOrgTimeZone();
  const action = useEvaluationAction();
  const [mode, setMode] = useState<'dispute' | 'resolve' | null>(null);
  const [text, setText] = useState('');
  const isOwn = user.role === 'agent' && user.agentId === ev.agent.id;
  const canDispute = isOwn && ev.status === 'submitted' && (!ev.disputeDeadline || new Date(ev.disputeDeadline) > new Date());
  const canResolve = (user.role === 'supervisor' || user.role === 'admin') && ev.status === 'disputed';
  const canSubmit = (user.role === 'supervisor' || user.role === 'admin') && ev.status === 'draft';
  const back = user.role === 'agent' ? '/' : `/agents/${ev.agent.id}`;

  const confirm = () => action.mutate({ id: ev.id, action: 'dispute', reason: text.trim() }, { onSuccess: () => setMode(null) });

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <p className="muted small">
            <Link to={back}>← {user.role === 'agent' ? t('nav.myScorecard') : ev.agent.name}</Link>
          </p>
          <h1>
            {t('qa.evaluationOf', { form: ev.form?.name ?? ev.formLabel ?? t('qa.evaluation') })} <EvaluationStatusBadge status={ev.status} />
          </h1>
          <p className="muted">
            {user.role !== 'agent' && `${ev.agent.name} (${ev.agent.code}) · `}
            {t('qa.evaluatedBy', { name: ev.evaluator?.name ?? ev.evaluatorLabel ?? '–' })} · {formatDateTime(ev.submittedAt ?? ev.createdAt, lng, tz)}
            {ev.callExternalId && (
              <>
                {' · '}
                {t('qa.call')} <CallLink externalId={ev.callExternalId} />
              </>
            )}
          </p>
        </div>
        <div className={`score-badge${ev.autoFail ? ' fail' : ''}`} aria-label={t('qa.score')}>
          <span className="score-number">{formatNumber(ev.score, lng, 1)}</span>
          {ev.autoFail && <span className="small">{t('qa.autoFail')}</span>}
        </div>
      </header>

      <div className="actions">
        {isOwn && ev.status === 'submitted' && (
          <button type="button" className="btn primary" disabled={action.isPending} onClick={() => action.mutate({ id: ev.id, action: 'acknowledge' })}>
            ✓ {t('qa.acknowledge')}
          </button>
        )}
        {canDispute && (
          <button type="button" className="btn" onClick={() => setMode('dispute')}>
            {t('qa.dispute')}
          </button>
        )}
        {canResolve && (
          <button type="button" className="btn primary" onClick={() => setMode('resolve')}>
            {t('qa.resolve')}
          </button>
        )}
        {canSubmit && (
          <button type="button" className="btn primary" onClick={() => action.mutate({ id: ev.id, action: 'submit' })}>
            {t('qa.submit')}
          </button>
        )}
        {ev.disputeDeadline && ev.status === 'submitted' && isOwn && <span className="muted small">{t('qa.disputeUntil', { date: formatDateTime(ev.disputeDeadline, lng, tz) })}</span>}
      </div>
      {mode === 'resolve' && <ResolveDisputeForm ev={ev} onDone={() => setMode(null)} />}
      {mode === 'dispute' && (
        <div className="card">
          <label>
            {t('qa.disputeReason')}
            <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
          </label>
          <div className="actions">
            <button type="button" className="btn primary" disabled={!text.trim() || action.isPending} onClick={confirm}>
              {t('common.confirm')}
            </button>
            <button type="button" className="btn" onClick={() => setMode(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {action.isError && (
        <p role="alert" className="error-text">
          {action.error.message}
        </p>
      )}
      {ev.disputeReason && (
        <p className="notice">
          <strong>{t('qa.disputeReason')}:</strong> {ev.disputeReason}
        </p>
      )}
      {ev.resolutionNote && (
        <p className="notice">
          <strong>{t('qa.resolutionNote')}:</strong> {ev.resolutionNote}
        </p>
      )}
      {ev.comment && (
        <p className="card">
          <strong>{t('qa.comment')}:</strong> {ev.comment}
        </p>
      )}

      {ev.sections.map((s) => (
        <section key={s.id} className="card">
          <header className="card-header">
            <h2>{s.title}</h2>
            <span className="muted">{s.score === null ? t('qa.na') : `${formatNumber(s.score, lng, 1)} %`}</span>
          </header>
          <table className="data-table compact items-table">
            <thead>
              <tr>
                <th scope="col">{t('qa.item')}</th>
                <th scope="col">{t('qa.answer')}</th>
                <th scope="col" className="num">{t('qa.points')}</th>
                <th scope="col">{t('qa.comment')}</th>
              </tr>
            </thead>
            <tbody>
              {s.items.map((it) => (
                <tr key={it.id} className={it.failedCritical ? 'failed-critical' : undefined}>
                  <td>
                    {it.text}
                    {it.critical && <span className="tag danger">{t('qa.critical')}</span>}
                  </td>
                  <td>{answerText(it.value, it.max, t)}</td>
                  <td className="num">{it.na ? '–' : `${formatNumber(it.earned, lng, 1)} / ${formatNumber(it.possible, lng, 1)}`}</td>
                  <td className="muted">{it.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}

      {ev.history.length > 0 && (
        <section className="card">
          <h2>{t('qa.history')}</h2>
          <ul className="history">
            {ev.history.map((h) => (
              <li key={h.id}>
                {formatDateTime(h.at, lng, tz)} · {h.user?.name ?? '–'} · {t(`qa.statuses.${h.toStatus ?? ''}`, { defaultValue: h.action })}
                {h.scoreBefore !== null && h.scoreAfter !== null && h.scoreBefore !== h.scoreAfter && ` (${formatNumber(h.scoreBefore, lng, 1)} → ${formatNumber(h.scoreAfter, lng, 1)})`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
