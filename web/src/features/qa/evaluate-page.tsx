import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { EntitySelect } from '../../components/entity-select';
import { QueryState } from '../../components/query-state';
import { useRuleSet } from '../autoqa/api/get-rule-set';
import { useCall } from '../calls/api/get-call';
import { useAgents } from '../org/api/get-agents';
import { useScoreCalibration } from './api/calibration-actions';
import { useCreateEvaluation } from './api/create-evaluation';
import { useCalibrations } from './api/get-calibrations';
import { useEvaluation } from './api/get-evaluation';
import { useForm } from './api/get-form';
import { useForms } from './api/get-forms';
import type { AnswerValue, EvaluationDetail, FormVersion } from './api/qa-types';
import { useUpdateEvaluation } from './api/update-evaluation';
import { AnswerChoices, LiveScoreBadge } from './answer-choices';
import { prefillAnswers } from './autoqa-prefill';
import { liveScore } from './live-score';

/**
 * Scoring a call, the score updating as the evaluator goes: a new evaluation, a draft continued
 * (`?draft=`), or an invited evaluator's score of a calibration call (`?calibration=`).
 */
export function EvaluatePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const draftId = Number(params.get('draft')) || undefined;
  const calibrationId = Number(params.get('calibration')) || undefined;
  return (
    <div className="page">
      <header className="page-header">
        <h1>{calibrationId ? t('qa.calibrationScoreTitle', { id: calibrationId }) : t('qa.evaluateTitle')}</h1>
      </header>
      {draftId ? <ContinueDraft id={draftId} /> : calibrationId ? <ScoreCalibration id={calibrationId} /> : <NewEvaluation />}
    </div>
  );
}

function NewEvaluation() {
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
    <>
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
        <EvaluationForm
          key={form.data.currentVersion.id}
          version={form.data.currentVersion}
          initialAgentId={Number(params.get('agent')) || undefined}
          initialCall={callId}
          initialAnswers={prefill}
          returnTo={params.get('sample') ? `/qa?sample=${Number(params.get('sample'))}` : undefined}
        />
      )}
    </>
  );
}

function ContinueDraft({ id }: { id: number }) {
  const draft = useEvaluation(id);
  return <QueryState query={draft}>{(ev) => <EvaluationForm key={ev.id} version={{ id: ev.formVersionId ?? 0, version: ev.form?.version ?? 0, createdAt: ev.createdAt, sections: ev.sections }} draft={ev} initialAgentId={ev.agent.id} initialCall={ev.callExternalId ?? ''} />}</QueryState>;
}

function ScoreCalibration({ id }: { id: number }) {
  const { t } = useTranslation();
  const calibrations = useCalibrations();
  const forms = useForms();
  const cal = calibrations.data?.find((c) => c.id === id);
  const formId = forms.data?.find((f) => f.currentVersion.id === cal?.formVersionId)?.id;
  const form = useForm(formId);
  const version = form.data?.currentVersion.id === cal?.formVersionId ? form.data?.currentVersion : undefined;
  if (calibrations.isPending || forms.isPending || (formId && form.isPending)) return <p className="page-state">{t('common.loading')}</p>;
  if (!cal) return <p className="page-state notice">{t('common.notFound')}</p>;
  if (!version) return <p className="page-state notice">{t('qa.calibrationOldVersion')}</p>;
  return (
    <>
      <p className="muted">
        {t('qa.call')} {cal.call.externalId} · {cal.agent.name} ({cal.agent.code}) · {t('qa.calibrationBlind')}
      </p>
      <EvaluationForm version={version} calibrationId={id} initialAgentId={cal.agent.id} initialCall={cal.call.externalId} />
    </>
  );
}

interface FormProps {
  version: FormVersion;
  initialAgentId?: number;
  initialCall?: string;
  /** a draft being continued */
  draft?: EvaluationDetail;
  /** a calibration call: one score, complete, never submitted */
  calibrationId?: number;
  /** where to go once saved (a sample being worked through); else the evaluation */
  returnTo?: string;
  /** answers to start from (AutoQA findings of the call) */
  initialAnswers?: Record<number, AnswerValue>;
}

