import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { EntitySelect } from '../../components/entity-select';
import { QueryState } from '../../components/query-state';
import { useRuleSet } from '../autoqa/api/get-rule-set';
import { useCall } from '../calls/api/get-call';
import { useAgents } from '../org/api/get-agents';
import { useCreateEvaluation } from './api/create-evaluation';
import { useForm } from './api/get-form';
import { useForms } from './api/get-forms';
import type { AnswerValue, FormVersion } from './api/qa-keys';
import { AnswerChoices, LiveScoreBadge } from './answer-choices';
import { prefillAnswers } from './autoqa-prefill';
import { liveScore } from './live-score';

/** Scoring a call: every item answered, the score updating as the evaluator goes. */
export function EvaluatePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const forms = useForms();
  const formId = Number(params.get('form')) || forms.data?.[0]?.id;
  const form = useForm(formId);
  // "Score this call" from a call page: the answers start from the call's AutoQA findings.
  const callId = params.get('call') ?? '';
  const fromAutoqa = params.get('autoqa') === '1' && callId !== '';
  const call = useCall(fromAutoqa ? callId : undefined);
  const ruleSet = useRuleSet(fromAutoqa);
  const prefillPending = fromAutoqa && (call.isPending || ruleSet.isPending);
  const prefill = useMemo(
    () => (fromAutoqa && form.data && call.data?.autoqa && ruleSet.data ? prefillAnswers(form.data.currentVersion, ruleSet.data.rules, call.data.autoqa.findings) : {}),
    [fromAutoqa, form.data, call.data, ruleSet.data],
  );
  const prefilledCount = Object.keys(prefill).length;
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('qa.evaluateTitle')}</h1>
      </header>
      <QueryState query={forms} empty={(d) => d.length === 0}>
        {(list) => (
          <label className="field-inline">
            <span>{t('qa.form')}</span>
            <select value={formId ?? ''} onChange={(e) => setParams({ ...Object.fromEntries(params), form: e.target.value })}>
              {list.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </QueryState>
      {fromAutoqa && !prefillPending && form.data && (
        <p className="notice" role="note" data-testid="autoqa-prefill-note">
          {prefilledCount > 0 ? t('qa.prefilledFromAutoqa', { count: prefilledCount, call: callId }) : t('qa.noPrefill', { call: callId })}
        </p>
      )}
      {form.data && !prefillPending && (
        <EvaluationForm key={form.data.currentVersion.id} version={form.data.currentVersion} initialAgentId={Number(params.get('agent')) || undefined} initialCall={callId} initialAnswers={prefill} />
      )}
    </div>
  );
}

export function EvaluationForm({ version, initialAgentId, initialCall = '', initialAnswers = {} }: { version: FormVersion; initialAgentId?: number; initialCall?: string; initialAnswers?: Record<number, AnswerValue> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const agents = useAgents();
  const create = useCreateEvaluation();
  const [agentId, setAgentId] = useState<number | undefined>(initialAgentId);
  const [call, setCall] = useState(initialCall);
  const [comment, setComment] = useState('');
  const [answers, setAnswers] = useState<Record<number, AnswerValue | undefined>>(initialAnswers);
  const [comments, setComments] = useState<Record<number, string>>({});
  const live = useMemo(() => liveScore(version, answers), [version, answers]);
  const complete = live.answered === live.total;
  const set = (id: number, v: AnswerValue) => setAnswers((a) => ({ ...a, [id]: v }));

  const submit = (e: FormEvent, doSubmit: boolean) => {
    e.preventDefault();
    if (!agentId || !complete) return;
    create.mutate(
      {
        formVersionId: version.id,
        agentId,
        callExternalId: call.trim() || undefined,
        comment: comment.trim() || undefined,
        answers: version.sections.flatMap((s) => s.items.map((i) => ({ itemId: i.id, value: answers[i.id]!, ...(comments[i.id] ? { comment: comments[i.id] } : {}) }))),
        submit: doSubmit,
      },
      { onSuccess: (ev) => navigate(`/evaluations/${ev.id}`) },
    );
  };

  return (
    <form className="evaluation-form" onSubmit={(e) => submit(e, true)}>
      <div className="card form-row">
        <EntitySelect label={t('team.agent')} required value={agentId} onChange={setAgentId} options={agents.data} emptyLabel={t('qa.chooseAgent')} />
        <label className="field-inline">
          <span>{t('qa.call')}</span>
          <input value={call} onChange={(e) => setCall(e.target.value)} placeholder={t('qa.callPlaceholder')} />
        </label>
      </div>
      <LiveScoreBadge live={live} label={t('qa.liveScore')} />
      {version.sections.map((s) => (
        <fieldset key={s.id} className="card">
          <legend>{s.title}</legend>
          {s.items.map((it) => (
            <div key={it.id} className={`eval-item${it.critical ? ' critical' : ''}${it.id in initialAnswers ? ' prefilled' : ''}`}>
              <div className="eval-item-text">
                {it.text}
                {it.id in initialAnswers && <span className="tag autoqa">{t('qa.fromAutoqa')}</span>}
                {it.critical && <span className="tag danger">{t('qa.critical')}</span>}
                <span className="muted small"> · {t('qa.weight', { weight: it.weight })}</span>
              </div>
              <AnswerChoices item={it} value={answers[it.id]} onChange={(v) => set(it.id, v)} />
              <input className="item-comment" aria-label={t('qa.itemComment', { item: it.text })} placeholder={t('qa.comment')} value={comments[it.id] ?? ''} onChange={(e) => setComments((c) => ({ ...c, [it.id]: e.target.value }))} />
            </div>
          ))}
        </fieldset>
      ))}
      <label>
        {t('qa.comment')}
        <textarea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      {create.isError && (
        <p role="alert" className="error-text">
          {create.error.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn primary" disabled={!complete || !agentId || create.isPending}>
          {t('qa.submit')}
        </button>
        <button type="button" className="btn" disabled={!complete || !agentId || create.isPending} onClick={(e) => submit(e as unknown as FormEvent, false)}>
          {t('qa.saveDraft')}
        </button>
        {!complete && <span className="muted small">{t('qa.answerAll')}</span>}
      </div>
    </form>
  );
}
