import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { useEvaluationAction } from './api/evaluation-actions';
import type { AnswerValue, EvaluationDetail } from './api/qa-types';
import { AnswerChoices, LiveScoreBadge } from './answer-choices';
import { liveScore } from './live-score';

type Answers = Record<number, AnswerValue | undefined>;
type Item = EvaluationDetail['sections'][number]['items'][number];

/**
 * A supervisor settles a dispute: accept by changing answers (the server re-scores them) or
 * reject, keeping the score; a note either way. An imported evaluation has no answers to change.
 */
export function ResolveDisputeForm({ ev, onDone }: { ev: EvaluationDetail; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const action = useEvaluationAction();
  const items = useMemo(() => ev.sections.flatMap((s) => s.items), [ev]);
  const initial = useMemo<Answers>(() => Object.fromEntries(items.map((i) => [i.id, i.value ?? undefined])), [items]);
  const [answers, setAnswers] = useState<Answers>(initial);
  const [note, setNote] = useState('');
  const live = useMemo(() => liveScore(ev, answers), [ev, answers]);
  const changed = items.filter((i) => answers[i.id] !== undefined && answers[i.id] !== initial[i.id]).map((i) => ({ itemId: i.id, value: answers[i.id]! }));
  const ready = note.trim() !== '' && !action.isPending;
  const disputed = new Map(ev.disputeItems.map((d) => [d.itemId, d.reason]));
  // The items the agent disputed come first, in the order they gave them.
  const disputedItems = ev.disputeItems.map((d) => items.find((i) => i.id === d.itemId)).filter((i): i is Item => i !== undefined);
  const itemRow = (it: Item, agentReason?: string) => (
    <div key={it.id} className={`eval-item${it.critical ? ' critical' : ''}${answers[it.id] !== initial[it.id] ? ' changed' : ''}`}>
      <div className="eval-item-text">
        {it.text}
        {it.critical && <span className="tag danger">{t('qa.critical')}</span>}
        {agentReason && <p className="small agent-reason">{t('qa.agentSays', { reason: agentReason })}</p>}
      </div>
      <AnswerChoices item={it} value={answers[it.id]} onChange={(v) => setAnswers((a) => ({ ...a, [it.id]: v }))} />
    </div>
  );
  const sectionsOf = (keep: (it: Item) => boolean) =>
    ev.sections
      .filter((s) => s.items.some(keep))
      .map((s) => (
        <fieldset key={s.id}>
          <legend>{s.title}</legend>
          {s.items.filter(keep).map((it) => itemRow(it))}
        </fieldset>
      ));
  const resolve = (withAnswers: boolean) =>
    action.mutate({ id: ev.id, action: 'resolve', note: note.trim(), ...(withAnswers ? { answers: changed } : {}) }, { onSuccess: onDone });

  return (
    <section className="card resolve-dispute" aria-labelledby="resolve-title">
      <h2 id="resolve-title">{t('qa.resolve')}</h2>
      {items.length > 0 ? (
        <>
          <p className="muted small">{t('qa.resolveHelp')}</p>
          <LiveScoreBadge live={live} label={t('qa.rescored', { score: formatNumber(ev.score, i18n.language, 1) })} />
          {disputedItems.length > 0 && (
            <fieldset className="disputed-first" data-testid="disputed-items">
              <legend>{t('qa.disputedItems')}</legend>
              {disputedItems.map((it) => itemRow(it, disputed.get(it.id)))}
            </fieldset>
          )}
          {disputedItems.length > 0 ? (
            <details>
              <summary>{t('qa.otherItems', { count: items.length - disputedItems.length })}</summary>
              {sectionsOf((it) => !disputed.has(it.id))}
            </details>
          ) : (
            sectionsOf(() => true)
          )}
        </>
      ) : (
        <p className="muted small">{t('qa.resolveImported')}</p>
      )}
      <label>
        {t('qa.resolutionNote')}
        <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {action.isError && (
        <p role="alert" className="error-text">
          {action.error.message}
        </p>
      )}
      <div className="actions">
        {items.length > 0 && (
          <button type="button" className="btn primary" disabled={!ready || changed.length === 0} onClick={() => resolve(true)}>
            {t('qa.acceptRescored')}
          </button>
        )}
        <button type="button" className="btn" disabled={!ready} onClick={() => resolve(false)}>
          {t('qa.rejectDispute')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('common.cancel')}
        </button>
        {items.length > 0 && changed.length === 0 && <span className="muted small">{t('qa.changeToAccept')}</span>}
      </div>
    </section>
  );
}
