import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { defaultTarget, METRICS, type MetricKey } from '../../lib/metrics';
import { useTeams } from '../org/api/get-teams';
import { useSettings } from './api/get-settings';
import type { Settings, TargetSetting } from './api/settings-keys';
import { useUpdateSettings } from './api/update-settings';

const TARGET_METRICS: MetricKey[] = ['fcr', 'csat_avg', 'csat_pct', 'qa_score', 'service_level', 'asa', 'abandon_rate', 'escalation_rate', 'nps'];
const TIMEZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/New_York', 'UTC'];

/** Proportions are edited as percentages; the API stores fractions. */
const isPct = (k: MetricKey) => METRICS[k].unit === 'proportion';
const toShown = (k: MetricKey, v: number | null | undefined) => (v === undefined || v === null ? '' : String(isPct(k) ? Math.round(v * 10000) / 100 : v));
const fromShown = (k: MetricKey, s: string) => (s.trim() === '' ? undefined : isPct(k) ? Number(s) / 100 : Number(s));

export function SettingsPage() {
  const settings = useSettings();
  return <QueryState query={settings}>{(s) => <SettingsForm key={s.updatedAt ?? ''} settings={s} />}</QueryState>;
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const update = useUpdateSettings();
  const teams = useTeams();
  const [timezone, setTimezone] = useState(settings.timezone);
  const [sl, setSl] = useState(settings.serviceLevelSeconds);
  const [fcrMethod, setFcrMethod] = useState(settings.fcrMethod);
  const [fcrWindow, setFcrWindow] = useState(settings.fcrWindowDays);
  const [targets, setTargets] = useState(settings.targets);
  const [scope, setScope] = useState<'org' | string>('org');

  const current: Record<string, TargetSetting> = scope === 'org' ? targets.org : (targets.teams[scope] ?? {});
  const setTarget = (k: MetricKey, field: 'target' | 'tolerance', raw: string) =>
    setTargets((tg) => {
      const copy = structuredClone(tg);
      const bucket = scope === 'org' ? copy.org : (copy.teams[scope] ??= {});
      const value = fromShown(k, raw);
      const entry = { ...(bucket[k] ?? { target: 0 }) };
      if (field === 'target') {
        if (value === undefined) {
          delete bucket[k];
          return copy;
        }
        entry.target = value;
      } else if (value === undefined) delete entry.tolerance;
      else entry.tolerance = value;
      bucket[k] = entry;
      return copy;
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ timezone, serviceLevelSeconds: sl, fcrMethod, fcrWindowDays: fcrWindow, targets });
  };

  return (
    <form className="page" onSubmit={submit}>
      <header className="page-header">
        <div>
          <h1>{t('settings.title')}</h1>
          <p className="muted">{t('settings.subtitle')}</p>
        </div>
        <div className="actions">
          <button type="submit" className="btn primary" disabled={update.isPending}>
            {update.isPending ? t('settings.saving') : t('common.save')}
          </button>
        </div>
      </header>
      {update.isError && (
        <p role="alert" className="error-text">
          {update.error.message}
        </p>
      )}
      {update.isSuccess && <p className="success-text">✓ {t('common.saved')}</p>}
      <section className="card settings-grid">
        <label>
          {t('settings.timezone')}
          <select value={timezone} onChange={(e) => setTimezone(e.target.value)}>
            {[...new Set([settings.timezone, ...TIMEZONES])].map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('settings.slSeconds')}
          <input type="number" min={1} max={86400} value={sl} onChange={(e) => setSl(Number(e.target.value))} />
        </label>
        <label>
          {t('settings.fcrMethod')}
          <select value={fcrMethod} onChange={(e) => setFcrMethod(e.target.value as 'flag' | 'repeat')}>
            <option value="flag">{t('settings.fcrFlag')}</option>
            <option value="repeat">{t('settings.fcrRepeat')}</option>
          </select>
        </label>
        <label>
          {t('settings.fcrWindow')}
          <input type="number" min={1} max={90} value={fcrWindow} onChange={(e) => setFcrWindow(Number(e.target.value))} />
        </label>
      </section>
      <section className="card" aria-labelledby="targets-title">
        <header className="card-header">
          <h2 id="targets-title">{t('settings.targets')}</h2>
          <label className="field-inline">
            <span>{t('settings.scope')}</span>
            <select value={scope} onChange={(e) => setScope(e.target.value)}>
              <option value="org">{t('settings.orgWide')}</option>
              {teams.data?.map((tm) => (
                <option key={tm.id} value={String(tm.id)}>
                  {tm.name}
                </option>
              ))}
            </select>
          </label>
        </header>
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">{t('common.metric')}</th>
              <th scope="col">{t('kpi.target')}</th>
              <th scope="col">{t('settings.tolerance')}</th>
              {scope !== 'org' && <th scope="col">{t('settings.orgTarget')}</th>}
            </tr>
          </thead>
          <tbody>
            {TARGET_METRICS.map((k) => (
              <tr key={k}>
                <th scope="row">
                  {t(`metrics.${k}.label`)} <span className="muted small">{isPct(k) ? '%' : METRICS[k].unit === 'seconds' ? 's' : ''}</span>
                </th>
                <td>
                  <input aria-label={`${t(`metrics.${k}.label`)} ${t('kpi.target')}`} type="number" step="any" value={toShown(k, current[k]?.target)} onChange={(e) => setTarget(k, 'target', e.target.value)} placeholder={toShown(k, scope === 'org' ? defaultTarget(k).target : (targets.org[k]?.target ?? defaultTarget(k).target))} />
                </td>
                <td>
                  <input aria-label={`${t(`metrics.${k}.label`)} ${t('settings.tolerance')}`} type="number" step="any" value={toShown(k, current[k]?.tolerance)} onChange={(e) => setTarget(k, 'tolerance', e.target.value)} disabled={current[k] === undefined} placeholder={toShown(k, defaultTarget(k).tolerance)} />
                </td>
                {scope !== 'org' && <td className="muted">{toShown(k, targets.org[k]?.target ?? defaultTarget(k).target)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">{t('settings.defaultsNote')}</p>
        <p className="muted small">{t('settings.ahtNote')}</p>
      </section>
    </form>
  );
}
