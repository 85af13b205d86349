import { useState, type FormEvent } from 'react';
import { useUnsavedGuard } from '../../lib/use-unsaved-guard';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { ApiKeysSection } from './automation/api-keys-section';
import { SchedulesSection } from './automation/schedules-section';
import { DEFAULT_CHANNEL_TARGETS, DEFAULT_SERVICE_LEVEL_SECONDS } from '../../../../server/modules/kpi/domain/kpi-targets';
import { channels, type Channel } from '../../../../server/modules/org/settings.types';
import { defaultTarget, kpiDefinitions, type MetricKey } from '../../lib/metrics';
import { useTeams } from '../org/api/get-teams';
import { useSettings } from './api/get-settings';
import type { Settings, TargetSetting } from './api/settings-types';
import { useUpdateSettings } from './api/update-settings';
import { ComplaintDeadlinesFields, fromDeadlineDrafts, toDeadlineDrafts } from './complaint-deadlines-fields';

const TARGET_METRICS: MetricKey[] = ['fcr', 'csat_avg', 'csat_pct', 'qa_score', 'service_level', 'asa', 'abandon_rate', 'escalation_rate', 'nps'];
const TIMEZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/New_York', 'UTC'];

/** Proportions are edited as percentages; the API stores fractions. */
const isPct = (k: MetricKey) => kpiDefinitions[k].unit === 'ratio';
const toShown = (k: MetricKey, v: number | null | undefined) => (v === undefined || v === null ? '' : String(isPct(k) ? Math.round(v * 10000) / 100 : v));
const fromShown = (k: MetricKey, s: string) => (s.trim() === '' ? undefined : isPct(k) ? Number(s) / 100 : Number(s));


interface DraftTarget {
  target: string;
  tolerance: string;
}
type Drafts = Record<string, Record<string, DraftTarget>>;

/** A channel's key among the drafts ('org', team ids, 'channel:email'…). */
const CHANNEL_PREFIX = 'channel:';
const channelOf = (scope: string): Channel | null => (scope.startsWith(CHANNEL_PREFIX) ? (scope.slice(CHANNEL_PREFIX.length) as Channel) : null);

/** Targets as the text in the fields: 'org', one entry per team id and one per channel. */
function toDrafts(targets: Settings['targets']): Drafts {
  const rows = (bucket: Record<string, TargetSetting>) =>
    Object.fromEntries(TARGET_METRICS.filter((k) => bucket[k]).map((k) => [k, { target: toShown(k, bucket[k].target), tolerance: toShown(k, bucket[k].tolerance) }]));
  return {
    org: rows(targets.org),
    ...Object.fromEntries(Object.entries(targets.teams).map(([id, b]) => [id, rows(b)])),
    ...Object.fromEntries(Object.entries(targets.channels ?? {}).map(([c, b]) => [CHANNEL_PREFIX + c, rows(b ?? {})])),
  };
}

/** Back to the API's shape: an empty target removes the override; metrics not edited here are kept. */
export function fromDrafts(saved: Settings['targets'], drafts: Drafts): Settings['targets'] {
  const bucket = (base: Record<string, TargetSetting>, rows: Record<string, DraftTarget> = {}) => {
    const out: Record<string, TargetSetting> = Object.fromEntries(Object.entries(base).filter(([k]) => !(TARGET_METRICS as string[]).includes(k)));
    for (const k of TARGET_METRICS) {
      const row = rows[k] ?? (base[k] ? { target: toShown(k, base[k].target), tolerance: toShown(k, base[k].tolerance) } : undefined);
      const target = row ? fromShown(k, row.target) : undefined;
      if (target === undefined || Number.isNaN(target)) continue;
      const tolerance = fromShown(k, row!.tolerance);
      out[k] = tolerance === undefined || Number.isNaN(tolerance) ? { target } : { target, tolerance };
    }
    return out;
  };
  const teamIds = new Set([...Object.keys(saved.teams), ...Object.keys(drafts).filter((k) => k !== 'org' && channelOf(k) === null)]);
  const teams = Object.fromEntries([...teamIds].map((id) => [id, bucket(saved.teams[id] ?? {}, drafts[id])]).filter(([, b]) => Object.keys(b as object).length > 0));
  const savedChannels = saved.channels ?? {};
  const channelTargets = Object.fromEntries(
    channels.map((c) => [c, bucket(savedChannels[c] ?? {}, drafts[CHANNEL_PREFIX + c])]).filter(([, b]) => Object.keys(b as object).length > 0),
  );
  return { org: bucket(saved.org, drafts.org), teams, channels: channelTargets };
}

export function SettingsPage() {
  const settings = useSettings();
  // The mutation lives here: the form below is re-created from the saved settings.
  const update = useUpdateSettings();
  return (
    <>
      <QueryState query={settings}>{(s) => <SettingsForm key={s.updatedAt ?? ''} settings={s} update={update} />}</QueryState>
      <div className="page">
        <SchedulesSection />
        <ApiKeysSection />
      </div>
    </>
  );
}

