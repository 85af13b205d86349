import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useNotifications } from './api/get-notifications';
import type { Notification } from './api/notification-keys';
import { useMarkAllRead, useMarkRead } from './api/mark-read';
import { useNotificationSettings, useUpdateNotificationSettings } from './api/notification-settings';

/** The top bar's inbox: a badge with the unread count, the list, and the e-mail preference. */
export function Inbox() {
  const { t, i18n } = useTranslation();
  const inbox = useNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const settings = useNotificationSettings();
  const updateSettings = useUpdateNotificationSettings();
  const [open, setOpen] = useState(false);
  const unread = inbox.data?.unread ?? 0;
  // In the dashboard's language; a kind this dashboard does not know yet shows the server's words.
  const text = (n: Notification) => t(`inbox.kinds.${n.kind}`, { ...n.params, defaultValue: n.text });

  return (
    <div className="inbox">
      <button type="button" className="btn small" aria-expanded={open} aria-controls="inbox-panel" onClick={() => setOpen(!open)} aria-label={t('inbox.label', { count: unread })}>
        {t('inbox.title')}
        {/* A space between word and count: the visible text ("Inbox 2") must read as part of the name ("Inbox, 2 unread"). */}
        {unread > 0 && <> <span className="badge">{unread}</span></>}
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
