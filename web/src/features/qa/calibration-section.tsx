import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { QueryState } from '../../components/query-state';
import { formatNumber } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useCloseCalibration, useCreateCalibration } from './api/calibration-actions';
import { useCalibrationReport, useCalibrations, type Calibration } from './api/get-calibrations';
import { useEvaluators } from './api/get-evaluators';
import { useForms } from './api/get-forms';

/** Calibration sessions: start one on a call, each invited evaluator scores it blind, close it, read the report. */
export function CalibrationSection() {
  const { t } = useTranslation();
  const calibrations = useCalibrations();
  const [starting, setStarting] = useState(false);
  const [selected, setSelected] = useState<number | undefined>();
  return (
    <section className="card" aria-labelledby="qa-calibration" id="qa-calibration">
      <header className="card-header">
        <h2 id="qa-calibration-title">{t('qa.calibration')}</h2>
        {!starting && (
          <button type="button" className="btn small" onClick={() => setStarting(true)}>
            {t('qa.startCalibration')}
          </button>
        )}
      </header>
      {starting && <StartCalibration onDone={() => setStarting(false)} />}
      <QueryState query={calibrations} empty={(d) => d.length === 0} emptyText={t('qa.noCalibrations')}>
        {(list) => (
          <ul className="plain-list calibration-list" data-testid="calibrations">
            {list.map((c) => (
              <CalibrationRow key={c.id} c={c} onReport={() => setSelected(c.id)} />
            ))}
          </ul>
        )}
      </QueryState>
      {selected !== undefined && <CalibrationReport id={selected} />}
    </section>
  );
}

function StartCalibration({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const user = useSession();
  const forms = useForms();
  const evaluators = useEvaluators();
  const create = useCreateCalibration();
  const [call, setCall] = useState('');
  const [formId, setFormId] = useState<number | undefined>();
  const [invited, setInvited] = useState<Set<number>>(() => new Set([user.id]));
  const form = forms.data?.find((f) => f.id === formId) ?? forms.data?.[0];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    create.mutate({ callExternalId: call.trim(), formVersionId: form.currentVersion.id, evaluatorIds: [...invited] }, { onSuccess: onDone });
  };
  return (
    <form className="card-inset" onSubmit={submit} aria-label={t('qa.startCalibration')}>
      <div className="filter-row">
        <label className="field-inline">
          <span>{t('qa.call')}</span>
          <input required value={call} onChange={(e) => setCall(e.target.value)} placeholder={t('qa.callPlaceholder')} />
        </label>
        <label className="field-inline">
          <span>{t('qa.form')}</span>
          <select value={form?.id ?? ''} onChange={(e) => setFormId(Number(e.target.value))}>
            {forms.data?.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset>
        <legend>{t('qa.invite')}</legend>
        {evaluators.data?.map((u) => (
          <label key={u.id} className="field-inline">
            <input
              type="checkbox"
              checked={invited.has(u.id)}
              onChange={(e) =>
                setInvited((s) => {
                  const n = new Set(s);
                  if (e.target.checked) n.add(u.id);
                  else n.delete(u.id);
                  return n;
                })
              }
            />
            <span>
              {u.name} <span className="muted small">· {t(`roles.${u.role}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {create.isError && (
        <p role="alert" className="error-text">
          {create.error.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn primary" disabled={create.isPending || invited.size < 2 || !call.trim()}>
          {t('qa.startCalibration')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('common.cancel')}
        </button>
        {invited.size < 2 && <span className="muted small">{t('qa.inviteTwo')}</span>}
      </div>
    </form>
  );
}

function CalibrationRow({ c, onReport }: { c: Calibration; onReport: () => void }) {
  const { t } = useTranslation();
  const user = useSession();
  const close = useCloseCalibration();
  const me = c.evaluators.find((e) => e.id === user.id);
  const scored = c.evaluators.filter((e) => e.scored).length;
  const canClose = c.status === 'open' && (user.role === 'admin' || c.createdBy === user.id);
  return (
    <li data-testid="calibration-row">
      <strong>#{c.id}</strong> · {t('qa.call')} {c.call.externalId} · {c.agent.name} · <span className="tag">{t(`qa.calibrationStatus.${c.status}`)}</span>{' '}
      <span className="muted small">{t('qa.scoredOf', { scored, total: c.evaluators.length })}</span>
      <div className="actions">
        {c.status === 'open' && me && !me.scored && (
          <Link className="btn small primary" to={`/qa/evaluate?calibration=${c.id}`}>
            {t('qa.scoreThisCall')}
          </Link>
        )}
        {c.status === 'open' && me?.scored && <span className="muted small">✓ {t('qa.youScored')}</span>}
        {canClose && (
          <button type="button" className="btn small" disabled={close.isPending || scored < 2} onClick={() => close.mutate(c.id)}>
            {t('qa.closeCalibration')}
          </button>
        )}
        {c.status === 'closed' && (
          <button type="button" className="btn small" onClick={onReport}>
            {t('qa.showReport')}
          </button>
        )}
      </div>
      {close.isError && (
        <p role="alert" className="error-text">
          {close.error.message}
        </p>
      )}
    </li>
  );
}

function CalibrationReport({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const report = useCalibrationReport(id);
  return (
    <QueryState query={report}>
      {(r) => (
        <div data-testid="calibration-report">
          <h3>{t('qa.reportOf', { id })}</h3>
          <p>
            {t('qa.meanScore')}: <strong>{formatNumber(r.meanScore, lng, 1)}</strong>
          </p>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('qa.evaluator')}</th>
                <th scope="col" className="num">{t('qa.score')}</th>
                <th scope="col" className="num">{t('qa.deviation')}</th>
                <th scope="col" className="num">{t('qa.itemDeviation')}</th>
              </tr>
            </thead>
            <tbody>
              {r.evaluators.map((e) => (
                <tr key={e.evaluationId}>
                  <td>
                    <Link to={`/evaluations/${e.evaluationId}`}>{e.name}</Link>
                  </td>
                  <td className="num">{formatNumber(e.score, lng, 1)}</td>
                  <td className={`num ${Math.abs(e.deviation ?? 0) > 5 ? 'rag-cell rag-amber' : ''}`}>{formatNumber(e.deviation, lng, 1)}</td>
                  <td className="num">{formatNumber(e.meanItemDeviation, lng, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('qa.item')}</th>
                <th scope="col" className="num">{t('qa.mean')}</th>
                <th scope="col" className="num">{t('qa.spread')}</th>
              </tr>
            </thead>
            <tbody>
              {r.items.map((it) => (
                <tr key={it.itemId}>
                  <td>
                    <span className="muted small">{it.sectionTitle} · </span>
                    {it.text}
                  </td>
                  <td className="num">{formatNumber(it.mean, lng, 0)} %</td>
                  <td className={`num ${(it.spread ?? 0) >= 50 ? 'rag-cell rag-red' : ''}`}>{formatNumber(it.spread, lng, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryState>
  );
}
