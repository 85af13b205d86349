import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgents } from '../../org/api/get-agents';
import { useTeams } from '../../org/api/get-teams';
import type { Schedule, ScheduleInput } from './api/automation-types';
import { useCreateSchedule } from './api/create-schedule';
import { useDeleteSchedule } from './api/delete-schedule';
import { useDeliveries } from './api/get-deliveries';
import { useSchedules } from './api/get-schedules';
import { useRunSchedule } from './api/run-schedule';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/** Settings → scheduled deliveries: the schedules, "send now", and each one's delivery log. */
export function SchedulesSection() {
  const { t } = useTranslation();
  const schedules = useSchedules();
  const teams = useTeams();
  const agents = useAgents();
  const run = useRunSchedule();
  const remove = useDeleteSchedule();
  const [open, setOpen] = useState<number | null>(null);
  const teamName = (id: number | null) => teams.data?.find((tm) => tm.id === id)?.name ?? '';
  const agentName = (id: number | null) => agents.data?.find((a) => a.id === id)?.name ?? '';
  const when = (s: Schedule) =>
    `${s.dayOfMonth ? t('schedules.onDay', { day: s.dayOfMonth }) : t('schedules.onWeekday', { day: t(`schedules.weekdays.${s.dayOfWeek}`) })} ${s.time} (${s.timezone})`;

  return (
    <section className="card" aria-labelledby="schedules-title">
      <header className="card-header">
        <h2 id="schedules-title">{t('schedules.title')}</h2>
      </header>
      <p className="muted small">{t('schedules.note')}</p>
      {schedules.isError && <p role="alert" className="error-text">{schedules.error.message}</p>}
      {schedules.data && schedules.data.length === 0 && <p className="muted">{t('schedules.none')}</p>}
      {schedules.data && schedules.data.length > 0 && (
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">{t('schedules.kind')}</th>
              <th scope="col">{t('schedules.for')}</th>
              <th scope="col">{t('schedules.recipients')}</th>
              <th scope="col">{t('schedules.when')}</th>
              <th scope="col">{t('schedules.last')}</th>
              <th scope="col">
                <span className="sr-only">{t('schedules.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {schedules.data.map((s) => (
              <tr key={s.id}>
                <td>{t(`schedules.kinds.${s.kind}`)}</td>
                <td>{s.kind === 'scorecard' ? agentName(s.agentId) : s.teamId ? teamName(s.teamId) : t('schedules.allTeams')}</td>
                <td>{s.recipients.join(', ')}</td>
                <td>{when(s)}</td>
                <td>{s.lastDelivery ? t(`schedules.status.${s.lastDelivery.status}`) : '—'}</td>
                <td className="actions">
                  <button type="button" className="btn small" disabled={run.isPending} onClick={() => run.mutate(s.id, { onSuccess: () => setOpen(s.id) })}>
                    {t('schedules.sendNow')}
                  </button>
                  <button type="button" className="btn small" aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? null : s.id)}>
                    {t('schedules.log')}
                  </button>
                  <button type="button" className="btn small" disabled={remove.isPending} onClick={() => window.confirm(t('schedules.confirmDelete')) && remove.mutate(s.id)}>
                    {t('schedules.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {run.isError && <p role="alert" className="error-text">{run.error.message}</p>}
      {open !== null && <DeliveryLog scheduleId={open} />}
      <NewScheduleForm />
    </section>
  );
}

function DeliveryLog({ scheduleId }: { scheduleId: number }) {
  const { t, i18n } = useTranslation();
  const deliveries = useDeliveries(scheduleId);
  return (
    <div aria-live="polite">
      <h3>{t('schedules.logTitle')}</h3>
      {deliveries.data?.length === 0 && <p className="muted">{t('schedules.noDeliveries')}</p>}
      {deliveries.data && deliveries.data.length > 0 && (
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">{t('schedules.at')}</th>
              <th scope="col">{t('schedules.period')}</th>
              <th scope="col">{t('schedules.statusLabel')}</th>
              <th scope="col">{t('schedules.recipients')}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.map((d) => (
              <tr key={d.id}>
                <td>{new Date(d.at).toLocaleString(i18n.language)}</td>
                <td>{d.period}</td>
                <td>
                  {t(`schedules.status.${d.status}`)}
                  {d.attempts > 1 && <span className="muted small"> · {t('schedules.attempts', { count: d.attempts })}</span>}
                </td>
                <td>
                  <ul className="plain-list">
                    {d.recipients.map((r) => (
                      <li key={r.email}>
                        {r.email}: {t(`schedules.recipientStatus.${r.status}`)}
                        {r.detail && <span className="muted small"> — {r.detail}</span>}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function NewScheduleForm() {
  const { t } = useTranslation();
  const teams = useTeams();
  const agents = useAgents();
  const create = useCreateSchedule();
  const [kind, setKind] = useState<ScheduleInput['kind']>('monthly');
  const [teamId, setTeamId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [recipients, setRecipients] = useState('');
  const [language, setLanguage] = useState<ScheduleInput['language']>('en');
  const [day, setDay] = useState(1);
  const [cadence, setCadence] = useState<'month' | 'week'>('month');
  const [time, setTime] = useState('07:00');
  const weekly = kind === 'weekly' || (kind === 'scorecard' && cadence === 'week');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        kind,
        teamId: kind === 'scorecard' || !teamId ? null : Number(teamId),
        agentId: kind === 'scorecard' && agentId ? Number(agentId) : null,
        recipients: recipients.split(/[\s,;]+/).filter(Boolean),
        language,
        dayOfMonth: weekly ? null : day,
        dayOfWeek: weekly ? day : null,
        time,
      },
      { onSuccess: () => setRecipients('') },
    );
  };

  return (
    <form className="settings-grid" onSubmit={submit} aria-labelledby="new-schedule">
      <h3 id="new-schedule">{t('schedules.add')}</h3>
      <label>
        {t('schedules.kind')}
        <select value={kind} onChange={(e) => { const k = e.target.value as ScheduleInput['kind']; setKind(k); setDay(1); if (k !== 'scorecard') setCadence(k === 'weekly' ? 'week' : 'month'); }}>
          {(['monthly', 'weekly', 'scorecard'] as const).map((k) => (
            <option key={k} value={k}>{t(`schedules.kinds.${k}`)}</option>
          ))}
        </select>
      </label>
      {kind !== 'scorecard' ? (
        <label>
          {t('schedules.team')}
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)} required={kind === 'weekly'}>
            {kind === 'monthly' && <option value="">{t('schedules.allTeams')}</option>}
            {kind === 'weekly' && <option value="">—</option>}
            {teams.data?.map((tm) => (
              <option key={tm.id} value={tm.id}>{tm.name}</option>
            ))}
          </select>
        </label>
      ) : (
        <>
          <label>
            {t('schedules.agent')}
            <select value={agentId} onChange={(e) => setAgentId(e.target.value)} required>
              <option value="">—</option>
              {agents.data?.map((a) => (
                <option key={a.id} value={a.id}>{a.name} ({a.code})</option>
              ))}
            </select>
          </label>
          <label>
            {t('schedules.cadence')}
            <select value={cadence} onChange={(e) => { setCadence(e.target.value as 'month' | 'week'); setDay(1); }}>
              <option value="month">{t('schedules.monthly')}</option>
              <option value="week">{t('schedules.weekly')}</option>
            </select>
          </label>
        </>
      )}
      <label>
        {weekly ? t('schedules.dayOfWeek') : t('schedules.dayOfMonth')}
        {weekly ? (
          <select value={day} onChange={(e) => setDay(Number(e.target.value))}>
            {WEEKDAYS.map((d) => (
              <option key={d} value={d}>{t(`schedules.weekdays.${d}`)}</option>
            ))}
          </select>
        ) : (
          <input type="number" min={1} max={28} value={day} onChange={(e) => setDay(Number(e.target.value))} />
        )}
      </label>
      <label>
        {t('schedules.time')}
        <input type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
      </label>
      <label>
        {t('schedules.language')}
        <select value={language} onChange={(e) => setLanguage(e.target.value as ScheduleInput['language'])}>
          <option value="en">English</option>
          <option value="zh-cn">简体中文</option>
        </select>
      </label>
      <label className="wide">
        {t('schedules.recipients')}
        <input type="text" value={recipients} onChange={(e) => setRecipients(e.target.value)} placeholder="hr@example.com, lead@example.com" required />
        <span className="muted small">{t('schedules.recipientsNote')}</span>
      </label>
      <div className="actions">
        <button type="submit" className="btn primary" disabled={create.isPending}>{t('schedules.create')}</button>
      </div>
      {create.isError && <p role="alert" className="error-text">{create.error.message}</p>}
    </form>
  );
}
