import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../../org/api/get-teams';
import type { ApiKeyInput } from './api/automation-types';
import { useCreateApiKey } from './api/create-api-key';
import { useApiKeys } from './api/get-api-keys';
import { useRevokeApiKey } from './api/revoke-api-key';

/** Settings → API keys for machines: created here, the key shown once, revoked here. */
export function ApiKeysSection() {
  const { t, i18n } = useTranslation();
  const keys = useApiKeys();
  const teams = useTeams();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiKeyInput['scope']>('ingest');
  const [teamId, setTeamId] = useState('');
  const [expires, setExpires] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const date = (v: string | null) => (v ? new Date(v).toLocaleString(i18n.language) : '—');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, scope, teamIds: teamId ? [Number(teamId)] : null, expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null },
      { onSuccess: (k) => (setShown(k.key), setName('')) },
    );
  };

  return (
    <section className="card" aria-labelledby="api-keys-title">
      <header className="card-header">
        <h2 id="api-keys-title">{t('apiKeys.title')}</h2>
      </header>
      <p className="muted small">{t('apiKeys.note')}</p>
      {shown && (
        <div role="status" className="success-text">
          <p>{t('apiKeys.shownOnce')}</p>
          <code className="secret">{shown}</code>{' '}
          <button type="button" className="btn small" onClick={() => setShown(null)}>{t('apiKeys.done')}</button>
        </div>
      )}
      {keys.data && keys.data.length > 0 && (
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">{t('apiKeys.name')}</th>
              <th scope="col">{t('apiKeys.scope')}</th>
              <th scope="col">{t('apiKeys.teams')}</th>
              <th scope="col">{t('apiKeys.expires')}</th>
              <th scope="col">{t('apiKeys.lastUsed')}</th>
              <th scope="col">
                <span className="sr-only">{t('schedules.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id} className={k.revokedAt ? 'muted' : undefined}>
                <td>
                  {k.name} <span className="muted small">{k.hint}…</span>
                </td>
                <td>{t(`apiKeys.scopes.${k.scope}`)}</td>
                <td>{k.teamIds?.map((id) => teams.data?.find((tm) => tm.id === id)?.name ?? id).join(', ') || t('apiKeys.allTeams')}</td>
                <td>{date(k.expiresAt)}</td>
                <td>{date(k.lastUsedAt)}</td>
                <td>
                  {k.revokedAt ? (
                    t('apiKeys.revoked')
                  ) : (
                    <button type="button" className="btn small" disabled={revoke.isPending} onClick={() => window.confirm(t('apiKeys.confirmRevoke', { name: k.name })) && revoke.mutate(k.id)}>
                      {t('apiKeys.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="settings-grid" onSubmit={submit} aria-labelledby="new-api-key">
        <h3 id="new-api-key">{t('apiKeys.add')}</h3>
        <label>
          {t('apiKeys.name')}
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <label>
          {t('apiKeys.scope')}
          <select value={scope} onChange={(e) => setScope(e.target.value as ApiKeyInput['scope'])}>
            <option value="ingest">{t('apiKeys.scopes.ingest')}</option>
            <option value="read">{t('apiKeys.scopes.read')}</option>
          </select>
        </label>
        <label>
          {t('apiKeys.teams')}
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">{t('apiKeys.allTeams')}</option>
            {teams.data?.map((tm) => (
              <option key={tm.id} value={tm.id}>{tm.name}</option>
            ))}
          </select>
        </label>
        <label>
          {t('apiKeys.expires')}
          <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" className="btn primary" disabled={create.isPending}>{t('apiKeys.create')}</button>
        </div>
        {(create.isError || revoke.isError) && <p role="alert" className="error-text">{(create.error ?? revoke.error)?.message}</p>}
      </form>
    </section>
  );
}