export function EvaluationForm({ version, initialAgentId, initialCall = '', draft, calibrationId, returnTo, initialAnswers = {} }: FormProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const agents = useAgents();
  const create = useCreateEvaluation();
  const update = useUpdateEvaluation();
  const calibrate = useScoreCalibration();
  const items = useMemo(() => version.sections.flatMap((s) => s.items), [version]);
  const fromDraft = (pick: (i: EvaluationDetail['sections'][number]['items'][number]) => unknown) =>
    Object.fromEntries((draft?.sections ?? []).flatMap((s) => s.items).filter((i) => pick(i) !== null && pick(i) !== undefined).map((i) => [i.id, pick(i)]));
  const [agentId, setAgentId] = useState<number | undefined>(initialAgentId);
  const [call, setCall] = useState(initialCall);
  const [comment, setComment] = useState(draft?.comment ?? '');
  const [answers, setAnswers] = useState<Record<number, AnswerValue | undefined>>(() => (draft ? (fromDraft((i) => i.value) as Record<number, AnswerValue>) : initialAnswers));
  const [comments, setComments] = useState<Record<number, string>>(() => fromDraft((i) => i.comment) as Record<number, string>);
  const live = useMemo(() => liveScore(version, answers), [version, answers]);
  const complete = live.answered === live.total;
  const set = (id: number, v: AnswerValue) => setAnswers((a) => ({ ...a, [id]: v }));
  const pending = create.isPending || update.isPending || calibrate.isPending;
  const error = create.error ?? update.error ?? calibrate.error;

  const save = (doSubmit: boolean) => {
    if (!agentId || (doSubmit && !complete)) return;
    const given = items.filter((i) => answers[i.id] !== undefined).map((i) => ({ itemId: i.id, value: answers[i.id]!, ...(comments[i.id] ? { comment: comments[i.id] } : {}) }));
    const open = (ev: EvaluationDetail) => navigate(returnTo ?? `/evaluations/${ev.id}`);
    if (calibrationId) calibrate.mutate({ id: calibrationId, answers: given, comment: comment.trim() || undefined }, { onSuccess: () => navigate('/qa#qa-calibration') });
    else if (draft) update.mutate({ id: draft.id, answers: given, callExternalId: call.trim() || null, comment: comment.trim() || null, submit: doSubmit }, { onSuccess: open });
    else create.mutate({ formVersionId: version.id, agentId, callExternalId: call.trim() || undefined, comment: comment.trim() || undefined, answers: given, submit: doSubmit }, { onSuccess: open });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save(true);
  };

  return (
    <form className="evaluation-form" onSubmit={onSubmit}>
      <div className="card form-row">
        <EntitySelect label={t('team.agent')} required value={agentId} onChange={setAgentId} options={agents.data} emptyLabel={t('qa.chooseAgent')} disabled={!!draft || !!calibrationId} />
        <label className="field-inline">
          <span>{t('qa.call')}</span>
          <input value={call} onChange={(e) => setCall(e.target.value)} placeholder={t('qa.callPlaceholder')} disabled={!!calibrationId} />
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
      {error && (
        <p role="alert" className="error-text">
          {error.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn primary" disabled={!complete || !agentId || pending}>
          {calibrationId ? t('qa.saveCalibrationScore') : t('qa.submit')}
        </button>
        {!calibrationId && (
          // A draft may be saved half answered; submitting needs every item (the server says which are missing).
          <button type="button" className="btn" disabled={!agentId || pending} onClick={() => save(false)}>
            {t('qa.saveDraft')}
          </button>
        )}
        {!complete && <span className="muted small">{calibrationId ? t('qa.answerAll') : t('qa.answerAllToSubmit', { count: live.total - live.answered })}</span>}
      </div>
    </form>
  );
}
