import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { QueryState } from '../../components/query-state';
import { formatDateTime, formatNumber } from '../../lib/format';
import { CallLink } from '../../components/call-link';
import { useSession } from '../../lib/session';
import { useOrgTimeZone } from '../settings/api/get-settings';
import { CalibrationSection } from './calibration-section';
import { SamplesSection } from './samples-section';
import { WorkQueue } from './work-queue';
import { useEvaluations } from './api/get-evaluations';
import { useForms } from './api/get-forms';

/** QA home: disputes first, then the work queue (evaluations and drafts), samples, calibration sessions and forms. */
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
      <DisputesQueue />
      <WorkQueue />
      <SamplesSection />
      <CalibrationSection />
      <FormsList />
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
                <th scope="col">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
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
                  <td>
                    {ev.disputeReason}
                    {ev.disputeItems.length > 0 && <span className="tag warn">{t('qa.itemsDisputed', { count: ev.disputeItems.length })}</span>}
                  </td>
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
