import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useNotifications } from './api/get-notifications';
import type { Notification } from './api/notification-types';
import { useMarkAllRead, useMarkRead } from './api/mark-read';
import { useNotificationSettings, useUpdateNotificationSettings } from './api/notification-settings';
import { useSession } from '../../lib/session';
import { useEvaluations } from '../qa/api/get-evaluations';
import { formatDateTime, formatNumber } from '../../lib/format';
import { useOrgTimeZone } from '../settings/api/get-settings';
import { inboxCount } from './inbox-count';

/**
 * The top bar's inbox: for an agent first the evaluations awaiting their acknowledgement, then
 * the notifications (new evaluations, resolved disputes, coaching notes); one badge counts both.
 */
export function Inbox() {
  const { t, i18n } = useTranslation();
  const inbox = useNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const settings = useNotificationSettings();
  const updateSettings = useUpdateNotificationSettings();
  const [open, setOpen] = useState(false);
  const user = useSession();
  const tz = useOrgTimeZone();
  const awaiting = useEvaluations({ status: 'submitted', limit: 50 }, user.role === 'agent');
  const awaitingItems = awaiting.data?.items ?? [];
  const unread = inbox.data?.unread ?? 0;
  const count = inboxCount(inbox.data?.items ?? [], awaitingItems.map((e) => e.id));
  // In the dashboard's language; a kind this dashboard does not know yet shows the server's words.
  const text = (n: Notification) => t(`inbox.kinds.${n.kind}`, { ...n.params, defaultValue: n.text });

  return (
    <div className="inbox">
      <button type="button" className="btn small" aria-expanded={open} aria-controls="inbox-panel" onClick={() => setOpen(!open)} aria-label={t('inbox.label', { count })}>
        {t('inbox.title')}
        {/* A space between word and count: the visible text ("Inbox 2") must read as part of the name ("Inbox, 2 unread"). */}
        {count > 0 && <> <span className="badge" data-testid="inbox-badge">{count}</span></>}
      </button>
      {open && (
        <div id="inbox-panel" className="inbox-panel card" role="region" aria-label={t('inbox.title')}>
          <div className="card-header">
            <h2>{t('inbox.title')}</h2>
            {unread > 0 && (
              <button type="button" className="btn small" onClick={() => markAll.mutate()}>
                {t('inbox.markAll')}
              </button>
            )}
          </div>
          {user.role === 'agent' && (
            <div className="inbox-section" data-testid="inbox-awaiting">
              <h3>{t('inbox.awaiting', { count: awaitingItems.length })}</h3>
              {awaitingItems.length === 0 ? (
                <p className="muted small">{t('inbox.awaitingNone')}</p>
              ) : (
                <ul className="plain-list">
                  {awaitingItems.map((ev) => (
                    <li key={ev.id} className="unread">
                      <Link to={`/evaluations/${ev.id}`} onClick={() => setOpen(false)}>
                        {t('inbox.awaitingItem', { date: formatDateTime(ev.submittedAt, i18n.language, tz), score: formatNumber(ev.score, i18n.language, 1) })}
                      </Link>
                      {ev.autoFail && <span className="tag danger">{t('qa.autoFail')}</span>}{' '}
                      <span className="muted small">{ev.callExternalId ? `${t('qa.call')} ${ev.callExternalId}` : t('qa.noCall')}</span>
                    </li>
                  ))}
                </ul>
              )}
              <h3>{t('inbox.updates')}</h3>
            </div>
          )}
          {inbox.data?.items.length === 0 && <p className="muted">{t('inbox.empty')}</p>}
          <ul className="plain-list">
            {inbox.data?.items.map((n) => (
              <li key={n.id} className={n.read ? 'muted' : 'unread'}>
                {n.link ? (
                  <Link to={n.link} onClick={() => (n.read ? undefined : markRead.mutate(n.id), setOpen(false))}>
                    {text(n)}
                  </Link>
                ) : (
                  <span>{text(n)}</span>
                )}{' '}
                <span className="muted small">{new Date(n.at).toLocaleString(i18n.language)}</span>
                {!n.read && (
                  <button type="button" className="btn small link" onClick={() => markRead.mutate(n.id)}>
                    {t('inbox.markRead')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <label className="field-inline">
            <input type="checkbox" checked={settings.data?.email ?? false} disabled={!settings.data || updateSettings.isPending} onChange={(e) => updateSettings.mutate({ email: e.target.checked })} />
            <span>{t('inbox.byEmail')}</span>
          </label>
        </div>
      )}
    </div>
  );
}
