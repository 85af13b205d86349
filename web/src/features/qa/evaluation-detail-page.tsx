import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { QueryState } from '../../components/query-state';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useSession } from '../../lib/session';
import { CallLink } from '../../components/call-link';
import { useOrgTimeZone } from '../settings/api/get-settings';
import { useEvaluationAction } from './api/evaluation-actions';
import { useEvaluation } from './api/get-evaluation';
import type { AnswerValue, EvaluationDetail } from './api/qa-types';
import { EvaluationStatusBadge } from '../../components/evaluation-status-badge';
import { evaluationAllows } from '../../../../server/modules/qa/domain/evaluation-lifecycle';
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
  const [mode, setMode] = useState<'dispute' | 'resolve' | 'acknowledge' | null>(null);
  const isOwn = user.role === 'agent' && user.agentId === ev.agent.id;
  const canDispute = isOwn && evaluationAllows(ev.status, 'dispute') && (!ev.disputeDeadline || new Date(ev.disputeDeadline) > new Date());
  const canResolve = (user.role === 'supervisor' || user.role === 'admin') && evaluationAllows(ev.status, 'resolve');
  const canSubmit = (user.role === 'supervisor' || user.role === 'admin') && evaluationAllows(ev.status, 'submit');
  const back = user.role === 'agent' ? '/' : `/agents/${ev.agent.id}`;

  const items = ev.sections.flatMap((sec) => sec.items);
  const disputed = new Map(ev.disputeItems.map((d) => [d.itemId, d.reason]));

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
        {isOwn && evaluationAllows(ev.status, 'acknowledge') && mode !== 'acknowledge' && (
          <button type="button" className="btn primary" onClick={() => setMode('acknowledge')}>
            ✓ {t('qa.acknowledge')}…
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
          <>
            <Link className="btn" to={`/qa/evaluate?draft=${ev.id}`}>
              ✎ {t('qa.continueDraft')}
            </Link>
            <button type="button" className="btn primary" disabled={ev.unansweredItemIds.length > 0 || action.isPending} onClick={() => action.mutate({ id: ev.id, action: 'submit' })}>
              {t('qa.submit')}
            </button>
            {ev.unansweredItemIds.length > 0 && <span className="muted small">{t('qa.answerAllToSubmit', { count: ev.unansweredItemIds.length })}</span>}
          </>
        )}
        {ev.disputeDeadline && evaluationAllows(ev.status, 'dispute') && isOwn && <span className="muted small">{t('qa.disputeUntil', { date: formatDateTime(ev.disputeDeadline, lng, tz) })}</span>}
      </div>
      {mode === 'acknowledge' && <ConfirmAcknowledge ev={ev} onDone={() => setMode(null)} />}
      {(ev.status === 'disputed' || ev.disputeReason) && <DisputeSummary ev={ev} />}
      {mode === 'resolve' && <ResolveDisputeForm ev={ev} onDone={() => setMode(null)} />}
      {mode === 'dispute' && <DisputeForm ev={ev} onDone={() => setMode(null)} />}
      {action.isError && (
        <p role="alert" className="error-text">
          {action.error.message}
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
                <tr key={it.id} className={[it.failedCritical ? 'failed-critical' : '', disputed.has(it.id) ? 'disputed-item' : ''].join(' ').trim() || undefined}>
                  <td>
                    {it.text}
                    {it.critical && <span className="tag danger">{t('qa.critical')}</span>}
                    {disputed.has(it.id) && <span className="tag warn">{t('qa.disputedItem')}</span>}
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
                <HistoryDetail detail={h.detail} items={items} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

type Item = EvaluationDetail['sections'][number]['items'][number];

/** Acknowledging closes the door to a dispute: the agent sees what they accept first. */
function ConfirmAcknowledge({ ev, onDone }: { ev: EvaluationDetail; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const action = useEvaluationAction();
  return (
    <section className="card confirm-panel" role="alertdialog" aria-labelledby="ack-title" aria-describedby="ack-text">
      <h2 id="ack-title">{t('qa.ackConfirmTitle')}</h2>
      <p id="ack-text">
        {t('qa.ackConfirmScore', { score: formatNumber(ev.score, i18n.language, 1) })}
        {ev.autoFail && (
          <>
            {' '}
            <span className="tag danger">{t('qa.autoFail')}</span> <strong>{t('qa.ackAutoFailWarning')}</strong>
          </>
        )}
      </p>
      <p className="muted small">{t('qa.ackConfirmNoDispute')}</p>
      <div className="actions">
        <button type="button" className="btn primary" disabled={action.isPending} onClick={() => action.mutate({ id: ev.id, action: 'acknowledge' }, { onSuccess: onDone })}>
          {t('qa.ackConfirm')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </section>
  );
}

/** A dispute: one reason for the whole, and optionally the items the agent disagrees with, a reason each. */
function DisputeForm({ ev, onDone }: { ev: EvaluationDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const action = useEvaluationAction();
  const [reason, setReason] = useState('');
  const [picked, setPicked] = useState<Record<number, string>>({});
  const items = ev.sections.flatMap((s) => s.items);
  const pickedItems = Object.entries(picked).map(([id, r]) => ({ itemId: Number(id), reason: r.trim() }));
  const ready = reason.trim() !== '' && pickedItems.every((p) => p.reason !== '') && !action.isPending;
  const toggle = (id: number, on: boolean) =>
    setPicked((p) => {
      const next = { ...p };
      if (on) next[id] = '';
      else delete next[id];
      return next;
    });
  return (
    <section className="card dispute-form" aria-labelledby="dispute-title">
      <h2 id="dispute-title">{t('qa.dispute')}</h2>
      <label>
        {t('qa.disputeReason')}
        {/* eslint-disable-next-line jsx-a11y-x/no-autofocus -- the form opens on the agent's "Dispute" click: focus follows into it */}
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      </label>
      {items.length > 0 && (
        <fieldset>
          <legend>{t('qa.disputeItemsPick')}</legend>
          {items.map((it) => (
            <div key={it.id} className="dispute-item">
              <label className="field-inline">
                <input type="checkbox" checked={picked[it.id] !== undefined} onChange={(e) => toggle(it.id, e.target.checked)} />
                <span>{it.text}</span>
              </label>
              {picked[it.id] !== undefined && (
                <input aria-label={t('qa.disputeItemReason', { item: it.text })} placeholder={t('qa.disputeItemReasonPlaceholder')} value={picked[it.id]} onChange={(e) => setPicked((p) => ({ ...p, [it.id]: e.target.value }))} />
              )}
            </div>
          ))}
        </fieldset>
      )}
      {action.isError && (
        <p role="alert" className="error-text">
          {action.error.message}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn primary" disabled={!ready} onClick={() => action.mutate({ id: ev.id, action: 'dispute', reason: reason.trim(), items: pickedItems }, { onSuccess: onDone })}>
          {t('qa.sendDispute', { count: pickedItems.length })}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </section>
  );
}

/** The agent's reason and the items they disputed, above everything else. */
export function DisputeSummary({ ev }: { ev: EvaluationDetail }) {
  const { t } = useTranslation();
  const items = new Map<number, Item>(ev.sections.flatMap((s) => s.items).map((i) => [i.id, i]));
  return (
    <section className="card notice dispute-summary" aria-labelledby="dispute-summary-title" data-testid="dispute-summary">
      <h2 id="dispute-summary-title">{t('qa.disputeByAgent')}</h2>
      <p>
        <strong>{t('qa.disputeReason')}:</strong> {ev.disputeReason}
      </p>
      {ev.disputeItems.length > 0 && (
        <ul className="disputed-items">
          {ev.disputeItems.map((d) => (
            <li key={d.itemId}>
              <strong>{items.get(d.itemId)?.text ?? `#${d.itemId}`}</strong>: {d.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function HistoryDetail({ detail, items }: { detail: Record<string, unknown>; items: Item[] }) {
  const { t } = useTranslation();
  const disputed = Array.isArray(detail.items) ? (detail.items as { itemId: number; reason: string }[]) : [];
  const note = typeof detail.note === 'string' ? detail.note : null;
  const reason = typeof detail.reason === 'string' ? detail.reason : null;
  if (!reason && !note && !disputed.length) return null;
  return (
    <div className="muted small history-detail">
      {reason && <div>{t('qa.disputeReason')}: {reason}</div>}
      {disputed.map((d) => (
        <div key={d.itemId}>
          · {items.find((i) => i.id === d.itemId)?.text ?? `#${d.itemId}`}: {d.reason}
        </div>
      ))}
      {note && <div>{t('qa.resolutionNote')}: {note}</div>}
    </div>
  );
}