function SettingsForm({ settings, update }: { settings: Settings; update: ReturnType<typeof useUpdateSettings> }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const [timezone, setTimezone] = useState(settings.timezone);
  const [sl, setSl] = useState(settings.serviceLevelSeconds);
  const [fcrMethod, setFcrMethod] = useState(settings.fcrMethod);
  const [fcrWindow, setFcrWindow] = useState(settings.fcrWindowDays);
  const [drafts, setDrafts] = useState(() => toDrafts(settings.targets));
  const [slByChannel, setSlByChannel] = useState<Partial<Record<Channel, number>>>(settings.serviceLevelByChannel ?? {});
  const [scope, setScope] = useState<'org' | string>('org');
  const [deadlines, setDeadlines] = useState(() => toDeadlineDrafts(settings.complaintDeadlines));
  const orgTarget = (k: MetricKey) => fromShown(k, drafts.org?.[k]?.target ?? '');
  const channel = channelOf(scope);
  /** What applies when the field is left empty: for a channel its default (docs/kpi.md "Targets and status"), else the org's, else the registry default. */
  const fallback = (k: MetricKey) => (channel !== null ? DEFAULT_CHANNEL_TARGETS[channel]?.[k] : undefined) ?? orgTarget(k) ?? defaultTarget(k).target;

  const field = (k: MetricKey, f: keyof DraftTarget) => drafts[scope]?.[k]?.[f] ?? '';
  const setField = (k: MetricKey, f: keyof DraftTarget, raw: string) =>
    setDrafts((d) => {
      const row: DraftTarget = Object.assign({ target: '', tolerance: '' }, d[scope]?.[k], { [f]: raw });
      return { ...d, [scope]: { ...d[scope], [k]: row } };
    });

  const complaintDeadlines = fromDeadlineDrafts(settings.complaintDeadlines, deadlines);
  const current = {
    timezone,
    serviceLevelSeconds: sl,
    serviceLevelByChannel: slByChannel,
    fcrMethod,
    fcrWindowDays: fcrWindow,
    targets: fromDrafts(settings.targets, drafts),
    // Undefined while the deadlines are as saved.
    ...(complaintDeadlines ? { complaintDeadlines } : {}),
  };
  // What the form held when it was built from the saved settings, read the same way.
  const [saved] = useState(() => stableJson({ ...current, targets: fromDrafts(settings.targets, toDrafts(settings.targets)) }));
  const dirty = !update.isPending && stableJson(current) !== saved;
  useUnsavedGuard(dirty, t('settings.unsavedLeave'));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(current);
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
      {update.isSuccess && !dirty && <p className="success-text">✓ {t('common.saved')}</p>}
      {dirty && (
        <p className="notice" data-testid="unsaved">
          {t('settings.unsaved')}
        </p>
      )}
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
              <optgroup label={t('settings.channels')}>
                {channels.map((c) => (
                  <option key={c} value={CHANNEL_PREFIX + c}>
                    {t(`settings.channel.${c}`)}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('settings.teams')}>
                {teams.data?.map((tm) => (
                  <option key={tm.id} value={String(tm.id)}>
                    {tm.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
        </header>
        {channel !== null && (
          <label className="field-inline">
            <span>{t('settings.slSecondsChannel', { channel: t(`settings.channel.${channel}`) })}</span>
            <input
              type="number"
              min={0}
              max={604800}
              value={slByChannel[channel] ?? ''}
              placeholder={String(DEFAULT_SERVICE_LEVEL_SECONDS[channel] ?? sl)}
              onChange={(e) =>
                setSlByChannel((m) => {
                  const next = { ...m };
                  if (e.target.value.trim() === '') delete next[channel];
                  else next[channel] = Number(e.target.value);
                  return next;
                })
              }
            />
          </label>
        )}
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">{t('common.metric')}</th>
              <th scope="col">{t('kpi.target')}</th>
              <th scope="col">{t('settings.tolerance')}</th>
              {scope !== 'org' && <th scope="col">{channel !== null ? t('settings.channelDefault') : t('settings.orgTarget')}</th>}
            </tr>
          </thead>
          <tbody>
            {TARGET_METRICS.map((k) => (
              <tr key={k}>
                <th scope="row">
                  {t(`metrics.${k}.label`)} <span className="muted small">{isPct(k) ? '%' : kpiDefinitions[k].unit === 'seconds' ? 's' : ''}</span>
                </th>
                <td>
                  <input aria-label={`${t(`metrics.${k}.label`)} ${t('kpi.target')}`} type="number" step="any" value={field(k, 'target')} onChange={(e) => setField(k, 'target', e.target.value)} placeholder={toShown(k, scope === 'org' ? defaultTarget(k).target : fallback(k))} />
                </td>
                <td>
                  <input aria-label={`${t(`metrics.${k}.label`)} ${t('settings.tolerance')}`} type="number" step="any" value={field(k, 'tolerance')} onChange={(e) => setField(k, 'tolerance', e.target.value)} placeholder={toShown(k, defaultTarget(k).tolerance)} />
                </td>
                {scope !== 'org' && <td className="muted">{toShown(k, fallback(k))}</td>}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">{t('settings.defaultsNote')}</p>
        <p className="muted small">{t('settings.ahtNote')}</p>
      </section>
      <ComplaintDeadlinesFields drafts={deadlines} onChange={setDeadlines} />
    </form>
  );
}

/** JSON with object keys sorted, so two equal settings compare equal whatever order their keys were built in. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
}
