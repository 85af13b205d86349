import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { QueryState } from '../../components/query-state';
import { formatDateTime, formatNumber } from '../../lib/format';
import { CallLink } from '../calls/call-link';
import { useSession } from '../auth/session';
import { useOrgTimeZone } from '../settings/api/get-settings';
import { useCalibrationReport, useCalibrations } from './api/get-calibrations';
import { useEvaluations } from './api/get-evaluations';
import { useForms } from './api/get-forms';

/** QA home: forms, the disputes queue and calibration reports. */
export function QaPage() {
  const { t } = useTranslation();
  const user = useSession();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t('qa.title')}</h1>
          <p className="muted">{t('qa.subtitle')}</p>
        </div>
        <div className="actions">
          <Link className="btn primary" to="/qa/evaluate">
            {t('qa.scoreACall')}
          </Link>
          {user.role === 'admin' && (
            <Link className="btn" to="/qa/forms/new">
              {t('qa.newForm')}
            </Link>
          )}
        </div>
      </header>
      <div className="chart-grid">
        <FormsList />
        <DisputesQueue />
      </div>
      <CalibrationSection />
    </div>
  );
}

function FormsList() {
  const { t, i18n } = useTranslation();
  const forms = useForms();
  return (
    <section className="card" aria-labelledby="qa-forms">
      <h2 id="qa-forms">{t('qa.forms')}</h2>
      <QueryState query={forms} empty={(d) => d.length === 0}>
        {(list) => (
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('qa.form')}</th>
                <th scope="col" className="num">{t('qa.version')}</th>
                <th scope="col" className="num">{t('qa.items')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {list.map((f) => (
                <tr key={f.id}>
                  <td>
                    <Link to={`/qa/forms/${f.id}`}>{f.name}</Link>
                  </td>
                  <td className="num">{f.currentVersion.version}</td>
                  <td className="num">{formatNumber(f.currentVersion.sections.reduce((n, s) => n + s.items.length, 0), i18n.language)}</td>
                  <td>
                    <Link to={`/qa/evaluate?form=${f.id}`}>{t('qa.use')}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}

function DisputesQueue() {
  const { t, i18n } = useTranslation();
  const disputes = useEvaluations({ status: 'disputed', limit: 100 });
  const tz = useOrgTimeZone();
  return (
    <section className="card" aria-labelledby="qa-disputes">
      <h2 id="qa-disputes">
        {t('qa.disputes')} {disputes.data && <span className="count-badge">{disputes.data.total}</span>}
      </h2>
      <QueryState query={disputes} empty={(d) => d.items.length === 0} emptyText={t('qa.noDisputes')}>
        {(d) => (
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('team.agent')}</th>
                <th scope="col">{t('qa.call')}</th>
                <th scope="col" className="num">{t('qa.score')}</th>
                <th scope="col">{t('qa.disputeReason')}</th>
                <th scope="col">{t('qa.disputedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {d.items.map((ev) => (
                <tr key={ev.id}>
                  <td>
                    <Link to={`/evaluations/${ev.id}`}>{ev.agent.name}</Link>
                  </td>
                  <td>{ev.callExternalId ? <CallLink externalId={ev.callExternalId} /> : '–'}</td>
                  <td className="num">{formatNumber(ev.score, i18n.language, 1)}</td>
                  <td>{ev.disputeReason}</td>
                  <td>{formatDateTime(ev.disputedAt ?? null, i18n.language, tz)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}

function CalibrationSection() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const calibrations = useCalibrations();
  const [selected, setSelected] = useState<number | undefined>();
  const report = useCalibrationReport(selected);
  return (
    <section className="card" aria-labelledby="qa-calibration">
      <h2 id="qa-calibration">{t('qa.calibration')}</h2>
      <QueryState query={calibrations} empty={(d) => d.length === 0} emptyText={t('qa.noCalibrations')}>
        {(list) => (
          <label className="field-inline">
            <span>{t('qa.calibrationSession')}</span>
            <select value={selected ?? ''} onChange={(e) => setSelected(Number(e.target.value) || undefined)}>
              <option value="">{t('qa.choose')}</option>
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  #{c.id} · {t('qa.call')} {c.call.externalId} · {c.agent.name} · {t(`qa.calibrationStatus.${c.status}`)}
                </option>
              ))}
            </select>
          </label>
        )}
      </QueryState>
      {selected !== undefined && (
        <QueryState query={report}>
          {(r) => (
            <>
              <p>
                {t('qa.call')} <CallLink externalId={r.calibration.call.externalId} /> · {t('qa.meanScore')}: <strong>{formatNumber(r.meanScore, lng, 1)}</strong>
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
            </>
          )}
        </QueryState>
      )}
    </section>
  );
}
