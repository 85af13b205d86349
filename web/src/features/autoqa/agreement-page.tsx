import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FilterBar } from '../../components/filter-bar';
import { QueryState } from '../../components/query-state';
import { formatNumber, formatPercent } from '../../lib/format';
import { useFilters } from '../../lib/use-filters';
import { useAgreement } from './api/get-agreement';
import type { AgreementRow } from './api/autoqa-types';
import { TRUST_MIN_KAPPA, TRUST_MIN_N, trustVerdict } from './trust';

/** How far each rule agrees with the people who scored the same calls; the ones not to trust yet first. */
export function AgreementPage() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const f = useFilters();
  const agreement = useAgreement({ from: f.from, to: f.to, ...(f.teamId ? { teamId: f.teamId } : {}) });
  const label = (rule: string) => t(`autoqa.rules.${rule}`, { defaultValue: rule });
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{t('autoqa.agreementTitle')}</h1>
          <p className="muted">{t('autoqa.agreementSubtitle', { n: TRUST_MIN_N, kappa: formatNumber(TRUST_MIN_KAPPA, lng, 1) })}</p>
        </div>
        <div className="actions">
          <Link className="btn" to="/autoqa/rules">
            {t('nav.autoqaRules')}
          </Link>
        </div>
      </header>
      <FilterBar pickers={['team']} granularity={false} />
      <QueryState query={agreement} empty={(d) => d.length === 0} emptyText={t('autoqa.noAgreement')}>
        {(rows) => {
          const untrusted = rows.filter((r) => trustVerdict(r) !== 'trust');
          return (
            <>
              <section className="card" aria-labelledby="untrusted-title" data-testid="untrusted-rules">
                <h2 id="untrusted-title">
                  {t('autoqa.doNotTrustYet')} <span className="count-badge">{untrusted.length}</span>
                </h2>
                {untrusted.length === 0 ? (
                  <p className="success-text">{t('autoqa.allTrusted')}</p>
                ) : (
                  <ul className="plain-list">
                    {untrusted.map((r) => (
                      <li key={r.rule}>
                        <strong>{label(r.rule)}</strong> — {t(`autoqa.verdicts.${trustVerdict(r)}`, { n: r.n, min: TRUST_MIN_N, kappa: formatNumber(r.kappa, lng, 2), minKappa: formatNumber(TRUST_MIN_KAPPA, lng, 1) })}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section className="card" aria-labelledby="agreement-table-title">
                <h2 id="agreement-table-title">{t('autoqa.perRule')}</h2>
                <AgreementTable rows={rows} />
              </section>
            </>
          );
        }}
      </QueryState>
    </div>
  );
}

function AgreementTable({ rows }: { rows: AgreementRow[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <table className="data-table agreement-table">
      <thead>
        <tr>
          <th scope="col">{t('autoqa.rule')}</th>
          <th scope="col" className="num">{t('autoqa.n')}</th>
          <th scope="col" className="num">{t('autoqa.agreement')}</th>
          <th scope="col" className="num">{t('autoqa.kappa')}</th>
          <th scope="col">{t('autoqa.trust')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const verdict = trustVerdict(r);
          return (
            <tr key={r.rule} className={verdict === 'trust' ? undefined : 'untrusted'} data-rule={r.rule}>
              <th scope="row">{t(`autoqa.rules.${r.rule}`, { defaultValue: r.rule })}</th>
              <td className="num">{formatNumber(r.n, lng)}</td>
              <td className="num">{formatPercent(r.agreement, lng)}</td>
              <td className="num">{formatNumber(r.kappa, lng, 2)}</td>
              <td>
                <span className={`tag ${verdict === 'trust' ? 'trusted' : 'danger'}`}>{t(`autoqa.trustTags.${verdict}`)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
